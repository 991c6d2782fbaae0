"""What the web pages and the API show: one data function per view, filtered and paginated.

Each function takes a unit of work and returns domain objects (or plain dicts for summaries)
so the HTML page and its JSON twin are built from the very same call. Money-bearing views
are separate functions from money-free ones, so a role that must not see costs simply is
not given the former.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import func, select

from cordwain.domain import (
    Artisan,
    BatchStatus,
    Colourway,
    Feedback,
    Hide,
    InventoryLevel,
    Material,
    PreOrder,
    PreOrderStatus,
    PurchaseOrder,
    SalesLine,
    Style,
    WaitlistEntry,
)
from cordwain.store import mapping as m
from cordwain.store import tables as t

from .errors import ServiceError
from .workshop import WorkshopStatus, workshop_status

if TYPE_CHECKING:
    from cordwain.store import SqlUnitOfWork

T = TypeVar("T")

#: Largest page a client may ask for; bigger lists are read page by page.
MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list: ``items`` from ``offset``, ``total`` in the whole list."""

    items: list[T]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + self.limit
        return nxt if nxt < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return None if self.offset == 0 else max(0, self.offset - self.limit)


def _check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise ServiceError("offset cannot be negative")
    if not 1 <= limit <= MAX_PAGE:
        raise ServiceError(f"limit must be 1–{MAX_PAGE}")


def paginate(items: Sequence[T], offset: int = 0, limit: int = 50) -> Page[T]:
    _check_page(offset, limit)
    return Page(list(items[offset : offset + limit]), len(items), offset, limit)


def _matches(text: str | None, *fields: str) -> bool:
    if not text:
        return True
    needle = text.strip().lower()
    return any(needle in f.lower() for f in fields)


def _filtered(items: list[T], keep: Callable[[T], bool]) -> list[T]:
    return [i for i in items if keep(i)]


# --- catalogue -----------------------------------------------------------------------------


def styles(uow: SqlUnitOfWork, *, category: str | None = None, q: str | None = None) -> list[Style]:
    """Styles, optionally of one category or matching ``q`` in code, name or last."""
    return _filtered(
        uow.styles.list(),
        lambda s: (
            (category is None or s.category == category) and _matches(q, s.code, s.name, s.last)
        ),
    )


def style(uow: SqlUnitOfWork, code: str) -> Style:
    found = uow.styles.get(code.upper())
    if found is None:
        raise NotFound(f"style {code} does not exist")
    return found


def colourways(uow: SqlUnitOfWork, *, style_code: str | None = None) -> list[Colourway]:
    return uow.colourways.list(style_code.upper() if style_code else None)


@dataclass(frozen=True, slots=True)
class StyleDetail:
    style: Style
    colourways: list[Colourway]
    pattern_pieces: list[dict[str, Any]]
    bom_lines: dict[str, list[dict[str, Any]]]


def style_detail(uow: SqlUnitOfWork, code: str) -> StyleDetail:
    """A style with its colourways, pattern pieces and bills of materials."""
    s = style(uow, code)
    cws = uow.colourways.list(s.code)
    pieces = [
        {
            "name": p.name,
            "material": p.material_code,
            "count_per_pair": p.count_per_pair,
            "min_grade": p.min_grade.value,
            "grain": p.grain.value,
            "sizes": len(p.outlines),
        }
        for p in uow.patterns.list(s.code)
    ]
    boms: dict[str, list[dict[str, Any]]] = {}
    for c in cws:
        bom = uow.boms.get(s.code, c.code)
        if bom is not None:
            boms[c.code] = [
                {
                    "material": ln.material_code,
                    "base_size": ln.base_size,
                    "per_pair": ln.base_quantity,
                    "grade_per_step": ln.grade_per_step,
                }
                for ln in bom.lines
            ]
    return StyleDetail(s, cws, pieces, boms)


# --- materials and stock -------------------------------------------------------------------


