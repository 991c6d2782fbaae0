"""ISO 2859-1 / ANSI/ASQ Z1.4 single-sampling tables, transcribed as data.

Sources: ISO 2859-1:1999 and ANSI/ASQ Z1.4-2008 (technically identical to MIL-STD-105E, 1989)
Table I (sample size code letters), Table II-A (single sampling, normal inspection), Table II-B
(tightened) and Table II-C (reduced). Each grid below is the printed master table: a cell holds
``Ac/Re`` or an arrow; ``↓`` means "use the first sampling plan below the arrow" and ``↑`` "the
first plan above", and the plan pointed to brings its own code letter and sample size.

Cross-checked cell by cell against two independent public transcriptions (the resolved
sample-size / Ac / Re matrices of the AQLSchemes R package by J. Lawson, and the MIL-STD-105E
level II extract published by the US National Institute of Building Sciences), which agree with
every resolved cell here. Four printed cells would point off the table and are given the
direction the standard's users resolve them to (see ``OFF_TABLE_CELLS``).

Table II-C is the ANSI/ASQ Z1.4 (= MIL-STD-105E) reduced table, with a gap between Ac and Re
(e.g. 1/4, 2/5): a lot with more than Ac but fewer than Re nonconforming is accepted, and normal
inspection is reinstated. ISO 2859-1:1999 replaced these reduced plans with gap-free ones; that
variant is not encoded here.
"""

from __future__ import annotations

#: Lot size ranges of Table I (inclusive upper bounds); the last range is open-ended.
LOT_SIZE_UPPER: tuple[int, ...] = (
    8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500000,
)  # fmt: skip

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

#: Table I: for each lot size range (rows, as ``LOT_SIZE_UPPER`` plus "500 001 and over"),
#: the code letter for each inspection level S-1, S-2, S-3, S-4, I, II, III.
TABLE_I: tuple[str, ...] = (
    "A A A A A A B",  # 2 to 8
    "A A A A A B C",  # 9 to 15
    "A A B B B C D",  # 16 to 25
    "A B B C C D E",  # 26 to 50
    "B B C C C E F",  # 51 to 90
    "B B C D D F G",  # 91 to 150
    "B C D E E G H",  # 151 to 280
    "B C D E F H J",  # 281 to 500
    "C C E F G J K",  # 501 to 1 200
    "C D E G H K L",  # 1 201 to 3 200
    "C D F G J L M",  # 3 201 to 10 000
    "C D F H K M N",  # 10 001 to 35 000
    "D E G J L N P",  # 35 001 to 150 000
    "D E G J M P Q",  # 150 001 to 500 000
    "D E H K N Q R",  # 500 001 and over
)

#: Sample size of each code letter for normal and tightened inspection (S: tightened only).
SAMPLE_SIZE: dict[str, int] = {
    "A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50, "J": 80, "K": 125,
    "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250, "R": 2000, "S": 3150,
}  # fmt: skip

#: Sample size of each code letter under reduced inspection (Table II-C).
REDUCED_SAMPLE_SIZE: dict[str, int] = {
    "A": 2, "B": 2, "C": 2, "D": 3, "E": 5, "F": 8, "G": 13, "H": 20, "J": 32, "K": 50,
    "L": 80, "M": 125, "N": 200, "P": 315, "Q": 500, "R": 800,
}  # fmt: skip

#: The AQL columns, in percent nonconforming up to 10 and nonconformities per 100 units above.
AQL_COLUMNS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250",
    "400", "650", "1000",
)  # fmt: skip

#: Table II-A, single sampling plans for normal inspection (master table).
TABLE_II_A = """
   0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
A  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31
B  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45
C  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑
D  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑     ↑
E  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑     ↑     ↑
F  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑
G  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑
H  ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
J  ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
K  ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
L  ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
M  ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
N  ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
P  ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
Q  0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
R  ↑     ↑     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
"""  # noqa: E501

#: Table II-B, tightened inspection. Row S (n = 3150) has a plan only under AQL 0.025.
TABLE_II_B = """
   0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
A  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28
B  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42
C  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑
D  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑     ↑
E  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑     ↑     ↑
F  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑
G  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑
H  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
J  ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
K  ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
L  ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
M  ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
N  ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
P  ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
Q  ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
R  0/1   ↑     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
S  -     -     1/2   -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -
"""  # noqa: E501

#: Table II-C, reduced inspection (ANSI/ASQ Z1.4; note the Ac/Re gaps).
TABLE_II_C = """
   0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
A  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31
B  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   2/4   3/5   5/6   7/8   10/11 14/15 21/22 30/31
C  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 14/17 21/24 ↑
D  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 14/17 21/24 ↑     ↑
E  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 14/17 21/24 ↑     ↑     ↑
F  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑
G  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑
H  ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
J  ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
K  ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
L  ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
M  ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
N  ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
P  ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
Q  0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
R  ↑     ↑     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
"""  # noqa: E501

#: Corner cells where the arrow diagonal next to the Ac 0 plans meets the first or last row, so
#: an arrow drawn there would point off the table. Z1.4 users' guidance and both transcriptions
#: above send code letter A at AQL 10 down (to letter C under normal and reduced inspection; the
#: tightened table has a plain down arrow there, to letter D) and letter R at AQL 0.015 up (to
#: letter P under normal and reduced inspection, Q under tightened).
OFF_TABLE_CELLS: dict[tuple[str, str, str], str] = {
    ("normal", "A", "10"): "↓",
    ("reduced", "A", "10"): "↓",
    ("normal", "R", "0.015"): "↑",
    ("reduced", "R", "0.015"): "↑",
    ("tightened", "R", "0.015"): "↑",
}
