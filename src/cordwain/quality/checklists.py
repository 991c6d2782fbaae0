"""Inspection checklists per operation, the footwear defect taxonomy, and periodic lab tests.

A :class:`Taxonomy` names every defect a workshop records (code, family, default severity);
:data:`DEFAULT_TAXONOMY` is a starting point that a workshop extends with :meth:`Taxonomy.extend`.
A :class:`ChecklistTemplate` lists the checks at one stage (clicking, closing, lasting,
bottoming, finishing, final): pass/fail questions, measurements with limits, and photos.
:func:`evaluate_checklist` turns a filled checklist into pass/fail per item and the defects to
record. Lab tests (sole bond, flex) are measured items too, checked by :func:`evaluate_lab_tests`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from cordwain.domain import Defect, DefectFamily, DomainError, Operation, Severity


class UnknownDefect(DomainError):
    """A defect code that is not in the workshop's taxonomy."""


@dataclass(frozen=True, slots=True)
class DefectType:
    """One entry of the taxonomy: ``ST03`` = stitching, "skipped stitch", major by default."""

    code: str
    family: DefectFamily
    name: str
    severity: Severity

    def __post_init__(self) -> None:
        code = str(self.code).strip().upper()
        if not code or not code.replace("_", "").isalnum():
            raise DomainError(f"defect code {self.code!r} must be letters and digits", field="code")
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "family", DefectFamily(self.family))
        object.__setattr__(self, "severity", Severity(self.severity))
        if not self.name.strip():
            raise DomainError(f"defect {code} needs a name", field="name")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The defect codes a workshop records; codes are unique."""

    types: tuple[DefectType, ...]

    def __post_init__(self) -> None:
        codes = [t.code for t in self.types]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise DomainError(f"defect code(s) {', '.join(dup)} appear twice", field="code")

    def get(self, code: str) -> DefectType:
        key = str(code).strip().upper()
        for t in self.types:
            if t.code == key:
                return t
        raise UnknownDefect(f"defect code {code!r} is not in the taxonomy", field="code")

    def __contains__(self, code: object) -> bool:
        return any(t.code == str(code).strip().upper() for t in self.types)

    def family(self, family: DefectFamily | str) -> tuple[DefectType, ...]:
        fam = DefectFamily(family)
        return tuple(t for t in self.types if t.family is fam)

    def extend(self, *types: DefectType) -> Taxonomy:
        """A new taxonomy with the workshop's own codes added (an existing code is an error)."""
        return Taxonomy(self.types + tuple(types))

    def defect(
        self,
        code: str,
        count: int = 1,
        *,
        severity: Severity | str | None = None,
        pair_serial: str | None = None,
        note: str = "",
    ) -> Defect:
        """A domain :class:`Defect` for a taxonomy code (severity defaults to the code's)."""
        t = self.get(code)
        return Defect(
            family=t.family,
            code=t.code,
            severity=Severity(severity) if severity is not None else t.severity,
            count=count,
            pair_serial=pair_serial,
            note=note,
        )


_F, _C, _MA, _MI = DefectFamily, Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

