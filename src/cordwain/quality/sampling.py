"""ISO 2859-1 / ANSI/ASQ Z1.4 single sampling: code letters, plans with arrows, lot decisions.

``sampling_plan`` reads Table I and the master tables in :mod:`cordwain.quality.tables`,
following each arrow to the plan it points at (that plan's code letter, sample size, Ac and Re).
``lot_plans`` builds the footwear set of plans (critical / major / minor) and ``lot_decision``
accepts or rejects a finished lot from the defects found in its sample.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from cordwain.domain import Defect, DomainError, Severity

from . import tables

if TYPE_CHECKING:
    from .switching import SwitchingState


class InspectionSeverity(StrEnum):
    """How hard a product line is inspected right now (switched by the rules of clause 9)."""

    NORMAL = "normal"
    TIGHTENED = "tightened"
    REDUCED = "reduced"


class SamplingError(DomainError):
    """A lot size, AQL, level or severity that the sampling tables do not cover."""


#: Footwear buyers' usual AQLs: no critical defect accepted, 2.5 major, 4.0 minor.
FOOTWEAR_AQLS: dict[Severity, float] = {
    Severity.CRITICAL: 0.0,
    Severity.MAJOR: 2.5,
    Severity.MINOR: 4.0,
}

_GRIDS = {
    InspectionSeverity.NORMAL: tables.TABLE_II_A,
    InspectionSeverity.TIGHTENED: tables.TABLE_II_B,
    InspectionSeverity.REDUCED: tables.TABLE_II_C,
}


@cache
def _grid(severity: InspectionSeverity) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Parse a printed grid into (row letters in order, letter -> 26 cells)."""
    lines = [ln for ln in _GRIDS[severity].strip("\n").splitlines() if ln.strip()]
    header = tuple(lines[0].split())
    if header != tables.AQL_COLUMNS:
        raise RuntimeError(f"{severity.value} table header does not match the AQL columns")
    rows: dict[str, tuple[str, ...]] = {}
    for ln in lines[1:]:
        letter, *cells = ln.split()
        if len(cells) != len(header):
            raise RuntimeError(f"{severity.value} table row {letter} has {len(cells)} cells")
        rows[letter] = tuple(cells)
    return tuple(rows), rows


def aql_column(aql: float | str) -> str:
    """The table column for an AQL given as a number or text (``2.5``, ``"0.65"``, ``10``)."""
    try:
        value = float(aql)
    except (TypeError, ValueError):
        raise SamplingError(f"AQL {aql!r} is not a number", field="aql") from None
    for col in tables.AQL_COLUMNS:
        if math.isclose(float(col), value, rel_tol=1e-9):
            return col
    cols = ", ".join(tables.AQL_COLUMNS)
    raise SamplingError(f"AQL {aql!r} is not a column of the tables ({cols})", field="aql")


def _severity(value: InspectionSeverity | str) -> InspectionSeverity:
    try:
        return InspectionSeverity(value)
    except ValueError:
        raise SamplingError(
            f"inspection severity {value!r} must be normal, tightened or reduced",
            field="severity",
        ) from None


def code_letter(lot_size: int, level: str = "II") -> str:
    """Table I: the sample size code letter for a lot size and inspection level."""
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size <= 0:
        raise SamplingError(
            f"lot size must be a positive whole number, got {lot_size!r}", field="lot_size"
        )
    lvl = str(level).strip().upper()
    if lvl not in tables.LEVELS:
        raise SamplingError(
            f"inspection level {level!r} must be one of {', '.join(tables.LEVELS)}",
            field="level",
        )
    row = next(
        (i for i, upper in enumerate(tables.LOT_SIZE_UPPER) if lot_size <= upper),
        len(tables.LOT_SIZE_UPPER),
    )
    return tables.TABLE_I[row].split()[tables.LEVELS.index(lvl)]


