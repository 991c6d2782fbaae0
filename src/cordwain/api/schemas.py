"""The API's JSON shapes (pydantic models, published in the OpenAPI schema) and converters.

Converters take domain objects and give models; money travels as decimal strings so no
cent is lost to floating point.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from cordwain.domain import (
    Artisan,
    Batch,
    Colourway,
    Feedback,
    Hide,
    InventoryLevel,
    Material,
    PreOrder,
    PurchaseOrder,
    SalesLine,
    Style,
    WaitlistEntry,
)
from cordwain.services.accounts import ApiToken, User
from cordwain.services.web_views import Page as ServicePage

T = TypeVar("T")

#: Times are the workshop's wall-clock time, without an offset (as the store keeps them),
#: so they are not RFC 3339 ``date-time`` values and the schema says so.
LocalDateTime = Annotated[
    datetime,
    PlainSerializer(lambda d: d.isoformat(timespec="seconds"), return_type=str),
    WithJsonSchema({
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
        "description": "workshop local time, YYYY-MM-DDTHH:MM:SS, no offset",
    }),
]  # fmt: skip


class Page(BaseModel, Generic[T]):
    """One page of a list: read the next with ``?offset=next_offset``."""

    items: list[T]
    total: int
    offset: int
    limit: int
    next_offset: int | None


def page_of(page: ServicePage[Any], convert) -> dict[str, Any]:
    return {
        "items": [convert(i) for i in page.items],
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "next_offset": page.next_offset,
    }


# --- accounts ------------------------------------------------------------------------------


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    artisan_code: str | None
    active: bool
    created_at: LocalDateTime
    last_login_at: LocalDateTime | None
    permissions: list[str]


def user_out(u: User) -> UserOut:
    return UserOut(
        id=u.id, username=u.username, display_name=u.display_name, role=u.role.value,
        artisan_code=u.artisan_code, active=u.active, created_at=u.created_at,
        last_login_at=u.last_login_at, permissions=sorted(p.value for p in u.permissions),
    )  # fmt: skip


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=256)
    role: str = Field(max_length=16)
    display_name: str | None = Field(default=None, max_length=200)
    artisan_code: str | None = Field(default=None, max_length=40)


class UserPatch(BaseModel):
    role: str | None = Field(default=None, max_length=16)
    active: bool | None = None
    display_name: str | None = Field(default=None, max_length=200)
    artisan_code: str | None = Field(default=None, max_length=40)


class PasswordIn(BaseModel):
    new_password: str = Field(min_length=1, max_length=256)


class OwnPasswordIn(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: LocalDateTime
    last_used_at: LocalDateTime | None


def token_out(t: ApiToken) -> TokenOut:
    return TokenOut(
        id=t.id, user_id=t.user_id, name=t.name, prefix=t.prefix, created_at=t.created_at,
        last_used_at=t.last_used_at,
    )  # fmt: skip


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself, shown only this once: keep it safe.")


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=80)


class TokenLoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=256)
    name: str = Field(min_length=1, max_length=80)


# --- catalogue -----------------------------------------------------------------------------


class RoutingStepOut(BaseModel):
    operation: str
    minutes_per_pair: float
    lag_minutes: float


class StyleOut(BaseModel):
    code: str
    name: str
    last: str
    category: str
    size_system: str
    sizes: list[str]
    core_sizes: list[str]
    routing: list[RoutingStepOut]
    minutes_per_pair: float
    retail_price: str
    unit_cost: str


def style_out(s: Style) -> StyleOut:
    return StyleOut(
        code=s.code, name=s.name, last=s.last, category=s.category,
        size_system=s.size_run.system.value, sizes=list(s.size_run.sizes),
        core_sizes=list(s.size_run.core),
        routing=[RoutingStepOut(operation=r.operation.value, minutes_per_pair=r.minutes_per_pair,
                                lag_minutes=r.lag_minutes) for r in s.routing],
        minutes_per_pair=s.minutes_per_pair, retail_price=str(s.retail_price),
        unit_cost=str(s.unit_cost),
    )  # fmt: skip


class ColourwayOut(BaseModel):
    style_code: str
    code: str
    name: str


def colourway_out(c: Colourway) -> ColourwayOut:
    return ColourwayOut(style_code=c.style_code, code=c.code, name=c.name)


class PatternPieceOut(BaseModel):
    name: str
    material: str
    count_per_pair: int
    min_grade: str
    grain: str
    sizes: int


class BomLineOut(BaseModel):
    material: str
    base_size: str
    per_pair: float
    grade_per_step: float


class StyleDetailOut(BaseModel):
    style: StyleOut
    colourways: list[ColourwayOut]
    pattern_pieces: list[PatternPieceOut]
    bom_lines: dict[str, list[BomLineOut]]


# --- materials and stock -------------------------------------------------------------------


class MaterialOut(BaseModel):
    code: str
    name: str
    kind: str
    unit: str
    unit_cost: str
    supplier: str
    lead_time_days: int
    min_order: float
    per_size: bool
    default_yield: float
    co2e_per_unit: float


def material_out(x: Material) -> MaterialOut:
    return MaterialOut(
        code=x.code, name=x.name, kind=x.kind.value, unit=x.unit.value,
        unit_cost=str(x.unit_cost), supplier=x.supplier, lead_time_days=x.lead_time_days,
        min_order=x.min_order, per_size=x.per_size, default_yield=x.default_yield,
        co2e_per_unit=x.co2e_per_unit,
    )  # fmt: skip


class InventoryOut(BaseModel):
    kind: str
    code: str
    size: str | None
    location: str
    quantity: float


def inventory_out(x: InventoryLevel) -> InventoryOut:
    return InventoryOut(
        kind=x.kind.value, code=x.code, size=x.size, location=x.location, quantity=x.quantity
    )


class PurchaseOrderOut(BaseModel):
    reference: str
    material_code: str
    size: str | None
    quantity: float
    due: date


def purchase_order_out(x: PurchaseOrder) -> PurchaseOrderOut:
    return PurchaseOrderOut(
        reference=x.reference, material_code=x.material_code, size=x.size,
        quantity=x.quantity, due=x.due,
    )  # fmt: skip


class ZoneOut(BaseModel):
    grade: str
    note: str
    outline: list[list[float]]


class HideOut(BaseModel):
    code: str
    material_code: str
    lot: str
    stamped_area_sqft: float
    outline_area_sqft: float
    base_grade: str
    thickness_mm: float
    zones: int
    holes: int


def hide_out(h: Hide) -> HideOut:
    return HideOut(
        code=h.code, material_code=h.material_code, lot=h.lot,
        stamped_area_sqft=h.stamped_area_sqft, outline_area_sqft=round(h.outline_area_sqft, 3),
        base_grade=h.base_grade.value, thickness_mm=h.thickness_mm, zones=len(h.zones),
        holes=len(h.holes),
    )  # fmt: skip


class HideDetailOut(HideOut):
    outline: list[list[float]]
    quality_zones: list[ZoneOut]
    hole_outlines: list[list[list[float]]]
    backbone: list[list[float]] | None


def hide_detail_out(h: Hide) -> HideDetailOut:
    return HideDetailOut(
        **hide_out(h).model_dump(),
        outline=[list(p) for p in h.outline.points],
        quality_zones=[
            ZoneOut(grade=z.grade.value, note=z.note, outline=[list(p) for p in z.outline.points])
            for z in h.zones
        ],
        hole_outlines=[[list(p) for p in hole.points] for hole in h.holes],
        backbone=[list(p) for p in h.backbone] if h.backbone else None,
    )


# --- demand --------------------------------------------------------------------------------


class SalesLineOut(BaseModel):
    day: date
    sku: str
    style_code: str
    colourway_code: str
    size: str
    quantity: int
    unit_price: str
    channel: str


def sales_out(x: SalesLine) -> SalesLineOut:
    v = x.variant
    return SalesLineOut(
        day=x.day, sku=v.sku, style_code=v.style_code, colourway_code=v.colourway_code,
        size=v.size, quantity=x.quantity, unit_price=str(x.unit_price), channel=x.channel,
    )  # fmt: skip


class WeekOut(BaseModel):
    week: date
    pairs: int


class PreOrderOut(BaseModel):
    reference: str
    sku: str
    quantity: int
    placed_on: date
    promised_by: date
    status: str


def preorder_out(p: PreOrder) -> PreOrderOut:
    return PreOrderOut(
        reference=p.reference, sku=p.variant.sku, quantity=p.quantity, placed_on=p.placed_on,
        promised_by=p.promised_by, status=p.status.value,
    )  # fmt: skip


class FeedbackOut(BaseModel):
    day: date
    sku: str
    kind: str
    rating: int | None
    fit: str | None
    text: str
    reason_code: str
    exchanged_to_size: str | None


def feedback_out(f: Feedback) -> FeedbackOut:
    return FeedbackOut(
        day=f.day, sku=f.variant.sku, kind=f.kind.value, rating=f.rating,
        fit=f.fit.value if f.fit else None, text=f.text, reason_code=f.reason_code,
        exchanged_to_size=f.exchanged_to_size,
    )  # fmt: skip


class WaitlistOut(BaseModel):
    day: date
    style_code: str
    colourway_code: str
    size: str | None
    signups: int
    drop: str


def waitlist_out(w: WaitlistEntry) -> WaitlistOut:
    return WaitlistOut(
        day=w.day, style_code=w.style_code, colourway_code=w.colourway_code, size=w.size,
        signups=w.signups, drop=w.drop,
    )  # fmt: skip


# --- people and production -----------------------------------------------------------------


class ArtisanOut(BaseModel):
    code: str
    name: str
    skills: dict[str, float]
    weekly_hours: float
    shift_days: list[str]
    shift_start: str
    shift_end: str
    overtime_opt_in: bool
    hourly_rate: float


def artisan_out(a: Artisan) -> ArtisanOut:
    return ArtisanOut(
        code=a.code, name=a.name, skills={k.value: v for k, v in a.skills.items()},
        weekly_hours=a.weekly_hours, shift_days=list(a.shift.days),
        shift_start=a.shift.start.strftime("%H:%M"), shift_end=a.shift.end.strftime("%H:%M"),
        overtime_opt_in=a.overtime_opt_in, hourly_rate=a.hourly_rate,
    )  # fmt: skip


class OwnArtisanOut(BaseModel):
    """An artisan as they see themselves: no hourly rate."""

    code: str
    name: str
    skills: dict[str, float]
    weekly_hours: float
    shift_days: list[str]
    shift_start: str
    shift_end: str


class BatchLineOut(BaseModel):
    sku: str
    quantity: int


class BatchOut(BaseModel):
    code: str
    start: date
    end: date
    status: str
    note: str
    pairs: int
    lines: list[BatchLineOut]


def batch_out(b: Batch) -> BatchOut:
    return BatchOut(
        code=b.code, start=b.start, end=b.end, status=b.status.value, note=b.note, pairs=b.pairs,
        lines=[BatchLineOut(sku=ln.variant.sku, quantity=ln.quantity) for ln in b.lines],
    )  # fmt: skip


class OperationRecordOut(BaseModel):
    id: int
    batch: str
    operation: str
    artisan: str
    started: LocalDateTime
    finished: LocalDateTime
    minutes: float
    pairs: list[str]


class OpenBatchOut(BaseModel):
    code: str
    status: str
    pairs: int


class DaySheetOut(BaseModel):
    artisan: OwnArtisanOut
    day: date
    records: list[OperationRecordOut]
    open_batches: list[OpenBatchOut]


class OperationIn(BaseModel):
    batch_code: str = Field(min_length=1, max_length=40)
    operation: str = Field(max_length=16)
    started: datetime
    finished: datetime
    pair_serials: list[str] = Field(default_factory=list, max_length=500)


class DefectIn(BaseModel):
    family: str = Field(max_length=16)
    code: str = Field(min_length=1, max_length=40)
    severity: str = Field(max_length=16)
    count: int = Field(default=1, ge=1, le=10_000)
    pair_serial: str | None = Field(default=None, max_length=80)
    note: str = Field(default="", max_length=2000)


class OwnDefectIn(BaseModel):
    batch_code: str = Field(min_length=1, max_length=40)
    operation: str = Field(max_length=16)
    defect: DefectIn
    day: date | None = None


class InspectionIn(BaseModel):
    batch_code: str = Field(min_length=1, max_length=40)
    operation: str = Field(max_length=16)
    lot_size: int = Field(ge=1, le=1_000_000)
    sample_size: int = Field(ge=1, le=1_000_000)
    result: str = Field(max_length=16)
    defects: list[DefectIn] = Field(default_factory=list, max_length=200)
    day: date | None = None


class DefectOut(BaseModel):
    family: str
    code: str
    severity: str
    count: int
    pair_serial: str | None
    note: str


class InspectionOut(BaseModel):
    id: int
    batch: str
    operation: str
    inspector: str
    day: date
    lot_size: int
    sample_size: int
    result: str
    defects: list[DefectOut]


class Created(BaseModel):
    id: int


# --- workshop and files --------------------------------------------------------------------


class StyleSummaryOut(BaseModel):
    style: str
    name: str
    category: str
    colourways: int
    sizes: int
    sold_last_4_weeks: int
    open_preorder_pairs: int


class StatusOut(BaseModel):
    counts: dict[str, int]
    variants: int
    material_value: str
    finished_pairs: int
    finished_value: str
    open_preorders: int
    open_preorder_pairs: int
    next_promise: date | None
    pairs_sold_last_4_weeks: int
    last_sale: date | None
    currency: str
    by_style: list[StyleSummaryOut]


class DuePreOrderOut(BaseModel):
    reference: str
    sku: str
    quantity: int
    promised_by: date


class DashboardOut(BaseModel):
    status: StatusOut
    today: date
    preorders_due: list[DuePreOrderOut]
    preorders_overdue: int
    pairs_in_progress: int
    batches_in_progress: list[str]
    defects_this_week: int
    inspections_this_week: int
    weekly_sales: list[WeekOut]


class ImportOut(BaseModel):
    kind: str
    file: str
    rows: int


class HealthOut(BaseModel):
    status: str
