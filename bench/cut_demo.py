"""Cut a demo-workshop batch end to end: plan_cutting against a greedy cutter in the same run.

The batch (>= 200 pairs; ``--quick``: ~30) takes, for each leather article on the shelf, the
colourway that needs the least of it, as many pairs as the article's hides should hold at a
modest yield, spread over the style's core sizes. The plan runs through the service (hides,
offcuts, rolls, stored documents) on a throwaway SQLite workshop; the baseline is the engine's
first-fit bottom-left cutter (``solve_greedy``) on the same leather problems.

Prints JSON lines: one per leather article, then a summary line
``{"bench": "cut_demo", "runtime_s", "hides_used", "greedy_hides_used", "hides_vs_greedy",
"yield", "greedy_yield", "yield_vs_greedy", ...}``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from cordwain import nest
from cordwain.domain import Batch, BatchLine, MaterialKind, Variant
from cordwain.services import init_workshop
from cordwain.services.cutting import colourway_pieces, plan_cutting
from cordwain.services.workshop import unit_of_work

BATCH = "B2612DEMO"


def _emit(**row) -> None:
    print(json.dumps({"bench": "cut_demo", **row}), flush=True)


def compose(uow, *, fill: float, max_articles: int | None) -> list[BatchLine]:
    """Per leather article, the thriftiest colourway, sized to what the shelf can hold."""
    area: dict[str, float] = defaultdict(float)
    for h in uow.hides.list():
        area[h.material_code] += h.stamped_area_sqft
    leathers = {m.code for m in uow.materials.list() if m.kind is MaterialKind.LEATHER}
    best: dict[str, tuple[float, str, str]] = {}
    for bom in uow.boms.list():
        for ln in bom.lines:
            if ln.material_code in leathers and area.get(ln.material_code):
                cand = (ln.base_quantity, bom.style_code, bom.colourway_code)
                if ln.material_code not in best or cand < best[ln.material_code]:
                    best[ln.material_code] = cand
    chosen = sorted(best.items(), key=lambda kv: -area[kv[0]])[:max_articles]
    lines = []
    for leather, (per_pair, style_code, colourway) in chosen:
        pairs = int(area[leather] * fill / per_pair)
        style = uow.styles.get(style_code)
        sizes = style.size_run.core or style.size_run.sizes
        counts = [pairs // len(sizes) + (1 if i < pairs % len(sizes) else 0)
                  for i in range(len(sizes))]  # fmt: skip
        lines += [BatchLine(Variant(style_code, colourway, s), q)
                  for s, q in zip(sizes, counts, strict=True) if q]  # fmt: skip
    return lines


def greedy(uow, lines: list[BatchLine], gap: float) -> dict[str, nest.NestResult]:
    """The baseline on the same shelf: first-fit bottom-left per leather article."""
    demands: dict[str, list[nest.PieceDemand]] = defaultdict(list)
    kinds = {m.code: m.kind for m in uow.materials.list()}
    for ln in lines:
        v = ln.variant
        for p in colourway_pieces(uow, v.style_code, v.colourway_code):
            if kinds[p.material_code] is MaterialKind.LEATHER:
                demands[p.material_code].append(
                    nest.PieceDemand(p, v.size, ln.quantity, f"{v.style_code}-{v.colourway_code}")
                )
    out = {}
    for mat, ds in sorted(demands.items()):
        hides = uow.hides.list(mat)
        problem = nest.NestProblem.from_domain(
            hides, ds, offcuts=uow.offcuts.list(mat),
            hide_cost={h.code: h.stamped_area_sqft for h in hides}, gap_mm=gap,
        )  # fmt: skip
        out[mat] = nest.solve_greedy(problem)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="~30 pairs, short search (CI)")
    ap.add_argument("--time-limit", type=float, default=None, help="seconds for the plan")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    fill, articles, limit = (0.15, 3, 20.0) if args.quick else (0.43, None, 75.0)
    limit = args.time_limit or limit
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        init_workshop(url, demo=True, today=date(2026, 11, 27))
        with unit_of_work(url) as uow:
            lines = compose(uow, fill=fill, max_articles=articles)
            pairs = sum(ln.quantity for ln in lines)
            uow.batches.add(Batch(BATCH, date(2026, 12, 1), date(2026, 12, 31), lines))
            uow.commit()
            t0 = time.monotonic()
            base = greedy(uow, lines, 2.0)
            greedy_s = time.monotonic() - t0
            t0 = time.monotonic()
            report = plan_cutting(uow, BATCH, time_limit=limit, seed=args.seed)
            runtime = time.monotonic() - t0
    hides = piece = usable = 0.0
    g_hides = g_piece = g_usable = 0.0
    for a in report.articles:
        if a.kind != "leather":
            _emit(material=a.material, kind="fabric", pieces=a.pieces, placed=a.placed,
                  metres=round(a.metres, 2), density=round(a.utilisation, 4),
                  runtime_s=round(a.runtime, 1))  # fmt: skip
            continue
        g = base[a.material]
        g_area = sum(u.piece_area for u in g.usage)
        g_use = sum(u.usable_area for u in g.usage)
        _emit(material=a.material, pairs=a.pairs, pieces=a.pieces, placed=a.placed,
              hides_used=a.hides_used, greedy_hides_used=g.hides_used,
              greedy_placed=len(g.placements), **{"yield": round(a.utilisation, 4)},
              greedy_yield=round(g_area / g_use, 4) if g_use else 0.0,
              sqft_per_pair=round(a.sqft_per_pair, 3), runtime_s=round(a.runtime, 1))  # fmt: skip
        hides += a.hides_used
        g_hides += g.hides_used
        piece += a.piece_sqft
        usable += a.piece_sqft / a.utilisation if a.utilisation else 0.0
        g_piece += g_area
        g_usable += g_use
    y = piece / usable if usable else 0.0
    gy = g_piece / g_usable if g_usable else 0.0
    _emit(
        quick=args.quick, pairs=pairs, pieces=report.pieces, placed=report.placed,
        status=report.status, runtime_s=round(runtime, 1), time_limit_s=limit,
        under_120s=runtime < 120, hides_used=int(hides), greedy_hides_used=int(g_hides),
        hides_vs_greedy=round(hides / g_hides, 3) if g_hides else None,
        **{"yield": round(y, 4)}, greedy_yield=round(gy, 4),
        yield_vs_greedy=round(y / gy, 3) if gy else None, greedy_runtime_s=round(greedy_s, 1),
        offcuts_kept=len(report.offcuts_kept),
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
