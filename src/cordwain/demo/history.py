"""A season of past production for the demo workshop: batches made, pairs traced, lots inspected.

``history(workshop, seed=...)`` returns a :class:`DemoHistory` of plain records, deterministic for
a seed: six finished single-style batches, one every four weeks, ending about two weeks before
the workshop's ``today``. Every pair has a serial ``BATCH-NNNN`` (``B2605MARA-0042``: batch code
= ``B`` + start year and month + style; pairs numbered by colourway, then size). Each pair's
leather pieces are allotted from hides cut up during the batch (piece and grading zone kept);
every operation of the routing is done bundle by bundle (10 pairs) by an artisan with the skill,
inside their shift; in-process checks after clicking, closing, lasting, bottoming and finishing
find defects from the taxonomy at everyday rates; each lot waits for its final inspection with
the defects a final inspector would find on each pair if it were sampled.

The season has two stories for the charts and trace commands to find: the third batch got a bad
lot of cement (bonding defects climb at bottoming, the sole bond lab test fails, and the lot is
most likely rejected and held), and one hide in the second batch had loose grain that shows up
as returns months later (its recall list is ``cordwain trace hide``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from cordwain.domain import (
    Batch,
    BatchLine,
    BatchStatus,
    Defect,
    Feedback,
    FeedbackKind,
    Fit,
    Grade,
    Inspection,
    InspectionResult,
    MaterialKind,
    Operation,
    OperationRecord,
    Pair,
    Shift,
    Style,
    Variant,
)
from cordwain.domain.people import WEEKDAYS
from cordwain.domain.sizes import size_key
from cordwain.quality import DEFAULT_TAXONOMY, HideLink

from .workshop import DemoWorkshop

DEFECTS = DEFAULT_TAXONOMY
BUNDLE = 10
#: Share of the pieces' area a hide yields once scars, belly and nesting gaps are left out.
HIDE_YIELD = 0.72

#: Chance that a pair shows a defect at an in-process check, and which defect it is.
IN_PROCESS: dict[Operation, tuple[float, dict[str, float]]] = {
    Operation.CLICKING: (0.02, {"UP01": 0.35, "UP02": 0.25, "UP05": 0.25, "UP03": 0.15}),
    Operation.CLOSING: (0.05, {"ST05": 0.35, "ST03": 0.25, "ST02": 0.2, "ST04": 0.12,
                               "ST01": 0.08}),
    Operation.LASTING: (0.035, {"LA02": 0.45, "LA01": 0.35, "LA03": 0.18, "LA04": 0.02}),
    Operation.BOTTOMING: (0.03, {"BO02": 0.45, "BO01": 0.28, "BO03": 0.25, "BO04": 0.02}),
    Operation.FINISHING: (0.05, {"FI01": 0.35, "FI02": 0.25, "FI04": 0.25, "FI03": 0.15}),
}  # fmt: skip
#: Defects still on a finished pair (what the final inspector finds if it is sampled).
FINAL: tuple[tuple[float, dict[str, float]], ...] = (
    (0.04, {"FI01": 0.3, "FI04": 0.25, "ST05": 0.2, "UP04": 0.15, "PK02": 0.1}),
    (0.012, {"BO01": 0.3, "UP01": 0.25, "ST01": 0.2, "LA01": 0.15, "SZ02": 0.1}),
    (0.002, {"SZ01": 0.5, "LA04": 0.5}),
)
#: Defects customers send pairs back for, months later.
RETURNED = {"BO01": 0.3, "ST01": 0.2, "UP03": 0.15, "FI02": 0.15, "LA03": 0.1, "ST02": 0.1}
CHECKED = (Operation.CLICKING, Operation.CLOSING, Operation.LASTING, Operation.BOTTOMING,
           Operation.FINISHING)  # fmt: skip
#: Index (in the season) of the batch that got the bad cement, and the one with the bad hide.
BAD_CEMENT, BAD_HIDE = 2, 1


@dataclass(frozen=True)
class UsedHide:
    """A hide cut up during the season (gone from stock) and what is known of it."""

    code: str
    material_code: str
    lot: str
    received: date
    note: str = ""


@dataclass(frozen=True)
class FinalLot:
    """A finished lot waiting for its final inspection (drawn and decided when stored).

    ``latent`` holds the defects on each pair; the inspector records those of sampled pairs.
    """

    batch_code: str
    style_code: str
    day: date
    inspector: str
    seed: int
    latent: dict[str, tuple[Defect, ...]]


@dataclass(frozen=True)
class LabRecord:
    batch_code: str
    day: date
    tester: str
    measurements: dict[str, tuple[float, ...]]


@dataclass(frozen=True)
class NcrRecord:
    """A non-conformance raised by hand, with the steps its corrective action went through."""

    description: str
    raised_on: date
    batch_code: str | None = None
    pair_serials: tuple[str, ...] = ()
    hide_codes: tuple[str, ...] = ()
    owner: str = ""
    steps: tuple[tuple[str, date, str], ...] = ()


@dataclass(frozen=True)
class NcrFollowUp:
    """Steps taken on the non-conformance a batch's rejection or lab failure opened.

    ``match`` is a piece of that record's description ("rejected", "lab test").
    """

    batch_code: str
    match: str
    steps: tuple[tuple[str, date, str], ...]


@dataclass(frozen=True)
class Release:
    """A held lot released after being sorted 100% (applied only if the lot was held)."""

    batch_code: str
    day: date
    note: str


@dataclass(frozen=True)
class DemoHistory:
    """The season's records, in the order they happened within each list."""

    batches: list[Batch]
    pairs: list[Pair]
    hide_links: list[HideLink]
    used_hides: list[UsedHide]
    operations: list[OperationRecord]
    inspections: list[Inspection]
    #: the serials each in-process inspection checked (same order as ``inspections``)
    inspected_pairs: list[tuple[str, ...]]
    lab_tests: list[LabRecord]
    final_lots: list[FinalLot]
    releases: list[Release]
    follow_ups: list[NcrFollowUp]
    feedback: list[Feedback]
    ncrs: list[NcrRecord]


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _on_shift(t: datetime, shift: Shift) -> datetime:
    """The first working minute at or after ``t``."""
    while True:
        if WEEKDAYS[t.weekday()] in shift.days and t.time() < shift.end:
            return max(t, datetime.combine(t.date(), shift.start))
        t = datetime.combine(t.date() + timedelta(days=1), shift.start)