#: Typical footwear defects by family (codes are the workshop's to extend or re-grade).
DEFAULT_TAXONOMY = Taxonomy(
    tuple(
        DefectType(code, fam, name, sev)
        for code, fam, name, sev in (
            ("UP01", _F.UPPER, "scar, brand mark or hole on a visible panel", _MA),
            ("UP02", _F.UPPER, "colour or shade mismatch between left and right", _MA),
            ("UP03", _F.UPPER, "grain crack or loose grain (pipey) on the vamp", _MA),
            ("UP04", _F.UPPER, "scratch or scuff on the upper", _MI),
            ("UP05", _F.UPPER, "piece cut across the line of least stretch", _MA),
            ("ST01", _F.STITCHING, "broken or open seam", _MA),
            ("ST02", _F.STITCHING, "skipped stitches", _MA),
            ("ST03", _F.STITCHING, "crooked or wandering stitch line", _MI),
            ("ST04", _F.STITCHING, "stitches per cm outside specification", _MI),
            ("ST05", _F.STITCHING, "loose thread ends not trimmed", _MI),
            ("LA01", _F.LASTING, "upper lasted off-centre (toe or heel)", _MA),
            ("LA02", _F.LASTING, "wrinkles or puckering at the toe", _MA),
            ("LA03", _F.LASTING, "left and right heel heights or toe springs differ", _MA),
            ("LA04", _F.LASTING, "tack or staple left inside the shoe", _C),
            ("BO01", _F.BONDING, "sole separation or open bond line", _MA),
            ("BO02", _F.BONDING, "cement stain visible on the upper", _MI),
            ("BO03", _F.BONDING, "sole misaligned with the upper", _MA),
            ("BO04", _F.BONDING, "broken needle or sharp point in the bottom", _C),
            ("FI01", _F.FINISHING, "edge ink uneven or missing", _MI),
            ("FI02", _F.FINISHING, "polish or finish patchy", _MI),
            ("FI03", _F.FINISHING, "sock liner loose or creased", _MI),
            ("FI04", _F.FINISHING, "dirt or marks left on the pair", _MI),
            ("SZ01", _F.SIZING, "left and right sizes differ", _C),
            ("SZ02", _F.SIZING, "size label wrong or missing", _MA),
            ("SZ03", _F.SIZING, "serial or care label missing", _MI),
            ("PK01", _F.PACKAGING, "box label does not match the pair", _MA),
            ("PK02", _F.PACKAGING, "pair damaged in the box / no tissue or stuffing", _MI),
            ("PK03", _F.PACKAGING, "laces or accessories missing", _MI),
        )
    )
)


