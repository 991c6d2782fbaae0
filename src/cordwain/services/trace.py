"""Traceability use cases: give a batch's pairs serials, record cuts, trace a pair or a hide.

Serials are ``BATCH-NNNN`` (``B2605MARA-0042``), numbered from 0001 in the order of the batch's
lines (style, colourway, size). Which hide — and which piece from which grading zone — each pair
came from is kept per batch as a ``trace.links`` document; the ``pair_hides`` table holds the
hide codes themselves so a recall query finds them even after the hide has left the stock.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cordwain.domain import DomainError, Pair
from cordwain.domain.sizes import size_key
from cordwain.quality import HideLink, TraceIndex
from cordwain.store import SqlUnitOfWork

from .errors import ServiceError
from .quality import KIND_CHECKED, KIND_HOLD, KIND_LOT, defect_json, list_ncrs

#: Piece-by-piece hide links of a batch's pairs; key: batch code.
KIND_LINKS = "trace.links"
#: What is known about a hide that is no longer in stock (cut up); key: hide code.
KIND_USED_HIDE = "trace.hide"


def serial_for(batch_code: str, number: int) -> str:
    return f"{batch_code}-{number:04d}"


def _links(uow: SqlUnitOfWork, batch_code: str) -> list[HideLink]:
    body = uow.documents.get(KIND_LINKS, batch_code) or {"links": {}}
    return [
        HideLink(serial, ln["hide_code"], ln.get("piece", ""), ln.get("zone", ""))
        for serial, links in body["links"].items()
        for ln in links
    ]


def put_links(uow: SqlUnitOfWork, batch_code: str, links: Iterable[HideLink]) -> None:
    """Add hide links of a batch's pairs to its links document (no commit)."""
    body = uow.documents.get(KIND_LINKS, batch_code) or {"links": {}}
    for ln in links:
        entry = {"hide_code": ln.hide_code, "piece": ln.piece, "zone": ln.zone}
        if entry not in body["links"].setdefault(ln.pair_serial, []):
            body["links"][ln.pair_serial].append(entry)
    uow.documents.put(KIND_LINKS, batch_code, body)


def serialise_batch(uow: SqlUnitOfWork, batch_code: str) -> list[Pair]:
    """Give every pair of a batch its serial (``BATCH-0001`` ...), once."""
    batch = uow.batches.get(batch_code)
    if batch is None:
        raise ServiceError(f"batch {batch_code} does not exist")
    if uow.pairs.list(batch_code=batch.code):
        raise ServiceError(f"batch {batch.code} already has serialised pairs")
    lines = sorted(
        batch.lines,
        key=lambda ln: (ln.variant.style_code, ln.variant.colourway_code,
                        size_key(ln.variant.size)),
    )  # fmt: skip
    pairs: list[Pair] = []
    for ln in lines:
        for _ in range(ln.quantity):
            pairs.append(Pair(serial_for(batch.code, len(pairs) + 1), batch.code, ln.variant))
    if not pairs:
        raise ServiceError(f"batch {batch.code} has no pairs to serialise")
    uow.pairs.add_many(pairs)
    uow.commit()
    return pairs