def materials(
    uow: SqlUnitOfWork, *, kind: str | None = None, q: str | None = None
) -> list[Material]:
    return _filtered(
        uow.materials.list(),
        lambda x: (
            (kind is None or x.kind.value == kind) and _matches(q, x.code, x.name, x.supplier)
        ),
    )


def inventory(
    uow: SqlUnitOfWork, *, kind: str | None = None, q: str | None = None
) -> list[InventoryLevel]:
    return _filtered(
        uow.inventory.list(),
        lambda x: (kind is None or x.kind.value == kind) and _matches(q, x.code, x.location),
    )


def purchase_orders(uow: SqlUnitOfWork, *, material: str | None = None) -> list[PurchaseOrder]:
    return _filtered(
        uow.purchase_orders.list(),
        lambda x: material is None or x.material_code == material.upper(),
    )


def hides(
    uow: SqlUnitOfWork, *, material: str | None = None, grade: str | None = None
) -> list[Hide]:
    """Hides on the shelf, of one leather and/or one base grade."""
    return _filtered(
        uow.hides.list(material.upper() if material else None),
        lambda h: grade is None or h.base_grade.value == grade,
    )


def hide_labels(
    uow: SqlUnitOfWork, *, material: str | None = None, grade: str | None = None
) -> list[dict[str, Any]]:
    """What the shelf of hides lists for each hide (no shapes: its picture is a separate
    request), of one leather and/or one base grade."""
    return [
        h
        for h in uow.hides.shelf(material.upper() if material else None)
        if grade is None or h["base_grade"] == grade
    ]


def hide(uow: SqlUnitOfWork, code: str) -> Hide:
    found = uow.hides.get(code.upper())
    if found is None:
        raise NotFound(f"hide {code} does not exist")
    return found


# --- demand --------------------------------------------------------------------------------


