"""The demo workshop's twelve artisans: who does what, at what pace, on which days.

Minutes per pair are on the workshop's reference pair (the mean standard minutes of the
catalogue's routings) times the person's pace: a master closer is ~15% faster than the
standard, the trainee ~30% slower. Contracted hours follow the shift, less the unpaid
30-minute meal break California requires on a day over five hours.
"""

from __future__ import annotations

from datetime import time

import numpy as np

from cordwain.domain import Artisan, Operation, Shift, Style

_O = Operation
_WEEK = ("mon", "tue", "wed", "thu", "fri")

#: (code, name, {operation: pace vs. standard}, shift days, start, end, overtime, USD/h)
_Person = tuple[str, str, dict[Operation, float], tuple[str, ...], time, time, bool, float]
_PEOPLE: tuple[_Person, ...] = (
    ("A01", "Maribel Ortega", {_O.CLICKING: 0.85, _O.SKIVING: 0.95, _O.INSPECTION: 1.0},
     _WEEK, time(7, 0), time(15, 30), True, 34.0),
    ("A02", "Dae-jung Park", {_O.CLICKING: 1.0, _O.SKIVING: 0.85},
     _WEEK, time(7, 0), time(15, 30), False, 30.0),
    ("A03", "Rosa Villanueva", {_O.CLOSING: 0.85, _O.SKIVING: 1.05},
     _WEEK, time(8, 0), time(16, 30), True, 32.0),
    ("A04", "Thanh Nguyen", {_O.CLOSING: 0.95, _O.SKIVING: 1.0},
     _WEEK, time(8, 0), time(16, 30), False, 29.0),
    ("A05", "Aisha Bello", {_O.CLOSING: 1.0, _O.FINISHING: 1.05},
     ("mon", "tue", "wed", "thu"), time(8, 0), time(16, 30), False, 27.0),
    ("A06", "Luis Mendoza", {_O.CLOSING: 1.3, _O.FINISHING: 1.3, _O.PACKING: 1.2},
     _WEEK, time(8, 0), time(16, 30), False, 20.0),
    ("A07", "Samuel Okafor", {_O.LASTING: 0.9, _O.BOTTOMING: 0.95},
     _WEEK, time(7, 0), time(15, 30), True, 31.0),
    ("A08", "Jorge Ramírez", {_O.LASTING: 1.0, _O.BOTTOMING: 1.0, _O.FINISHING: 1.0},
     _WEEK, time(8, 0), time(16, 30), False, 30.0),
    ("A09", "Keiko Tanaka", {_O.BOTTOMING: 1.05, _O.FINISHING: 0.9, _O.PACKING: 1.0},
     ("tue", "wed", "thu", "fri"), time(9, 0), time(16, 30), False, 26.0),
    ("A10", "Hannah Goldberg", {_O.FINISHING: 1.0, _O.INSPECTION: 0.9, _O.PACKING: 0.95},
     _WEEK, time(8, 30), time(17, 0), False, 28.0),
    ("A11", "Marcus Reed", {_O.INSPECTION: 1.05, _O.PACKING: 0.9, _O.CLICKING: 1.15},
     ("mon", "wed", "fri"), time(8, 0), time(16, 30), False, 24.0),
    ("A12", "Elena Petrova", {_O.CLICKING: 0.9, _O.LASTING: 0.95, _O.CLOSING: 1.0},
     _WEEK, time(8, 0), time(16, 30), True, 36.0),
)  # fmt: skip


def _paid_hours(start: time, end: time) -> float:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (minutes - (30 if minutes > 5 * 60 else 0)) / 60


def reference_minutes(styles: list[Style]) -> dict[Operation, float]:
    """Mean standard minutes per pair of each operation across the catalogue."""
    out: dict[Operation, float] = {}
    for op in Operation:
        mins = [s.step(op).minutes_per_pair for s in styles if s.step(op) is not None]
        if mins:
            out[op] = sum(mins) / len(mins)
    return out


def make_artisans(rng: np.random.Generator, styles: list[Style]) -> list[Artisan]:
    """Twelve people covering every operation at least twice; paces vary a little by seed."""
    ref = reference_minutes(styles)
    out = []
    for code, name, paces, days, start, end, overtime, rate in _PEOPLE:
        skills = {
            op: round(ref[op] * pace * float(rng.uniform(0.96, 1.04)), 1)
            for op, pace in paces.items()
        }
        out.append(
            Artisan(
                code=code,
                name=name,
                skills=skills,
                weekly_hours=_paid_hours(start, end) * len(days),
                shift=Shift(days, start, end),
                overtime_opt_in=overtime,
                hourly_rate=rate,
            )
        )
    return out