def table_cell(severity: InspectionSeverity | str, letter: str, aql: float | str) -> str:
    """The printed cell of a master table: ``"Ac/Re"``, ``"↓"``, ``"↑"`` or ``"-"`` (none)."""
    sev = _severity(severity)
    order, rows = _grid(sev)
    if letter not in rows:
        raise SamplingError(
            f"code letter {letter!r} is not in the {sev.value} table", field="code_letter"
        )
    return rows[letter][tables.AQL_COLUMNS.index(aql_column(aql))]


def _sample_size(severity: InspectionSeverity, letter: str) -> int:
    if severity is InspectionSeverity.REDUCED:
        return tables.REDUCED_SAMPLE_SIZE[letter]
    return tables.SAMPLE_SIZE[letter]


def resolve_plan(
    severity: InspectionSeverity | str, letter: str, aql: float | str
) -> tuple[str, int, int, int]:
    """Follow the arrows from (letter, AQL): the plan's (code letter, sample size, Ac, Re)."""
    sev = _severity(severity)
    order, rows = _grid(sev)
    col = tables.AQL_COLUMNS.index(aql_column(aql))
    if letter not in rows:
        raise SamplingError(
            f"code letter {letter!r} is not in the {sev.value} table", field="code_letter"
        )
    i = order.index(letter)
    for _ in range(len(order)):
        cell = rows[order[i]][col]
        if cell == "↓":
            i += 1
        elif cell == "↑":
            i -= 1
        elif cell == "-":
            break
        else:
            ac, re_ = (int(x) for x in cell.split("/"))
            return order[i], _sample_size(sev, order[i]), ac, re_
        if not 0 <= i < len(order):
            break
    # The grids are checked cell by cell in the tests; reaching here means a broken table.
    raise RuntimeError(f"arrow from {letter} at AQL {aql} leads off the {sev.value} table")


@dataclass(frozen=True, slots=True)
class SamplingPlan:
    """One single-sampling plan: inspect ``sample_size`` pairs; accept with ≤ ``ac`` defects.

    ``code_letter`` is the letter of the plan actually used (after following arrows);
    ``table_letter`` the one Table I gave for the lot size. Under reduced inspection ``re`` may
    exceed ``ac + 1``: a lot in between is accepted but normal inspection is reinstated.
    """

    code_letter: str
    sample_size: int
    ac: int
    re: int
    hundred_percent: bool
    lot_size: int
    aql: str
    level: str = "II"
    severity: InspectionSeverity = InspectionSeverity.NORMAL
    table_letter: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.sample_size <= self.lot_size:
            raise SamplingError("sample size must be 1..lot size", field="sample_size")
        if not 0 <= self.ac < self.re:
            raise SamplingError("a plan needs 0 <= Ac < Re", field="ac")

    @property
    def has_gap(self) -> bool:
        return self.re > self.ac + 1

    def to_json(self) -> dict[str, Any]:
        """The shape printed by ``cordwain qc plan --json``."""
        return {
            "code_letter": self.code_letter,
            "sample_size": self.sample_size,
            "accept": self.ac,
            "reject": self.re,
            "hundred_percent": self.hundred_percent,
        }


def sampling_plan(
    lot_size: int,
    aql: float | str,
    level: str = "II",
    severity: InspectionSeverity | str = InspectionSeverity.NORMAL,
    state: SwitchingState | None = None,
) -> SamplingPlan:
    """The ISO 2859-1 / Z1.4 single sampling plan for a lot.

    ``state`` (a product line's :class:`SwitchingState`) overrides ``severity`` when given.
    AQL 0 means "no defect accepted": Ac 0 / Re 1 on the Table I code letter's own sample
    (footwear critical defects; :func:`lot_plans` puts them on the major plan's sample instead).
    When the sample would be the whole lot or more, every pair is inspected.
    """
    sev = _severity(state.severity if state is not None else severity)
    letter = code_letter(lot_size, level)
    lvl = str(level).strip().upper()
    if _is_zero(aql):
        plan_letter, n, ac, re_ = letter, _sample_size(sev, letter), 0, 1
        col = "0"
    else:
        col = aql_column(aql)
        plan_letter, n, ac, re_ = resolve_plan(sev, letter, col)
    hundred = n >= lot_size
    return SamplingPlan(
        code_letter=plan_letter,
        sample_size=lot_size if hundred else n,
        ac=ac,
        re=re_,
        hundred_percent=hundred,
        lot_size=lot_size,
        aql=col,
        level=lvl,
        severity=sev,
        table_letter=letter,
    )


