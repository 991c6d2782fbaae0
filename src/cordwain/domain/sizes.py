"""Size systems, size runs and conversions between systems.

A last decides fit, so conversions are brand-specific data, not a formula: the default
table below is the common sneaker chart (men's US 9 = women's US 10.5 = EU 42.5) and a
workshop can pass its own :class:`SizeChart`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .errors import DomainError, UnknownSize


class SizeSystem(StrEnum):
    US_MEN = "us-m"
    US_WOMEN = "us-w"
    EU = "eu"


def _halves(lo: float, hi: float) -> tuple[str, ...]:
    out = []
    x = lo
    while x <= hi + 1e-9:
        out.append(format_size(x))
        x += 0.5
    return tuple(out)


def format_size(value: float | Decimal | str) -> str:
    """Canonical label of a size: ``9.0`` → ``"9"``, ``"09.50"`` → ``"9.5"``."""
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise UnknownSize(f"not a size: {value!r}", field="size") from exc
    if not d.is_finite() or d <= 0 or (d * 2) != (d * 2).to_integral_value():
        raise UnknownSize(f"sizes are positive half steps, got {value!r}", field="size")
    d = d.normalize()
    text = format(d, "f")
    return text


#: Sizes that exist in each system (half sizes where the trade makes them).
VALID_SIZES: dict[SizeSystem, tuple[str, ...]] = {
    SizeSystem.US_MEN: _halves(3.5, 13) + ("14", "15", "16", "17", "18"),
    SizeSystem.US_WOMEN: _halves(4, 12) + ("13",),
    SizeSystem.EU: _halves(34, 50),
}


def parse_size(value: object, system: SizeSystem) -> str:
    """Canonical size label, checked against the system; raises :class:`UnknownSize`."""
    label = format_size(str(value))
    if label not in VALID_SIZES[system]:
        raise UnknownSize(f"size {value!r} does not exist in {system.value}", field="size")
    return label


def size_key(label: str) -> Decimal:
    """Sort key of a size label (numeric order, not string order)."""
    return Decimal(label)


@dataclass(frozen=True, slots=True)
class SizeRun:
    """The ordered sizes a style is made in, with the core sizes never to be left out."""

    system: SizeSystem
    sizes: tuple[str, ...]
    core: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "system", SizeSystem(self.system))
        except ValueError as exc:
            raise DomainError(f"unknown size system {self.system!r}", field="size_system") from exc
        if not self.sizes:
            raise DomainError("a size run needs at least one size", field="sizes")
        labels = tuple(parse_size(s, self.system) for s in self.sizes)
        if len(set(labels)) != len(labels):
            raise DomainError("a size run lists a size twice", field="sizes")
        ordered = tuple(sorted(labels, key=size_key))
        object.__setattr__(self, "sizes", ordered)
        core = tuple(parse_size(s, self.system) for s in self.core)
        missing = [c for c in core if c not in ordered]
        if missing:
            raise UnknownSize(f"core sizes {missing} are not in the run", field="core")
        object.__setattr__(self, "core", tuple(sorted(core, key=size_key)))

    @classmethod
    def between(
        cls, system: SizeSystem, lo: str, hi: str, *, core: tuple[str, ...] = ()
    ) -> SizeRun:
        """All valid sizes of ``system`` from ``lo`` to ``hi`` inclusive."""
        lo_k, hi_k = size_key(parse_size(lo, system)), size_key(parse_size(hi, system))
        sizes = tuple(s for s in VALID_SIZES[system] if lo_k <= size_key(s) <= hi_k)
        return cls(system, sizes, core)

    def __contains__(self, size: object) -> bool:
        try:
            return format_size(str(size)) in self.sizes
        except UnknownSize:
            return False

    def __len__(self) -> int:
        return len(self.sizes)

    def __iter__(self):
        return iter(self.sizes)

    def check(self, size: object) -> str:
        """Canonical label of ``size`` if it is in this run, else :class:`UnknownSize`."""
        label = parse_size(size, self.system)
        if label not in self.sizes:
            raise UnknownSize(
                f"size {label} is not in the run {self.sizes[0]}–{self.sizes[-1]}",
                field="size",
            )
        return label

    def steps_from(self, size: str, base: str) -> float:
        """Grading distance in half-size steps from ``base`` to ``size`` (may be negative)."""
        return float((size_key(self.check(size)) - size_key(self.check(base))) * 2)


@dataclass(frozen=True, slots=True)
class SizeChart:
    """Equivalent sizes across systems, one row per foot: {system: label}."""

    rows: tuple[dict[SizeSystem, str], ...] = field(default_factory=tuple)

    def convert(self, size: str, source: SizeSystem, target: SizeSystem) -> str:
        """The equivalent of ``size`` in ``target``; nearest row when not listed exactly."""
        if source == target:
            return parse_size(size, source)
        label = parse_size(size, source)
        candidates = [r for r in self.rows if source in r and target in r]
        if not candidates:
            raise UnknownSize(f"no conversion from {source.value} to {target.value}")
        best = min(candidates, key=lambda r: abs(size_key(r[source]) - size_key(label)))
        if abs(size_key(best[source]) - size_key(label)) > 1:
            raise UnknownSize(f"size {label} {source.value} is outside the size chart")
        return best[target]


def _default_chart() -> SizeChart:
    # Common sneaker chart: women's US = men's US + 1.5; EU from the men's column.
    men_eu = {
        "3.5": "35.5", "4": "36", "4.5": "36.5", "5": "37.5", "5.5": "38", "6": "38.5",
        "6.5": "39", "7": "40", "7.5": "40.5", "8": "41", "8.5": "42", "9": "42.5",
        "9.5": "43", "10": "44", "10.5": "44.5", "11": "45", "11.5": "45.5", "12": "46",
        "12.5": "47", "13": "47.5", "14": "48.5", "15": "49.5", "16": "50",
    }  # fmt: skip
    rows = []
    for men, eu in men_eu.items():
        row = {SizeSystem.US_MEN: men, SizeSystem.EU: eu}
        women = format_size(Decimal(men) + Decimal("1.5"))
        if women in VALID_SIZES[SizeSystem.US_WOMEN]:
            row[SizeSystem.US_WOMEN] = women
        rows.append(row)
    return SizeChart(tuple(rows))


DEFAULT_SIZE_CHART = _default_chart()