def _work(start: datetime, minutes: float, shift: Shift) -> tuple[datetime, datetime]:
    """When work of ``minutes`` starting no earlier than ``start`` begins and ends."""
    t = begin = _on_shift(start, shift)
    left = minutes
    while True:
        room = (datetime.combine(t.date(), shift.end) - t).total_seconds() / 60
        if left <= room:
            end = t + timedelta(minutes=left)
            return begin, end.replace(second=0, microsecond=0) + timedelta(minutes=1)
        left -= room
        t = _on_shift(datetime.combine(t.date() + timedelta(days=1), shift.start), shift)


def _season_styles(styles: Sequence[Style], n: int) -> list[Style]:
    # The first style comes back every other batch so its switching state has a history.
    others = list(styles[1:]) or [styles[0]]
    return [styles[0] if i % 2 == 0 else others[(i // 2) % len(others)] for i in range(n)]


def history(workshop: DemoWorkshop, *, seed: int = 7, batches: int = 6) -> DemoHistory:
    """A deterministic season of production before ``workshop.today``."""
    if batches < 1:
        raise ValueError(f"batches must be at least 1, got {batches}")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2859]))
    leather = {m.code for m in workshop.materials if m.kind is MaterialKind.LEATHER}
    artisans = sorted(workshop.artisans, key=lambda a: a.code)
    shifts = {a.code: a.shift for a in artisans}
    free: dict[str, datetime] = {}
    inspectors = [a.code for a in artisans if Operation.INSPECTION in a.skills] or [
        artisans[0].code
    ]
    country = {}
    for h in workshop.hides:
        country.setdefault(h.material_code, h.lot.split("-")[0])

    out = DemoHistory([], [], [], [], [], [], [], [], [], [], [], [], [])
    hide_no = 0
    bad_hide_pairs: list[str] = []
    bad_hide_code = ""
    last_end = workshop.today - timedelta(days=12)
    for bi, style in enumerate(_season_styles(workshop.styles, batches)):
        start = last_end - timedelta(days=28 * (batches - 1 - bi) + 21)
        start -= timedelta(days=start.weekday())  # batches start on a Monday
        code = f"B{start:%y%m}{style.code}"
        cws = [c for c in workshop.colourways if c.style_code == style.code][:2]
        sizes = [s for s in style.size_run.sizes if s in style.size_run.core]
        extra = [s for s in style.size_run.sizes if s not in style.size_run.core]
        lines: list[BatchLine] = []
        for cw in cws:
            for s in style.size_run.sizes:
                if s in sizes:
                    q = int(rng.integers(3, 7))
                elif s in extra[2:-2]:
                    q = int(rng.integers(1, 3))
                else:
                    continue
                lines.append(BatchLine(Variant(style.code, cw.code, s), q))
        lines.sort(key=lambda ln: (ln.variant.colourway_code, size_key(ln.variant.size)))
        pairs = [
            Pair(f"{code}-{n:04d}", code, ln.variant)
            for n, ln in enumerate((ln for ln in lines for _ in range(ln.quantity)), start=1)
        ]

        # Cutting: pieces allotted hide by hide, per leather, in serial order.
        links: list[HideLink] = []
        hides_of: dict[str, list[str]] = {p.serial: [] for p in pairs}
        received = start - timedelta(days=int(rng.integers(5, 20)))
        lot_no = int(rng.integers(100, 900))
        for cw in cws:
            bom = workshop.bom(style.code, cw.code)
            mats = [ln.material_code for ln in bom.lines if ln.material_code in leather]
            pieces = [
                p for p in workshop.pattern_pieces
                if p.style_code == style.code and p.material_code in mats
            ]  # fmt: skip
            current: dict[str, tuple[str, float]] = {}
            for pair in (p for p in pairs if p.variant.colourway_code == cw.code):
                for piece in pieces:
                    need = piece.area_sqft_per_pair(pair.variant.size) / HIDE_YIELD
                    hide, left = current.get(piece.material_code, ("", 0.0))
                    if left < need:
                        hide_no += 1
                        hide = f"H{received:%y%m}_{hide_no:02d}"
                        left = float(rng.uniform(21.0, 28.0))
                        note = ""
                        if bi == BAD_HIDE and not bad_hide_code and pair.serial != pairs[0].serial:
                            bad_hide_code = hide
                            note = "loose grain (pipey) in the bend, found after returns"
                        out.used_hides.append(
                            UsedHide(hide, piece.material_code,
                                     f"{country.get(piece.material_code, 'LOT')}-"
                                     f"{received:%y%m}-{lot_no}", received, note)
                        )  # fmt: skip
                    current[piece.material_code] = (hide, left - need)
                    if piece.min_grade is Grade.A:
                        zone = "A"
                    elif piece.min_grade is Grade.B:
                        zone = "A" if rng.random() < 0.65 else "B"
                    else:
                        zone = _pick(rng, {"A": 0.5, "B": 0.3, "C": 0.2})
                    name = piece.name.split(" (")[0]
                    links.append(HideLink(pair.serial, hide, name, zone))
                    if hide not in hides_of[pair.serial]:
                        hides_of[pair.serial].append(hide)
                    if hide == bad_hide_code and name == "vamp":
                        bad_hide_pairs.append(pair.serial)
        pairs = [Pair(p.serial, p.batch_code, p.variant, tuple(hides_of[p.serial])) for p in pairs]

        # Making: every operation of the routing, bundle by bundle, by whoever is free first.
        mult = float(np.exp(rng.normal(0.0, 0.2)))
        bundles = [pairs[i : i + BUNDLE] for i in range(0, len(pairs), BUNDLE)]
        ready = [datetime.combine(start, datetime.min.time()) for _ in bundles]
        latent: dict[str, list[Defect]] = {}
        lab_day = None
        for step in style.routing:
            able = [a for a in artisans if step.operation in a.skills]
            for b, bundle in enumerate(bundles):
                who = min(able, key=lambda a: (max(free.get(a.code, ready[b]), ready[b]), a.code))
                minutes = who.skills[step.operation] * len(bundle) * rng.uniform(0.9, 1.15)
                begin, end = _work(
                    max(free.get(who.code, ready[b]), ready[b]), minutes, shifts[who.code]
                )
                free[who.code] = end
                ready[b] = end + timedelta(minutes=step.lag_minutes)
                serials = tuple(p.serial for p in bundle)
                out.operations.append(
                    OperationRecord(code, step.operation, who.code, begin, end, serials)
                )
                if step.operation in IN_PROCESS:
                    rate, codes = IN_PROCESS[step.operation]
                    rate *= mult
                    if bi == BAD_CEMENT and step.operation is Operation.BOTTOMING:
                        if b >= len(bundles) // 3:  # the new cement lot arrived a few days in
                            rate, codes = 0.3, {"BO01": 0.7, "BO02": 0.3}
                        if b == len(bundles) // 2:
                            lab_day = end.date()
                    found = []
                    for s in serials:
                        if rng.random() < rate:
                            n = 2 if rng.random() < 0.15 else 1
                            found.append(
                                DEFECTS.defect(
                                    _pick(rng, codes),
                                    n,
                                    pair_serial=s,
                                    note=f"{step.operation.value} check",
                                )
                            )
                    out.inspected_pairs.append(serials)
                    out.inspections.append(Inspection(
                        code, step.operation, inspectors[(bi + b) % len(inspectors)], end.date(),
                        len(bundle), len(bundle), tuple(found),
                        InspectionResult.REJECTED if found else InspectionResult.ACCEPTED,
                    ))  # fmt: skip
        finished = max(ready)
        for p in pairs:
            for rate, codes in FINAL:
                if bi == BAD_CEMENT and "BO01" in codes:
                    rate, codes = 0.22, {"BO01": 1.0}
                if rng.random() < rate:
                    latent.setdefault(p.serial, []).append(
                        DEFECTS.defect(_pick(rng, codes), pair_serial=p.serial, note="final")
                    )
        qc = inspectors[bi % len(inspectors)]
        lot_day = finished.date() + timedelta(days=1 if finished.weekday() < 4 else 3)
        bond = (4.2 if bi == BAD_CEMENT else 5.3, 0.35)
        out.lab_tests.append(LabRecord(
            code, lab_day or finished.date(), qc,
            {"SOLE_BOND": tuple(round(float(v), 2) for v in rng.normal(*bond, size=5)),
             "FLEX": tuple(float(int(v) // 500 * 500) for v in rng.uniform(34000, 52000, 3)),
             "FLEX_CUT_GROWTH": tuple(round(float(v), 1) for v in rng.uniform(1.5, 3.4, 3))},
        ))  # fmt: skip
        out.final_lots.append(FinalLot(
            code, style.code, lot_day, qc, int(rng.integers(0, 2**31 - 1)),
            {s: tuple(d) for s, d in latent.items()},
        ))  # fmt: skip
        if bi == BAD_CEMENT:
            out.releases.append(Release(
                code, lot_day + timedelta(days=4),
                "100% sorted: sole bond checked by hand on every pair, open bonds re-cemented "
                "and pressed, pairs that failed twice scrapped",
            ))  # fmt: skip
            plan = "quarantine cement lot; back to the previous supplier's lot; press time " \
                   "checked at every bundle; sort the held lot 100%"  # fmt: skip
            steps = (
                ("action-planned", lot_day + timedelta(days=1), plan),
                ("action-taken", lot_day + timedelta(days=4), "done; lot sorted and reworked"),
                ("verified", lot_day + timedelta(days=32),
                 "next two batches: bottoming defects back to normal, sole bond ≥ 4.6 N/mm"),
                ("closed", lot_day + timedelta(days=33), ""),
            )  # fmt: skip
            past = tuple(st for st in steps if st[1] < workshop.today)
            for match in ("rejected", "lab test"):
                out.follow_ups.append(NcrFollowUp(code, match, past))
        out.batches.append(Batch(code, start, max(finished.date(), start), lines,
                                 BatchStatus.DONE, note=f"demo season batch {bi + 1}"))  # fmt: skip
        out.pairs.extend(pairs)
        out.hide_links.extend(links)

    _customers(rng, workshop.today, out, bad_hide_pairs)
    if bad_hide_pairs:
        returned = sorted(
            f.pair_serial for f in out.feedback if f.pair_serial in bad_hide_pairs
            and f.reason_code == "UP03"
        )  # fmt: skip
        first = min(
            (f.day for f in out.feedback if f.pair_serial in returned), default=workshop.today
        )
        out.ncrs.append(NcrRecord(
            f"{len(returned)} return(s) for grain crack on the vamp, all cut from hide "
            f"{bad_hide_code}: recall check of every pair from it",
            first + timedelta(days=2), None, tuple(returned), (bad_hide_code,), "A01",
            (("action-planned", first + timedelta(days=3),
              "contact customers of the other pairs from the hide; grade bends B at receiving "
              "for this tannery"),
             ("action-taken", first + timedelta(days=10), "customers contacted; grading updated")),
        ))  # fmt: skip
    return out


def _customers(
    rng: np.random.Generator, today: date, out: DemoHistory, bad_hide_pairs: Sequence[str]
) -> None:
    """Returns and reviews that came back on the season's pairs, before ``today``."""
    ends = {b.code: b.end for b in out.batches}
    bad = set(bad_hide_pairs)
    for p in out.pairs:
        shipped = ends[p.batch_code] + timedelta(days=3)
        day = shipped + timedelta(days=int(rng.integers(10, 75)))
        if day >= today:
            continue
        r = rng.random()
        if p.serial in bad and rng.random() < 0.75:
            out.feedback.append(Feedback(day, p.variant, FeedbackKind.RETURN,
                                         text="grain cracked across the vamp after two weeks",
                                         reason_code="UP03", pair_serial=p.serial))  # fmt: skip
        elif r < 0.025:
            code = _pick(rng, RETURNED)
            out.feedback.append(Feedback(day, p.variant, FeedbackKind.RETURN,
                                         text=DEFECTS.get(code).name, reason_code=code,
                                         pair_serial=p.serial))  # fmt: skip
        elif r < 0.055:
            small = rng.random() < 0.55
            out.feedback.append(Feedback(
                day, p.variant, FeedbackKind.RETURN, fit=Fit.SMALL if small else Fit.LARGE,
                text="Too small" if small else "Too large",
                reason_code="TOO_SMALL" if small else "TOO_LARGE", pair_serial=p.serial,
            ))  # fmt: skip
        elif r < 0.095:
            rating = int(rng.choice([4, 5, 5, 5]))
            out.feedback.append(
                Feedback(day, p.variant, FeedbackKind.REVIEW, rating=rating, fit=Fit.TRUE,
                         text="Beautifully made", pair_serial=p.serial)
            )  # fmt: skip
    out.feedback.sort(key=lambda f: (f.day, f.pair_serial or ""))