def read_cuts(path: str | Path) -> list[HideLink]:
    """Cut records from CSV: ``serial,hide[,piece][,zone]`` (zone = the grade cut from)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ServiceError(f"{p}: cannot be read ({exc.strerror or exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    cols = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in ("serial", "hide") if c not in cols]
    if missing:
        raise ServiceError(f"{p.name}: missing column(s) {', '.join(missing)}")
    out = []
    for i, row in enumerate(reader, start=2):
        r = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        for col in ("serial", "hide"):
            if not r.get(col):
                raise ServiceError(f"{p.name} row {i}, column {col}: empty")
        out.append(HideLink(r["serial"], r["hide"].upper(), r.get("piece", ""), r.get("zone", "")))
    return out


def record_cuts(uow: SqlUnitOfWork, links: Sequence[HideLink]) -> int:
    """Record which hide (piece, zone) each pair was cut from: all rows or none."""
    by_batch: dict[str, list[HideLink]] = {}
    for i, ln in enumerate(links, start=1):
        pair = uow.pairs.get(ln.pair_serial)
        if pair is None:
            raise ServiceError(f"cut {i}: pair serial {ln.pair_serial} does not exist")
        by_batch.setdefault(pair.batch_code, []).append(ln)
    for batch_code, chunk in by_batch.items():
        put_links(uow, batch_code, chunk)
    uow.commit()
    return len(links)


def _hide_info(uow: SqlUnitOfWork, code: str) -> dict[str, Any]:
    hide = uow.hides.get(code)
    if hide is not None:
        return {"hide_code": code, "material_code": hide.material_code, "lot": hide.lot,
                "in_stock": True}  # fmt: skip
    used = uow.documents.get(KIND_USED_HIDE, code) or {}
    return {"hide_code": code, "material_code": used.get("material_code"), "lot": used.get("lot"),
            "in_stock": False, "received": used.get("received"),
            "note": used.get("note", "")}  # fmt: skip


def _index(uow: SqlUnitOfWork, batch_codes: Iterable[str]) -> tuple[TraceIndex, list[Pair]]:
    pairs: list[Pair] = []
    ops, inspections, links = [], [], []
    for code in sorted(set(batch_codes)):
        pairs += uow.pairs.list(batch_code=code)
        ops += uow.operation_records.list(batch_code=code)
        inspections += uow.inspections.list(code)
        links += _links(uow, code)
    serials = {p.serial for p in pairs}
    feedback = [f for f in uow.feedback.list() if f.pair_serial in serials]
    try:
        return TraceIndex(pairs, ops, inspections, links, feedback), pairs
    except DomainError as exc:
        raise ServiceError(f"traceability records are inconsistent: {exc}") from exc


def _feedback_json(f) -> dict[str, Any]:
    return {"day": f.day.isoformat(), "kind": f.kind.value, "reason_code": f.reason_code,
            "rating": f.rating, "text": f.text}  # fmt: skip


def trace_pair(uow: SqlUnitOfWork, serial: str) -> dict[str, Any]:
    """Everything about one pair: batch, SKU, hides and zones, who did what when, inspections."""
    pair = uow.pairs.get(serial.strip())
    if pair is None:
        raise ServiceError(f"pair serial {serial} does not exist")
    index, _ = _index(uow, [pair.batch_code])
    t = index.pair(pair.serial)
    batch = uow.batches.get(pair.batch_code)
    names = {a.code: a.name for a in uow.artisans.list()}
    # By number, not by value: two bundles' clean checks on one day are equal values.
    numbered = uow.inspections.list_with_ids(pair.batch_code)
    lots = [
        d for k in uow.documents.list(KIND_LOT) if k.split("/")[0] == pair.batch_code
        for d in [uow.documents.get(KIND_LOT, k) or {}]
        if d.get("style_code") == pair.variant.style_code
    ]  # fmt: skip
    hides = {h: _hide_info(uow, h) for h in sorted({ln.hide_code for ln in t.hides})}
    return {
        "serial": pair.serial,
        "batch_code": pair.batch_code,
        "batch_status": batch.status.value if batch else None,
        "sku": pair.variant.sku,
        "hides": [
            {**info, "pieces": [{"piece": ln.piece, "zone": ln.zone} for ln in t.hides
                                if ln.hide_code == h and (ln.piece or ln.zone)]}
            for h, info in hides.items()
        ],
        "operations": [
            {"operation": r.operation.value, "artisan": r.artisan_code,
             "name": names.get(r.artisan_code, ""), "started": r.started.isoformat(),
             "finished": r.finished.isoformat(), "bundle_pairs": len(r.pair_serials)}
            for r in t.operations
        ],
        "inspections": [
            {"id": n,
             "operation": i.operation.value, "day": i.day.isoformat(), "inspector": i.inspector,
             "lot_size": i.lot_size, "sample_size": i.sample_size, "result": i.result.value,
             "in_sample": checked,
             "defects_on_pair": [defect_json(d) for d in i.defects
                                 if d.pair_serial == pair.serial]}
            for n, i in numbered
            for checked in [_in_sample(uow, n, i, pair.serial, lots)]
            if checked is not False or i.operation.value == "inspection"
        ],
        "defects": [defect_json(d) for d in t.defects],
        "feedback": [_feedback_json(f) for f in t.feedback],
        "final_lots": [
            {"attempt": d["attempt"], "day": d["day"], "accepted": d["accepted"],
             "inspection_id": d["inspection_id"], "pair_in_sample": pair.serial in d["sample"]}
            for d in lots
        ],
        "hold": uow.documents.get(KIND_HOLD, pair.batch_code),
        "ncrs": [
            n.reference for n in list_ncrs(uow)
            if pair.serial in n.pair_serials
            or n.batch_code == pair.batch_code
            or set(n.hide_codes) & set(hides)
        ],
    }  # fmt: skip


def _in_sample(
    uow: SqlUnitOfWork, number: int | None, inspection, serial: str, lots: list[dict[str, Any]]
) -> bool | None:
    """Whether the pair was among those checked (None when the records do not say)."""
    if any(d.pair_serial == serial for d in inspection.defects):
        return True
    for d in lots:
        if d["inspection_id"] == number:
            return serial in d["sample"]
    checked = uow.documents.get(KIND_CHECKED, str(number)) if number is not None else None
    if checked is not None:
        return serial in checked["serials"]
    return None


def trace_hide(uow: SqlUnitOfWork, hide_code: str) -> dict[str, Any]:
    """Every pair with a piece cut from a hide: the list to recall if the hide was bad."""
    code = hide_code.strip().upper()
    batches = {p.batch_code for p in uow.pairs.list(hide_code=code)}
    for key in uow.documents.list(KIND_LINKS):
        body = uow.documents.get(KIND_LINKS, key) or {"links": {}}
        if any(ln["hide_code"] == code for links in body["links"].values() for ln in links):
            batches.add(key)
    if not batches:
        uncut = " (it is in stock, not cut yet)" if uow.hides.get(code) is not None else ""
        raise ServiceError(f"no pair was cut from hide {code}{uncut}")
    index, pairs = _index(uow, batches)
    t = index.hide(code)
    by_serial = {p.serial: p for p in pairs}
    returns: dict[str, list] = {}
    for f in uow.feedback.list():
        if f.pair_serial in t.pairs:
            returns.setdefault(f.pair_serial, []).append(_feedback_json(f))
    found: dict[str, list] = {}
    for b in batches:
        for i in uow.inspections.list(b):
            for d in i.defects:
                if d.pair_serial in t.pairs:
                    found.setdefault(d.pair_serial, []).append(
                        {**defect_json(d), "operation": i.operation.value, "day": i.day.isoformat()}
                    )
    pieces: dict[str, list[dict[str, str]]] = {}
    for ln in t.links:
        pieces.setdefault(ln.pair_serial, []).append({"piece": ln.piece, "zone": ln.zone})
    return {
        **_hide_info(uow, code),
        "pairs": [
            {"serial": s, "batch_code": by_serial[s].batch_code, "sku": by_serial[s].variant.sku,
             "pieces": pieces.get(s, []), "defects": found.get(s, []),
             "feedback": returns.get(s, [])}
            for s in t.pairs
        ],
        "batches": list(t.batches),
        "skus": [v.sku for v in t.variants],
        "ncrs": [n.reference for n in list_ncrs(uow) if code in n.hide_codes],
    }  # fmt: skip


def put_used_hide(
    uow: SqlUnitOfWork, code: str, material_code: str, lot: str, received: date, note: str = ""
) -> None:
    """Keep what is known of a hide that was cut up, so a recall can still name it."""
    uow.documents.put(KIND_USED_HIDE, code, {
        "material_code": material_code, "lot": lot, "received": received.isoformat(),
        "note": note,
    })  # fmt: skip


__all__ = [
    "KIND_LINKS", "KIND_USED_HIDE", "put_links", "put_used_hide", "read_cuts",
    "record_cuts", "serial_for", "serialise_batch", "trace_hide", "trace_pair",
]  # fmt: skip