class ItemKind(StrEnum):
    PASS_FAIL = "pass_fail"
    MEASURED = "measured"
    PHOTO = "photo"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One check. ``defect_code`` is recorded when it fails; limits are inclusive."""

    code: str
    question: str
    kind: ItemKind = ItemKind.PASS_FAIL
    unit: str = ""
    lower: float | None = None
    upper: float | None = None
    defect_code: str | None = None
    required: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ItemKind(self.kind))
        if not self.code.strip():
            raise DomainError("a checklist item needs a code", field="code")
        if self.kind is ItemKind.MEASURED and self.lower is None and self.upper is None:
            raise DomainError(
                f"measured item {self.code} needs a lower or upper limit", field="lower"
            )
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise DomainError(f"item {self.code}: lower limit above upper", field="lower")


#: Stages with a checklist; ``final`` is the finished-pair check at the inspection operation.
STAGES: tuple[str, ...] = ("clicking", "closing", "lasting", "bottoming", "finishing", "final")


@dataclass(frozen=True, slots=True)
class ChecklistTemplate:
    """The checks done at one stage of the routing."""

    stage: str
    items: tuple[ChecklistItem, ...]

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise DomainError(
                f"stage {self.stage!r} must be one of {', '.join(STAGES)}", field="stage"
            )
        codes = [i.code for i in self.items]
        if len(set(codes)) != len(codes):
            raise DomainError(f"{self.stage} checklist repeats an item code", field="items")

    @property
    def operation(self) -> Operation:
        return Operation.INSPECTION if self.stage == "final" else Operation(self.stage)

    def validate(self, taxonomy: Taxonomy = DEFAULT_TAXONOMY) -> None:
        """Every defect code the template raises must be in the taxonomy."""
        for item in self.items:
            if item.defect_code is not None and item.defect_code not in taxonomy:
                raise UnknownDefect(
                    f"{self.stage} item {item.code} raises unknown defect {item.defect_code}",
                    field="defect_code",
                )


_PF, _MS, _PH = ItemKind.PASS_FAIL, ItemKind.MEASURED, ItemKind.PHOTO

#: Default checklists: a starting point per stage, to be edited by the workshop.
DEFAULT_CHECKLISTS: dict[str, ChecklistTemplate] = {
    "clicking": ChecklistTemplate("clicking", (
        ChecklistItem("CL1", "Vamps and toe caps cut from grade A zones", _PF, defect_code="UP01"),
        ChecklistItem("CL2", "Vamp axis within tolerance of the line of least stretch", _PF,
                      defect_code="UP05"),
        ChecklistItem("CL3", "Left and right pieces matched for shade", _PF, defect_code="UP02"),
        ChecklistItem("CL4", "Upper leather thickness", _MS, unit="mm", lower=1.2, upper=1.6,
                      defect_code="UP03"),
    )),
    "closing": ChecklistTemplate("closing", (
        ChecklistItem("CS1", "All seams closed, no skipped stitches", _PF, defect_code="ST02"),
        ChecklistItem("CS2", "Stitch density", _MS, unit="stitches/cm", lower=3.5, upper=4.5,
                      defect_code="ST04"),
        ChecklistItem("CS3", "Stitch lines parallel to the edge", _PF, defect_code="ST03"),
        ChecklistItem("CS4", "Thread ends trimmed and sealed", _PF, defect_code="ST05"),
        ChecklistItem("CS5", "Photo of the closed upper pair", _PH, required=False),
    )),
    "lasting": ChecklistTemplate("lasting", (
        ChecklistItem("LS1", "Upper centred on the last at toe and heel", _PF, defect_code="LA01"),
        ChecklistItem("LS2", "No wrinkles at the toe", _PF, defect_code="LA02"),
        ChecklistItem("LS3", "Heel height difference left/right", _MS, unit="mm", upper=1.0,
                      defect_code="LA03"),
        ChecklistItem("LS4", "No tacks or staples left inside", _PF, defect_code="LA04"),
    )),
    "bottoming": ChecklistTemplate("bottoming", (
        ChecklistItem("BT1", "Sole bond line closed all round", _PF, defect_code="BO01"),
        ChecklistItem("BT2", "Sole aligned with the upper", _PF, defect_code="BO03"),
        ChecklistItem("BT3", "No cement on the upper", _PF, defect_code="BO02"),
        ChecklistItem("BT4", "Press time", _MS, unit="s", lower=10, defect_code="BO01"),
        ChecklistItem("BT5", "Needle detector passed", _PF, defect_code="BO04"),
    )),
    "finishing": ChecklistTemplate("finishing", (
        ChecklistItem("FN1", "Edge ink even", _PF, defect_code="FI01"),
        ChecklistItem("FN2", "Polish even, no patches", _PF, defect_code="FI02"),
        ChecklistItem("FN3", "Sock liner flat and fixed", _PF, defect_code="FI03"),
        ChecklistItem("FN4", "Pair clean", _PF, defect_code="FI04"),
    )),
    "final": ChecklistTemplate("final", (
        ChecklistItem("FL1", "Left and right same size and same shade", _PF, defect_code="SZ01"),
        ChecklistItem("FL2", "Size and serial labels present and right", _PF, defect_code="SZ02"),
        ChecklistItem("FL3", "No sole separation (flex by hand)", _PF, defect_code="BO01"),
        ChecklistItem("FL4", "No visible upper defects", _PF, defect_code="UP04"),
        ChecklistItem("FL5", "Box label matches the pair; laces and tissue in", _PF,
                      defect_code="PK01"),
        ChecklistItem("FL6", "Photo of the pair, both sides", _PH),
    )),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ItemResult:
    code: str
    passed: bool
    value: bool | float | str | None
    message: str
    defect: DefectType | None = None


@dataclass(frozen=True, slots=True)
class ChecklistResult:
    """The verdict of one filled checklist: ``passed`` when every answered item passed."""

    stage: str
    passed: bool
    items: tuple[ItemResult, ...]
    defects: tuple[Defect, ...]

    @property
    def failed(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if not i.passed)


def evaluate_checklist(
    template: ChecklistTemplate,
    answers: Mapping[str, bool | float | int | str | None],
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    pair_serial: str | None = None,
) -> ChecklistResult:
    """Check a filled checklist: pass/fail answers, measurements against limits, photos given.

    Unknown item codes and missing required answers are errors naming the item. A failed item
    records its taxonomy defect (one per failed item).
    """
    template.validate(taxonomy)
    known = {i.code for i in template.items}
    extra = sorted(set(answers) - known)
    if extra:
        raise DomainError(
            f"{template.stage} checklist has no item(s) {', '.join(extra)}", field="answers"
        )
    results: list[ItemResult] = []
    defects: list[Defect] = []
    for item in template.items:
        value = answers.get(item.code)
        if value is None or (isinstance(value, str) and not value.strip()):
            if item.required:
                raise DomainError(
                    f"{template.stage} item {item.code} ({item.question}) has no answer",
                    field=item.code,
                )
            results.append(ItemResult(item.code, True, None, "not answered (optional)"))
            continue
        passed, message = _judge(item, value)
        dtype = taxonomy.get(item.defect_code) if (not passed and item.defect_code) else None
        results.append(ItemResult(item.code, passed, value, message, dtype))
        if dtype is not None:
            defects.append(
                taxonomy.defect(
                    dtype.code,
                    pair_serial=pair_serial,
                    note=f"{template.stage} {item.code}: {message}",
                )
            )
    return ChecklistResult(
        stage=template.stage,
        passed=all(r.passed for r in results),
        items=tuple(results),
        defects=tuple(defects),
    )


def _judge(item: ChecklistItem, value: bool | float | int | str) -> tuple[bool, str]:
    if item.kind is ItemKind.PASS_FAIL:
        if not isinstance(value, bool):
            raise DomainError(
                f"item {item.code} is pass/fail: answer True or False", field=item.code
            )
        return value, "pass" if value else "fail"
    if item.kind is ItemKind.PHOTO:
        if not isinstance(value, str):
            raise DomainError(f"item {item.code} needs a photo reference", field=item.code)
        return True, f"photo {value}"
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise DomainError(
            f"item {item.code} needs a number in {item.unit or 'its unit'}", field=item.code
        )
    return _within(item.lower, item.upper, float(value), item.unit)


def _within(lower: float | None, upper: float | None, v: float, unit: str) -> tuple[bool, str]:
    if lower is not None and v < lower:
        return False, f"{v:g} {unit} below the lower limit {lower:g}".replace("  ", " ")
    if upper is not None and v > upper:
        return False, f"{v:g} {unit} above the upper limit {upper:g}".replace("  ", " ")
    return True, f"{v:g} {unit} within limits".replace("  ", " ")


@dataclass(frozen=True, slots=True)
class LabTest:
    """A periodic test per batch with limits (inclusive), e.g. sole bond strength ≥ 4.0 N/mm."""

    code: str
    name: str
    unit: str
    lower: float | None = None
    upper: float | None = None
    defect_code: str | None = None

    def __post_init__(self) -> None:
        if self.lower is None and self.upper is None:
            raise DomainError(f"lab test {self.code} needs a limit", field="lower")


#: Typical limits for cemented leather footwear (workshops and buyers set their own).
DEFAULT_LAB_TESTS: dict[str, LabTest] = {
    "SOLE_BOND": LabTest("SOLE_BOND", "sole bond (peel) strength", "N/mm", lower=4.0,
                         defect_code="BO01"),
    "FLEX": LabTest("FLEX", "flex cycles without cracking", "cycles", lower=30000,
                    defect_code="UP03"),
    "FLEX_CUT_GROWTH": LabTest("FLEX_CUT_GROWTH", "sole cut growth after 30 000 flexes", "mm",
                               upper=4.0, defect_code="BO01"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LabResult:
    test: LabTest
    values: tuple[float, ...]
    passed: bool
    worst: float
    message: str


def evaluate_lab_tests(
    measurements: Mapping[str, float | Iterable[float]],
    tests: Mapping[str, LabTest] = DEFAULT_LAB_TESTS,
) -> dict[str, LabResult]:
    """Judge a batch's lab measurements: every specimen must be within the test's limits."""
    out: dict[str, LabResult] = {}
    for code, raw in measurements.items():
        if code not in tests:
            raise DomainError(f"no lab test {code!r} (known: {', '.join(tests)})", field=code)
        test = tests[code]
        values = (float(raw),) if isinstance(raw, int | float) else tuple(float(v) for v in raw)
        if not values:
            raise DomainError(f"lab test {code} has no measurement", field=code)
        judged = [_within(test.lower, test.upper, v, test.unit) for v in values]
        bad = [(v, m) for v, (ok, m) in zip(values, judged, strict=True) if not ok]
        worst = min(values) if test.lower is not None else max(values)
        out[code] = LabResult(
            test=test,
            values=values,
            passed=not bad,
            worst=worst,
            message=bad[0][1] if bad else f"all {len(values)} within limits",
        )
    return out