def _is_zero(aql: float | str) -> bool:
    try:
        return float(aql) == 0.0
    except (TypeError, ValueError):
        return False


def tighter_acceptance(plan: SamplingPlan) -> int | None:
    """Ac of the same code letter one AQL column tighter (for the ISO switching score).

    ``None`` when the tighter cell is not a plan (only happens for Ac 0 or 1 plans, where the
    switching score does not need it).
    """
    if plan.aql == "0":
        return None
    col = tables.AQL_COLUMNS.index(plan.aql)
    if col == 0:
        return None
    cell = table_cell(plan.severity, plan.code_letter, tables.AQL_COLUMNS[col - 1])
    if "/" not in cell:
        return None
    return int(cell.split("/")[0])


def lot_plans(
    lot_size: int,
    aqls: Mapping[Severity | str, float | str] | None = None,
    level: str = "II",
    severity: InspectionSeverity | str = InspectionSeverity.NORMAL,
    state: SwitchingState | None = None,
) -> dict[Severity, SamplingPlan]:
    """One plan per defect class; AQL 0 classes use Ac 0 on the major (else largest) sample."""
    chosen = {Severity(k): v for k, v in (aqls if aqls is not None else FOOTWEAR_AQLS).items()}
    if not chosen:
        raise SamplingError("give at least one defect class and its AQL", field="aqls")
    plans = {
        sev: sampling_plan(lot_size, aql, level, severity, state)
        for sev, aql in chosen.items()
        if not _is_zero(aql)
    }
    zero = [sev for sev, aql in chosen.items() if _is_zero(aql)]
    if zero:
        if Severity.MAJOR in plans:
            base = plans[Severity.MAJOR]
        elif plans:
            base = max(plans.values(), key=lambda p: p.sample_size)
        else:
            base = sampling_plan(lot_size, 0, level, severity, state)
        for sev in zero:
            plans[sev] = SamplingPlan(
                code_letter=base.code_letter,
                sample_size=base.sample_size,
                ac=0,
                re=1,
                hundred_percent=base.hundred_percent,
                lot_size=lot_size,
                aql="0",
                level=base.level,
                severity=base.severity,
                table_letter=base.table_letter,
            )
    return {sev: plans[sev] for sev in Severity if sev in plans}


@dataclass(frozen=True, slots=True)
class ClassDecision:
    """The verdict for one defect class: found ≤ Ac accepts, found ≥ Re rejects."""

    severity: Severity
    found: int
    plan: SamplingPlan
    accepted: bool
    reinstate_normal: bool


@dataclass(frozen=True, slots=True)
class LotDecision:
    """A lot is accepted only when every defect class is accepted."""

    accepted: bool
    classes: tuple[ClassDecision, ...]
    reinstate_normal: bool = False
    rejected_by: tuple[Severity, ...] = field(default=())

    @property
    def verdict(self) -> str:
        return "accept" if self.accepted else "reject"


