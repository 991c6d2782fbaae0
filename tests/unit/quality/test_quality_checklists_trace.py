"""Filled checklists, the defect taxonomy, lab tests, and tracing pairs and hides."""

from datetime import date, datetime

import pytest

from cordwain.domain import (
    DomainError,
    Feedback,
    Inspection,
    OperationRecord,
    Pair,
    Severity,
    Variant,
)
from cordwain.quality import (
    DEFAULT_CHECKLISTS,
    DEFAULT_TAXONOMY,
    STAGES,
    ActionStatus,
    DefectType,
    HideLink,
    NonConformance,
    TraceIndex,
    UnknownDefect,
    UnknownHide,
    UnknownPair,
    evaluate_checklist,
    evaluate_lab_tests,
)


def test_every_stage_has_a_default_checklist_whose_defects_are_in_the_taxonomy():
    assert set(DEFAULT_CHECKLISTS) == set(STAGES)
    for template in DEFAULT_CHECKLISTS.values():
        template.validate(DEFAULT_TAXONOMY)
    families = {t.family.value for t in DEFAULT_TAXONOMY.types}
    assert families == {"upper", "stitching", "lasting", "bonding", "finishing", "sizing",
                        "packaging"}  # fmt: skip


def test_a_clean_lasting_check_passes():
    result = evaluate_checklist(
        DEFAULT_CHECKLISTS["lasting"], {"LS1": True, "LS2": True, "LS3": 0.5, "LS4": True}
    )
    assert result.passed and result.defects == ()


def test_a_heel_height_difference_over_the_limit_records_a_lasting_defect():
    result = evaluate_checklist(
        DEFAULT_CHECKLISTS["lasting"],
        {"LS1": True, "LS2": True, "LS3": 1.6, "LS4": True},
        pair_serial="MARA-0001",
    )
    assert not result.passed
    assert [i.code for i in result.failed] == ["LS3"]
    (d,) = result.defects
    assert (d.code, d.family.value, d.severity, d.pair_serial) == (
        "LA03", "lasting", Severity.MAJOR, "MARA-0001",
    )  # fmt: skip
    assert "above the upper limit" in result.failed[0].message


def test_missing_required_answer_and_unknown_item_are_errors_naming_the_item():
    with pytest.raises(DomainError) as err:
        evaluate_checklist(DEFAULT_CHECKLISTS["lasting"], {"LS1": True})
    assert err.value.field == "LS2"
    with pytest.raises(DomainError, match="LS9"):
        evaluate_checklist(DEFAULT_CHECKLISTS["lasting"], {"LS9": True})


def test_optional_photo_may_be_left_out_but_final_photo_is_required():
    answers = {"CS1": True, "CS2": 4.0, "CS3": True, "CS4": True}
    assert evaluate_checklist(DEFAULT_CHECKLISTS["closing"], answers).passed
    final = {f"FL{i}": True for i in range(1, 6)}
    with pytest.raises(DomainError):
        evaluate_checklist(DEFAULT_CHECKLISTS["final"], final)
    assert evaluate_checklist(DEFAULT_CHECKLISTS["final"], final | {"FL6": "img/p1.jpg"}).passed


def test_a_workshop_extends_the_taxonomy_and_unknown_codes_are_refused():
    with pytest.raises(UnknownDefect):
        DEFAULT_TAXONOMY.get("XX01")
    mine = DEFAULT_TAXONOMY.extend(DefectType("UP09", "upper", "fat wrinkle on vamp", "minor"))
    assert mine.defect("UP09").severity is Severity.MINOR
    with pytest.raises(DomainError):
        DEFAULT_TAXONOMY.extend(DefectType("UP01", "upper", "duplicate", "minor"))


def test_lab_tests_check_every_specimen_against_limits():
    results = evaluate_lab_tests({"SOLE_BOND": [4.6, 3.8, 5.1], "FLEX": 45000})
    assert not results["SOLE_BOND"].passed and results["SOLE_BOND"].worst == 3.8
    assert results["FLEX"].passed
    with pytest.raises(DomainError):
        evaluate_lab_tests({"HARDNESS": 60})


V1 = Variant("MARA", "BLK", "9.5")
V2 = Variant("MARA", "BLK", "10")


def _index():
    pairs = [
        Pair("S1", "B24", V1, hide_codes=("H1",)),
        Pair("S2", "B24", V2),
        Pair("S3", "B25", V1, hide_codes=("H2",)),
    ]
    links = [
        HideLink("S1", "H1", piece="vamp", zone="A"),
        HideLink("S2", "H1", piece="quarter", zone="B"),
        HideLink("S2", "H3", piece="tongue", zone="B"),
    ]
    ops = [
        OperationRecord("B24", "clicking", "ANA", datetime(2024, 3, 1, 8), datetime(2024, 3, 1, 9),
                        ("S1", "S2")),
        OperationRecord("B24", "closing", "LUZ", datetime(2024, 3, 2, 8), datetime(2024, 3, 2, 11),
                        ("S1",)),
        OperationRecord("B24", "finishing", "TOM", datetime(2024, 3, 3, 8),
                        datetime(2024, 3, 3, 9)),
    ]  # fmt: skip
    insp = [
        Inspection("B24", "inspection", "QA", date(2024, 3, 4), 40, 13,
                   (DEFAULT_TAXONOMY.defect("ST05", pair_serial="S1"),)),
    ]  # fmt: skip
    fb = [Feedback(date(2024, 4, 1), V1, "return", reason_code="SOLE", pair_serial="S1")]
    return TraceIndex(pairs, ops, insp, links, fb)


def test_trace_a_pair_to_batch_hides_makers_inspections_and_returns():
    t = _index().pair("S1")
    assert t.pair.batch_code == "B24"
    assert [(h.hide_code, h.piece, h.zone) for h in t.hides] == [("H1", "vamp", "A")]
    assert t.makers == {"clicking": ("ANA",), "closing": ("LUZ",), "finishing": ("TOM",)}
    assert [d.code for d in t.defects] == ["ST05"]
    assert t.feedback[0].reason_code == "SOLE"


def test_trace_a_hide_to_every_pair_cut_from_it():
    h = _index().hide("H1")
    assert h.pairs == ("S1", "S2") and h.batches == ("B24",)
    assert _index().hide("H2").pairs == ("S3",)
    with pytest.raises(UnknownHide):
        _index().hide("H9")


def test_unknown_pair_serial_is_a_clear_error():
    with pytest.raises(UnknownPair) as err:
        _index().pair("NOPE")
    assert err.value.field == "serial"


def test_returns_feed_the_defect_statistics():
    ((fb, pair),) = _index().returns_as_defects()
    assert pair.serial == "S1" and fb.reason_code == "SOLE"


def test_non_conformance_moves_through_corrective_action():
    nc = NonConformance("NC-1", date(2024, 3, 5), "lot B24 rejected: bond", batch_code="B24")
    with pytest.raises(DomainError):
        nc.move_to("verified", date(2024, 3, 6))
    nc = nc.move_to("action-planned", date(2024, 3, 6), "re-train cementing, check press time")
    nc = nc.move_to("action-taken", date(2024, 3, 8))
    nc = nc.move_to("verified", date(2024, 3, 20))
    nc = nc.move_to("closed", date(2024, 3, 21))
    assert nc.status is ActionStatus.CLOSED and len(nc.history) == 4
    assert nc.action.startswith("re-train")
