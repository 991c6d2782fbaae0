"""A tiny hand-made workshop whose leather, pairs and returns are known (see ``build``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cordwain import services
from cordwain.domain import (
    BOM,
    Batch,
    BatchLine,
    BatchStatus,
    BOMLine,
    Colourway,
    Feedback,
    FeedbackKind,
    Material,
    Pair,
    RoutingStep,
    SizeRun,
    SizeSystem,
    Style,
    Variant,
)
from cordwain.domain.units import MM2_PER_SQFT

PAIR_KG = 14.0
LEATHER_KG = 5.39 / 10.7639
BLK = Variant("MARA", "BLK", "9")


def _square_sqft(sqft: float) -> list[list[float]]:
    """A rectangle 1 m wide with the given area, as an outline in mm."""
    h = sqft * MM2_PER_SQFT / 1000.0
    return [[0.0, 0.0], [1000.0, 0.0], [1000.0, h], [0.0, h]]


def _plan(code: str, *, pairs: int, sold: float, bought: float, cut: float) -> dict:
    """A plan document as ``cordwain plan`` stores it (the fields the impact report reads)."""
    return {
        "code": code,
        "summary": {"pairs": pairs, "expected_sold": sold, "expected_unsold": pairs - sold,
                    "finished_stock_pairs": 0},
        "lines": [{"sku": BLK.sku, "quantity": pairs, "expected_sold": sold,
                   "expected_unsold": pairs - sold}],
        "impact": {
            "batch": {"pairs_made": pairs, "leather_bought_sqft": bought,
                      "leather_cut_sqft": cut, "leather_scrap_sqft": bought - cut},
            "mass_production": {"quantile": 0.95, "pairs_made": 30, "expected_sold": 11.0,
                                "expected_unsold": 19.0, "expected_margin": 100.0,
                                "bulk_unit_cost_share": 0.8, "leather_bought_sqft": 300.0,
                                "leather_scrap_sqft": 80.0},
            "cutting_yield_source": "configured default yield per article",
        },
    }  # fmt: skip


def _cutting_plan(code: str) -> dict:
    """One 100 sq ft hide (92 usable) opened: 70 sq ft of pieces cut, a 10 sq ft offcut kept,
    so 20 sq ft is scrap; a fabric roll that the leather account leaves out."""
    return {
        "batch": code, "status": "complete", "pairs": 12,
        "sheets": [
            {"code": "H1", "kind": "hide", "material": "LTH_BLK", "pieces": 48, "yield": 0.76,
             "piece_sqft": 70.0, "usable_sqft": 92.0, "scrap_sqft": 22.0,
             "hide": {"code": "H1", "material": "LTH_BLK", "stamped_area_sqft": 100.0}},
            {"code": "R1", "kind": "roll", "material": "LINING", "pieces": 24, "yield": 0.8,
             "metres": 2.0, "width_mm": 1400.0},
        ],
        "offcuts_kept": [{"code": "H1_OFF1", "hide_code": "H1", "material": "LTH_BLK",
                          "outline": _square_sqft(10.0), "grade": "A", "zones": []}],
        "offcuts_used": [], "unplaced": [],
    }  # fmt: skip


def build(url: str) -> str:
    """MARA in size 9 only, black calf at 2 sq ft net per pair and a 0.8 default yield.

    * B1 (Jan): 12 pairs planned, made and serialised; plan expects 10 sold, 2 unsold; its
      cutting plan opened a 100 sq ft hide: 70 cut, 10 kept, 20 scrap. Two of its pairs came
      back (plus a return of another batch's pair and one with no serial, which are not B1's).
    * B2 (Feb): 8 pairs planned and made (serialised), plan expects 7 sold, 1 unsold; plan
      expects 20 sq ft bought, 16 cut; no cutting plan. One pair came back.
    * B3 (Mar): 5 pairs, finished long ago: no plan, no cutting plan, no serials.
    """
    with services.unit_of_work(url) as uow:
        uow.styles.add(
            Style("MARA", "Mara", "L1", "sneaker", SizeRun(SizeSystem.US_MEN, ("9",)),
                  (RoutingStep("clicking", 10),), Decimal("200"), Decimal("80"))
        )  # fmt: skip
        uow.colourways.add(Colourway("MARA", "BLK", "Black"))
        uow.materials.add(
            Material("LTH_BLK", "Black calf", "leather", "sqft", Decimal("8"), "Tannery A", 2,
                     default_yield=0.8)
        )  # fmt: skip
        uow.boms.put(BOM("MARA", "BLK", (BOMLine("LTH_BLK", "9", 2.0),)))
        for code, start, end, n in (
            ("B1", date(2026, 1, 5), date(2026, 1, 25), 12),
            ("B2", date(2026, 2, 2), date(2026, 2, 22), 8),
            ("B3", date(2026, 3, 2), date(2026, 3, 22), 5),
        ):
            uow.batches.add(Batch(code, start, end, [BatchLine(BLK, n)], BatchStatus.PLANNED))
        uow.pairs.add_many(Pair(f"B1-{i:04d}", "B1", BLK) for i in range(1, 13))
        uow.pairs.add_many(Pair(f"B2-{i:04d}", "B2", BLK) for i in range(1, 9))
        for serial in ("B1-0003", "B1-0007", "B2-0001", None):
            uow.feedback.add(
                Feedback(date(2026, 4, 1), BLK, FeedbackKind.RETURN, reason_code="BO01",
                         pair_serial=serial)
            )  # fmt: skip
        uow.feedback.add(Feedback(date(2026, 4, 2), BLK, FeedbackKind.REVIEW, rating=5,
                                  pair_serial="B1-0001"))  # fmt: skip
        uow.documents.put("plan", "B1", _plan("B1", pairs=12, sold=10.0, bought=130.0, cut=90.0))
        uow.documents.put("plan", "B2", _plan("B2", pairs=8, sold=7.0, bought=20.0, cut=16.0))
        uow.documents.put("cutting-plan", "B1", _cutting_plan("B1"))
        uow.commit()
    return url


@pytest.fixture
def workshop(workshop_url):
    return build(workshop_url)