def lot_decision(
    plans: Mapping[Severity | str, SamplingPlan],
    defects: Mapping[Severity | str, int] | Iterable[Defect],
) -> LotDecision:
    """Accept or reject a lot from the defects found in its sample, class by class.

    ``defects`` is either counts by severity or the recorded :class:`Defect` objects (their
    ``count`` summed per severity). A reduced plan's gap (Ac < found < Re) accepts the lot and
    asks for normal inspection to be reinstated.
    """
    by_plan = {Severity(k): v for k, v in plans.items()}
    counts = (
        defects_by_severity(defects)
        if not isinstance(defects, Mapping)
        else {Severity(k): v for k, v in defects.items()}
    )
    for sev, n in counts.items():
        if sev not in by_plan:
            raise SamplingError(f"defects of class {sev.value} but no plan for it", field="defects")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise SamplingError(
                f"{sev.value} defect count must be a whole number >= 0, got {n!r}", field="defects"
            )
    decisions = []
    for sev, plan in by_plan.items():
        found = counts.get(sev, 0)
        accepted = found < plan.re
        decisions.append(
            ClassDecision(
                severity=sev,
                found=found,
                plan=plan,
                accepted=accepted,
                reinstate_normal=accepted and found > plan.ac,
            )
        )
    rejected = tuple(d.severity for d in decisions if not d.accepted)
    return LotDecision(
        accepted=not rejected,
        classes=tuple(decisions),
        reinstate_normal=any(d.reinstate_normal for d in decisions),
        rejected_by=rejected,
    )


def defects_by_severity(defects: Iterable[Defect]) -> dict[Severity, int]:
    """Sum recorded defects (their ``count``) per severity class."""
    out: dict[Severity, int] = {}
    for d in defects:
        out[d.severity] = out.get(d.severity, 0) + d.count
    return out


def acceptance_probability(plan: SamplingPlan, quality: float, *, model: str = "binomial") -> float:
    """Probability the plan accepts a lot of the given quality (its OC curve at one point).

    ``quality`` is the fraction nonconforming (binomial, hypergeometric) or nonconformities per
    unit (poisson). Gap plans accept on ≤ Ac (the reinstate-normal zone also accepts, so
    acceptance is ``found < Re``).
    """
    if quality < 0:
        raise SamplingError("quality cannot be negative", field="quality")
    from scipy import stats  # imported here: scipy.stats is slow to import

    n, c = plan.sample_size, plan.re - 1
    if model == "binomial":
        return float(stats.binom.cdf(c, n, min(quality, 1.0)))
    if model == "poisson":
        return float(stats.poisson.cdf(c, n * quality))
    if model == "hypergeometric":
        bad = round(quality * plan.lot_size)
        return float(stats.hypergeom.cdf(c, plan.lot_size, bad, n))
    raise SamplingError(
        f"model {model!r} must be binomial, poisson or hypergeometric", field="model"
    )


@dataclass(frozen=True, slots=True)
class InspectionPlanProblem:
    """What the planner asks: the plans for a lot of ``lot_size`` pairs."""

    lot_size: int
    aqls: Mapping[Severity, float] = field(default_factory=lambda: dict(FOOTWEAR_AQLS))
    level: str = "II"
    severity: InspectionSeverity = InspectionSeverity.NORMAL

    def __post_init__(self) -> None:
        code_letter(self.lot_size, self.level)  # validates lot size and level
        object.__setattr__(self, "severity", _severity(self.severity))
        for sev, aql in self.aqls.items():
            Severity(sev)
            if not _is_zero(aql):
                aql_column(aql)


@dataclass(frozen=True, slots=True)
class InspectionPlanResult:
    """``objective`` is the pairs to inspect (largest class sample); tables are exact."""

    status: str
    objective: int
    bound: int
    runtime: float
    plans: dict[Severity, SamplingPlan]


def solve(
    problem: InspectionPlanProblem, *, time_limit: float | None = None, seed: int | None = None
) -> InspectionPlanResult:
    """Look the plans up (a table look-up: ``time_limit`` and ``seed`` are accepted and unused)."""
    t0 = time.perf_counter()
    plans = lot_plans(problem.lot_size, problem.aqls, problem.level, problem.severity)
    pairs = max(p.sample_size for p in plans.values())
    return InspectionPlanResult("exact", pairs, pairs, time.perf_counter() - t0, plans)