def sales(
    uow: SqlUnitOfWork,
    *,
    since: date | None = None,
    until: date | None = None,
    style_code: str | None = None,
    channel: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[SalesLine]:
    """Sales lines, newest first, one page at a time (read page by page from the database)."""
    _check_page(offset, limit)
    c = t.sales_lines.c
    conds = []
    if since is not None:
        conds.append(c.day >= since)
    if until is not None:
        conds.append(c.day <= until)
    if style_code:
        conds.append(c.style_code == style_code.upper())
    if channel:
        conds.append(c.channel == channel)
    total = uow.connection.execute(
        select(func.count()).select_from(t.sales_lines).where(*conds)
    ).scalar_one()
    rows = uow.connection.execute(
        select(t.sales_lines)
        .where(*conds)
        .order_by(c.day.desc(), c.id.desc())
        .offset(offset)
        .limit(limit)
    ).mappings()
    return Page([m.sales_from(r) for r in rows], int(total), offset, limit)


def weekly_sales(uow: SqlUnitOfWork, *, weeks: int = 26, until: date | None = None) -> list[dict]:
    """Pairs sold per week (Monday to Sunday) over the last ``weeks`` weeks of sales."""
    last = until or uow.sales.last_day()
    if last is None:
        return []
    end_monday = last - timedelta(days=last.weekday())
    start = end_monday - timedelta(weeks=weeks - 1)
    c = t.sales_lines.c
    rows = uow.connection.execute(
        select(c.day, func.sum(c.quantity)).where(c.day >= start, c.day <= last).group_by(c.day)
    ).all()
    per_week: dict[date, int] = defaultdict(int)
    for day, qty in rows:
        per_week[day - timedelta(days=day.weekday())] += int(qty)
    return [
        {"week": (start + timedelta(weeks=i)).isoformat(),
         "pairs": per_week.get(start + timedelta(weeks=i), 0)}
        for i in range(weeks)
    ]  # fmt: skip


def preorders(
    uow: SqlUnitOfWork, *, status: str | None = None, style_code: str | None = None
) -> list[PreOrder]:
    if status is not None and status not in {s.value for s in PreOrderStatus}:
        raise ServiceError(f"pre-order status {status!r} is not open, fulfilled or cancelled")
    return _filtered(
        uow.preorders.list(status),
        lambda p: style_code is None or p.variant.style_code == style_code.upper(),
    )


def feedback(
    uow: SqlUnitOfWork, *, kind: str | None = None, style_code: str | None = None
) -> list[Feedback]:
    items = uow.feedback.list()
    items.sort(key=lambda f: f.day, reverse=True)
    return _filtered(
        items,
        lambda f: (
            (kind is None or f.kind.value == kind)
            and (style_code is None or f.variant.style_code == style_code.upper())
        ),
    )


def waitlist(uow: SqlUnitOfWork, *, style_code: str | None = None) -> list[WaitlistEntry]:
    return _filtered(
        uow.waitlist.list(),
        lambda w: style_code is None or w.style_code == style_code.upper(),
    )


# --- people --------------------------------------------------------------------------------


def artisans(uow: SqlUnitOfWork, *, skill: str | None = None) -> list[Artisan]:
    return _filtered(
        uow.artisans.list(),
        lambda a: skill is None or any(op.value == skill for op in a.skills),
    )


def artisan_without_pay(artisan: Artisan) -> dict[str, Any]:
    """An artisan as they themselves see it on their day sheet: skills and shift, no rate."""
    return {
        "code": artisan.code,
        "name": artisan.name,
        "skills": {op.value: minutes for op, minutes in artisan.skills.items()},
        "weekly_hours": artisan.weekly_hours,
        "shift_days": list(artisan.shift.days),
        "shift_start": artisan.shift.start.strftime("%H:%M"),
        "shift_end": artisan.shift.end.strftime("%H:%M"),
    }


# --- the dashboard -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The owner's morning look: status, pre-orders due soon, work in progress, defects."""

    status: WorkshopStatus
    today: date
    preorders_due: list[PreOrder]
    preorders_overdue: int
    pairs_in_progress: int
    batches_in_progress: list[str]
    defects_this_week: int
    inspections_this_week: int
    weekly_sales: list[dict]

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.as_dict(),
            "today": self.today.isoformat(),
            "preorders_due": [
                {
                    "reference": p.reference,
                    "sku": p.variant.sku,
                    "quantity": p.quantity,
                    "promised_by": p.promised_by.isoformat(),
                }
                for p in self.preorders_due
            ],  # fmt: skip
            "preorders_overdue": self.preorders_overdue,
            "pairs_in_progress": self.pairs_in_progress,
            "batches_in_progress": self.batches_in_progress,
            "defects_this_week": self.defects_this_week,
            "inspections_this_week": self.inspections_this_week,
            "weekly_sales": self.weekly_sales,
        }


def dashboard(uow: SqlUnitOfWork, *, today: date | None = None, due_days: int = 14) -> Dashboard:
    today = today or date.today()
    status = workshop_status(uow)
    open_orders = uow.preorders.list(PreOrderStatus.OPEN)
    horizon = today + timedelta(days=due_days)
    due = [p for p in open_orders if p.promised_by <= horizon]
    running = [
        b for s in (BatchStatus.RELEASED, BatchStatus.IN_PROGRESS) for b in uow.batches.list(s)
    ]
    week_ago = today - timedelta(days=7)
    ic = t.inspections.c
    dc = t.defects.c
    inspections_week = uow.connection.execute(
        select(func.count()).select_from(t.inspections).where(ic.day > week_ago, ic.day <= today)
    ).scalar_one()
    defects_week = uow.connection.execute(
        select(func.coalesce(func.sum(dc.count), 0))
        .select_from(t.defects.join(t.inspections, dc.inspection_id == ic.id))
        .where(ic.day > week_ago, ic.day <= today)
    ).scalar_one()
    return Dashboard(
        status=status,
        today=today,
        preorders_due=due[:20],
        preorders_overdue=sum(1 for p in open_orders if p.promised_by < today),
        pairs_in_progress=sum(b.pairs for b in running),
        batches_in_progress=[b.code for b in running],
        defects_this_week=int(defects_week),
        inspections_this_week=int(inspections_week),
        weekly_sales=weekly_sales(uow),
    )


class NotFound(ServiceError):
    """The record asked for does not exist (the API answers 404)."""
