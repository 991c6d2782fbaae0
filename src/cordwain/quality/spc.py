"""Statistical process control: p and u charts, run rules, Pareto, first-pass yield.

Charts take varying sample sizes: each point gets its own limits (centre ± 3σᵢ with
σᵢ = √(p̄(1−p̄)/nᵢ) for p, √(ū/nᵢ) for u). Run rules are applied to the standardised values
zᵢ = (xᵢ − centre)/σᵢ, so "beyond 2σ" means beyond that point's own 2σ — the usual way to use
zone rules when the sample size moves.

Western Electric rules (Statistical Quality Control Handbook, 1956):
  WE1 one point beyond 3σ; WE2 2 of 3 in a row beyond 2σ on one side; WE3 4 of 5 in a row
  beyond 1σ on one side; WE4 8 in a row on one side of the centre line.
Nelson rules (L. S. Nelson, J. Quality Technology 16(4), 1984):
  N1 one point beyond 3σ; N2 9 in a row on one side; N3 6 in a row steadily increasing or
  decreasing; N4 14 in a row alternating up and down; N5 2 of 3 in a row beyond 2σ on one side;
  N6 4 of 5 in a row beyond 1σ on one side; N7 15 in a row within 1σ (too little variation —
  often mixed samples or wrong limits); N8 8 in a row with none within 1σ, on both sides
  (a mixture of two processes).
Each violation names the points that make it, and the point where it is completed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cordwain.domain import Defect, DomainError, Inspection, Operation, Severity


@dataclass(frozen=True, slots=True)
class ControlChart:
    """A p or u chart: one value per sample with its own limits."""

    kind: str
    labels: tuple[str, ...]
    counts: tuple[float, ...]
    sizes: tuple[float, ...]
    values: tuple[float, ...]
    center: float
    ucl: tuple[float, ...]
    lcl: tuple[float, ...]
    sigma: tuple[float, ...]

    @property
    def z(self) -> np.ndarray:
        """Standardised distance of each point from the centre line, in its own σ."""
        v, s = np.asarray(self.values), np.asarray(self.sigma)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(s > 0, (v - self.center) / np.where(s > 0, s, 1.0), 0.0)
        return z

    def out_of_control(self) -> tuple[int, ...]:
        return tuple(
            i
            for i, (v, lo, hi) in enumerate(zip(self.values, self.lcl, self.ucl, strict=True))
            if v > hi or v < lo
        )


def _check_counts(counts: Sequence[float], sizes: Sequence[float], what: str) -> None:
    if len(counts) != len(sizes):
        raise DomainError(
            f"{len(counts)} {what} counts but {len(sizes)} sample sizes", field="sizes"
        )
    if not counts:
        raise DomainError("a control chart needs at least one sample", field="counts")
    for i, (c, n) in enumerate(zip(counts, sizes, strict=True)):
        if not n > 0:
            raise DomainError(f"sample {i + 1}: size must be positive, got {n}", field="sizes")
        if c < 0:
            raise DomainError(f"sample {i + 1}: count cannot be negative", field="counts")


def _labels(labels: Sequence[str] | None, k: int) -> tuple[str, ...]:
    if labels is None:
        return tuple(str(i + 1) for i in range(k))
    if len(labels) != k:
        raise DomainError(f"{len(labels)} labels for {k} samples", field="labels")
    return tuple(str(x) for x in labels)


def p_chart(
    defectives: Sequence[int], sample_sizes: Sequence[int], labels: Sequence[str] | None = None
) -> ControlChart:
    """Fraction of defective pairs per sample, centre p̄ = Σd/Σn, per-point 3σ limits."""
    _check_counts(defectives, sample_sizes, "defective")
    for i, (d, n) in enumerate(zip(defectives, sample_sizes, strict=True)):
        if d > n:
            raise DomainError(
                f"sample {i + 1}: {d} defective pairs in a sample of {n}", field="counts"
            )
    d = np.asarray(defectives, dtype=float)
    n = np.asarray(sample_sizes, dtype=float)
    pbar = float(d.sum() / n.sum())
    sigma = np.sqrt(pbar * (1.0 - pbar) / n)
    return ControlChart(
        kind="p",
        labels=_labels(labels, len(d)),
        counts=tuple(d.tolist()),
        sizes=tuple(n.tolist()),
        values=tuple((d / n).tolist()),
        center=pbar,
        ucl=tuple(np.minimum(1.0, pbar + 3 * sigma).tolist()),
        lcl=tuple(np.maximum(0.0, pbar - 3 * sigma).tolist()),
        sigma=tuple(sigma.tolist()),
    )


def u_chart(
    defects: Sequence[float], units: Sequence[float], labels: Sequence[str] | None = None
) -> ControlChart:
    """Defects per pair per sample, centre ū = Σc/Σn, per-point limits ū ± 3√(ū/nᵢ)."""
    _check_counts(defects, units, "defect")
    c = np.asarray(defects, dtype=float)
    n = np.asarray(units, dtype=float)
    ubar = float(c.sum() / n.sum())
    sigma = np.sqrt(ubar / n)
    return ControlChart(
        kind="u",
        labels=_labels(labels, len(c)),
        counts=tuple(c.tolist()),
        sizes=tuple(n.tolist()),
        values=tuple((c / n).tolist()),
        center=ubar,
        ucl=tuple((ubar + 3 * sigma).tolist()),
        lcl=tuple(np.maximum(0.0, ubar - 3 * sigma).tolist()),
        sigma=tuple(sigma.tolist()),
    )


@dataclass(frozen=True, slots=True)
class RuleViolation:
    """A run rule met: ``rule`` like ``"N2"`` or ``"WE1"``; ``at`` the completing point."""

    rule: str
    at: int
    points: tuple[int, ...]
    description: str


DESCRIPTIONS = {
    "WE1": "one point beyond 3σ",
    "WE2": "2 of 3 points in a row beyond 2σ on one side",
    "WE3": "4 of 5 points in a row beyond 1σ on one side",
    "WE4": "8 points in a row on one side of the centre line",
    "N1": "one point beyond 3σ",
    "N2": "9 points in a row on one side of the centre line",
    "N3": "6 points in a row steadily increasing or decreasing",
    "N4": "14 points in a row alternating up and down",
    "N5": "2 of 3 points in a row beyond 2σ on one side",
    "N6": "4 of 5 points in a row beyond 1σ on one side",
    "N7": "15 points in a row within 1σ of the centre line",
    "N8": "8 points in a row beyond 1σ, on both sides, none within 1σ",
}


def _beyond(z: np.ndarray, rule: str, limit: float) -> list[RuleViolation]:
    return [
        RuleViolation(rule, i, (i,), DESCRIPTIONS[rule]) for i in range(len(z)) if abs(z[i]) > limit
    ]


def _same_side_run(z: np.ndarray, rule: str, length: int) -> list[RuleViolation]:
    out = []
    for end in range(length - 1, len(z)):
        w = z[end - length + 1 : end + 1]
        if np.all(w > 0) or np.all(w < 0):
            out.append(
                RuleViolation(
                    rule, end, tuple(range(end - length + 1, end + 1)), DESCRIPTIONS[rule]
                )
            )
    return out


def _k_of_m(z: np.ndarray, rule: str, k: int, m: int, limit: float) -> list[RuleViolation]:
    out = []
    for end in range(m - 1, len(z)):
        idx = range(end - m + 1, end + 1)
        for sign in (1, -1):
            hits = tuple(i for i in idx if sign * z[i] > limit)
            # Count a window only when its last point is one of the hits, so a streak is
            # reported when it is completed rather than again for every later window.
            if len(hits) >= k and hits[-1] == end:
                out.append(RuleViolation(rule, end, hits, DESCRIPTIONS[rule]))
    return out


def _trend(z: np.ndarray, rule: str, length: int) -> list[RuleViolation]:
    out = []
    d = np.diff(z)
    for end in range(length - 1, len(z)):
        steps = d[end - length + 1 : end]
        if np.all(steps > 0) or np.all(steps < 0):
            out.append(
                RuleViolation(
                    rule, end, tuple(range(end - length + 1, end + 1)), DESCRIPTIONS[rule]
                )
            )
    return out


def _alternating(z: np.ndarray, rule: str, length: int) -> list[RuleViolation]:
    out = []
    s = np.sign(np.diff(z))
    for end in range(length - 1, len(z)):
        steps = s[end - length + 1 : end]
        if np.all(steps != 0) and np.all(steps[1:] == -steps[:-1]):
            out.append(
                RuleViolation(
                    rule, end, tuple(range(end - length + 1, end + 1)), DESCRIPTIONS[rule]
                )
            )
    return out


def _within_one(z: np.ndarray, rule: str, length: int) -> list[RuleViolation]:
    out = []
    for end in range(length - 1, len(z)):
        w = z[end - length + 1 : end + 1]
        if np.all(np.abs(w) < 1):
            out.append(
                RuleViolation(
                    rule, end, tuple(range(end - length + 1, end + 1)), DESCRIPTIONS[rule]
                )
            )
    return out


def _mixture(z: np.ndarray, rule: str, length: int) -> list[RuleViolation]:
    out = []
    for end in range(length - 1, len(z)):
        w = z[end - length + 1 : end + 1]
        if np.all(np.abs(w) > 1) and np.any(w > 0) and np.any(w < 0):
            out.append(
                RuleViolation(
                    rule, end, tuple(range(end - length + 1, end + 1)), DESCRIPTIONS[rule]
                )
            )
    return out


def _as_z(series: ControlChart | Sequence[float]) -> np.ndarray:
    if isinstance(series, ControlChart):
        return series.z
    return np.asarray(series, dtype=float)


def western_electric(series: ControlChart | Sequence[float]) -> list[RuleViolation]:
    """Western Electric rules WE1–WE4 on a chart (or on already standardised z values)."""
    z = _as_z(series)
    return sorted(
        _beyond(z, "WE1", 3.0)
        + _k_of_m(z, "WE2", 2, 3, 2.0)
        + _k_of_m(z, "WE3", 4, 5, 1.0)
        + _same_side_run(z, "WE4", 8),
        key=lambda v: (v.at, v.rule),
    )


def nelson(
    series: ControlChart | Sequence[float], rules: Iterable[int] = range(1, 9)
) -> list[RuleViolation]:
    """Nelson rules N1–N8 (all by default) on a chart or on standardised z values."""
    z = _as_z(series)
    table: dict[int, Callable[[], list[RuleViolation]]] = {
        1: lambda: _beyond(z, "N1", 3.0),
        2: lambda: _same_side_run(z, "N2", 9),
        3: lambda: _trend(z, "N3", 6),
        4: lambda: _alternating(z, "N4", 14),
        5: lambda: _k_of_m(z, "N5", 2, 3, 2.0),
        6: lambda: _k_of_m(z, "N6", 4, 5, 1.0),
        7: lambda: _within_one(z, "N7", 15),
        8: lambda: _mixture(z, "N8", 8),
    }
    out: list[RuleViolation] = []
    for r in rules:
        if r not in table:
            raise DomainError(f"Nelson rules are numbered 1 to 8, got {r}", field="rules")
        out += table[r]()
    return sorted(out, key=lambda v: (v.at, v.rule))


def flagged_points(violations: Iterable[RuleViolation]) -> dict[int, tuple[str, ...]]:
    """Point index -> rules it takes part in (for colouring a chart)."""
    out: dict[int, set[str]] = {}
    for v in violations:
        for i in v.points:
            out.setdefault(i, set()).add(v.rule)
    return {i: tuple(sorted(r)) for i, r in sorted(out.items())}


@dataclass(frozen=True, slots=True)
class ParetoBar:
    key: str
    count: float
    share: float
    cumulative: float


def pareto(counts: Mapping[str, float] | Iterable[tuple[str, float]]) -> list[ParetoBar]:
    """Causes from most to least frequent, with share and cumulative share (ties by name)."""
    items: dict[str, float] = {}
    for k, v in counts.items() if isinstance(counts, Mapping) else counts:
        if v < 0:
            raise DomainError(f"count for {k!r} cannot be negative", field=str(k))
        items[str(k)] = items.get(str(k), 0.0) + v
    total = sum(items.values())
    ordered = sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))
    bars, run = [], 0.0
    for k, v in ordered:
        run += v
        bars.append(ParetoBar(k, v, v / total if total else 0.0, run / total if total else 0.0))
    return bars


def pareto_of_defects(
    defects: Iterable[Defect], by: str | Callable[[Defect], str] = "family"
) -> list[ParetoBar]:
    """Pareto of recorded defects (their counts) by ``family``, ``code`` or ``severity``."""
    if callable(by):
        key = by
    elif by in ("family", "code", "severity"):

        def key(d: Defect) -> str:
            return str(getattr(d, by))
    else:
        raise DomainError(f"Pareto by {by!r}: use family, code or severity", field="by")
    counts: dict[str, float] = {}
    for d in defects:
        k = key(d)
        counts[k] = counts.get(k, 0) + d.count
    return pareto(counts)


def defective_pairs(inspection: Inspection, severity: Severity | None = None) -> int:
    """Pairs of the sample with at least one defect (of a class, when given).

    Defects carrying a pair serial count once per distinct pair; defects recorded without a
    serial count as one pair each, capped at the sample size.
    """
    serials: set[str] = set()
    loose = 0
    for d in inspection.defects:
        if severity is not None and d.severity is not Severity(severity):
            continue
        if d.pair_serial:
            serials.add(d.pair_serial)
        else:
            loose += d.count
    return min(inspection.sample_size, len(serials) + loose)


def _select(
    inspections: Iterable[Inspection], operation: Operation | str | None
) -> list[Inspection]:
    op = Operation(operation) if operation is not None else None
    chosen = [i for i in inspections if op is None or i.operation is op]
    if not chosen:
        raise DomainError(
            f"no inspections for {op.value if op else 'any operation'}", field="operation"
        )
    return sorted(chosen, key=lambda i: (i.day, i.batch_code))


def p_chart_of(
    inspections: Iterable[Inspection],
    operation: Operation | str | None = None,
    severity: Severity | str | None = None,
) -> ControlChart:
    """p chart of defective pairs per inspection of one operation, in date order."""
    sel = _select(inspections, operation)
    sev = Severity(severity) if severity is not None else None
    return p_chart(
        [defective_pairs(i, sev) for i in sel],
        [i.sample_size for i in sel],
        [f"{i.day.isoformat()} {i.batch_code}" for i in sel],
    )


def u_chart_of(
    inspections: Iterable[Inspection],
    operation: Operation | str | None = None,
    severity: Severity | str | None = None,
) -> ControlChart:
    """u chart of defects per inspected pair, per inspection of one operation."""
    sel = _select(inspections, operation)
    sev = Severity(severity) if severity is not None else None
    return u_chart(
        [sum(d.count for d in i.defects if sev is None or d.severity is sev) for i in sel],
        [i.sample_size for i in sel],
        [f"{i.day.isoformat()} {i.batch_code}" for i in sel],
    )


@dataclass(frozen=True, slots=True)
class YieldFigure:
    operation: str
    units: int
    first_pass: int

    @property
    def fpy(self) -> float:
        return self.first_pass / self.units if self.units else math.nan


def first_pass_yield(
    records: Iterable[tuple[Operation | str, int, int]] | Iterable[Inspection],
) -> dict[str, YieldFigure]:
    """First-pass yield per operation, in routing order.

    Takes ``(operation, pairs inspected, pairs passed first time)`` tuples or inspections
    (passed first time = sample minus defective pairs).
    """
    totals: dict[Operation, list[int]] = {}
    for r in records:
        if isinstance(r, Inspection):
            op, units, ok = r.operation, r.sample_size, r.sample_size - defective_pairs(r)
        else:
            op, units, ok = Operation(r[0]), int(r[1]), int(r[2])
        if units < 0 or not 0 <= ok <= units:
            raise DomainError(
                f"{op.value}: first-pass pairs must be 0..{units}, got {ok}", field="first_pass"
            )
        t = totals.setdefault(op, [0, 0])
        t[0] += units
        t[1] += ok
    return {op.value: YieldFigure(op.value, *totals[op]) for op in Operation if op in totals}


def rolled_throughput_yield(yields: Mapping[str, YieldFigure]) -> float:
    """Chance a pair passes every operation first time: the product of first-pass yields."""
    return float(np.prod([y.fpy for y in yields.values()])) if yields else math.nan
