"""CSV kinds of the catalogue and the workshop: styles, colourways, BOM, materials, artisans."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from cordwain.domain import (
    BOM,
    Artisan,
    BOMLine,
    Colourway,
    DomainError,
    Material,
    MaterialKind,
    Operation,
    RoutingStep,
    Shift,
    SizeRun,
    SizeSystem,
    Style,
    Unit,
    format_size,
    parse_size,
)
from cordwain.domain.sizes import size_key

from . import _refs as refs
from ._table import (
    Column,
    Kind,
    Row,
    Table,
    fmt_bool,
    fmt_decimal,
    fmt_number,
    fmt_time,
)
from .context import Context

_SYSTEMS = "us-m (US men's), us-w (US women's) or eu"


#: Typical minutes per pair of a cemented leather sneaker (examples in the docs).
_TYPICAL_MINUTES = {
    "clicking": "12", "skiving": "4", "closing": "35", "lasting": "15", "bottoming": "15",
    "finishing": "10", "inspection": "3", "packing": "2",
}  # fmt: skip


def _minutes_columns(what: str) -> tuple[Column, ...]:
    return tuple(
        Column(
            f"minutes_{op.value}",
            False,
            "number",
            _TYPICAL_MINUTES.get(op.value, "10"),
            f"{what} {op.value}; blank = {{blank}}",
            unit="minutes per pair",
        )
        for op in Operation
    )


def _duplicate(row: Row, seen: dict, key: object, column: str, label: str) -> bool:
    if key in seen:
        row.error(column, f"{label} is already defined in row {seen[key]}")
        return True
    seen[key] = row.position
    return False


def _exists(row: Row, ctx: Context, known: bool, column: str, label: str) -> None:
    if known and not ctx.allow_updates:
        row.error(column, f"{label} already exists in the workshop")


class Styles(Kind):
    name = "styles"
    object_type = Style
    summary = "One row per style: its last, size run, routing minutes and prices."
    columns = (
        Column("code", True, "code", "MARA", "style code, used in SKUs"),
        Column("name", True, "text", "Mara low-top", "the name customers see"),
        Column("last", True, "text", "L-204", "the last the style is made on"),
        Column("category", True, "text", "sneaker", "family of styles (sneaker, boot...)"),
        Column("size_system", True, "us-m, us-w or eu", "us-m", f"size system: {_SYSTEMS}"),
        Column("size_from", True, "size", "7", "smallest size of the run"),
        Column("size_to", True, "size", "13", "largest size of the run"),
        Column("skip_sizes", False, "sizes separated by ;", "12.5",
               "sizes between size_from and size_to that are not made"),
        Column("core_sizes", False, "sizes separated by ;", "9;9.5;10;10.5",
               "sizes never left out of a batch"),
        *(
            Column(c.name, False, c.type, c.example,
                   c.help.format(blank="not in the routing"), c.unit)
            for c in _minutes_columns("standard labour for")
        ),
        Column("drying_minutes", False, "number", "45",
               "cement drying after lasting (elapsed time, no labour)", unit="minutes"),
        Column("retail_price", True, "decimal", "185.00", "retail price of a pair",
               unit="workshop currency"),
        Column("unit_cost", True, "decimal", "72.50", "cost of making a pair",
               unit="workshop currency"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[Style]:
        out: list[Style] = []
        seen: dict = {}
        for row in table.rows():
            code = refs.code(row, "code", "style")
            if code is not None and not _duplicate(row, seen, code, "code", f"style {code}"):
                _exists(row, ctx, code in ctx.styles, "code", f"style {code}")
            name, last, category = row.text("name"), row.text("last"), row.text("category")
            run = self._size_run(row)
            routing = self._routing(row)
            retail, cost = (
                row.decimal("retail_price", non_negative=True),
                row.decimal("unit_cost", non_negative=True),
            )
            if not row.ok:
                continue
            style = row.build(  # type: ignore[arg-type]
                {"style": "code", "routing": "minutes_clicking"},
                None,
                Style,
                code,
                name,
                last,
                category,
                run,
                routing,
                retail,
                cost,
            )
            if style is not None:
                out.append(style)
        return out

    @staticmethod
    def _size_run(row: Row) -> SizeRun | None:
        before = row.count
        system = row.choice("size_system", SizeSystem)
        ends = {}
        for column in ("size_from", "size_to"):
            value = row.raw(column)
            if value is not None and system is not None:
                try:
                    ends[column] = parse_size(value, system)
                except DomainError as exc:
                    row.error(column, str(exc))
        skip = row.semicolons("skip_sizes") or []
        core = row.semicolons("core_sizes") or []
        if len(ends) < 2 or row.count != before:
            return None
        lo, hi = ends["size_from"], ends["size_to"]
        if size_key(lo) > size_key(hi):
            row.error("size_to", f"size_to {hi} is smaller than size_from {lo}")
            return None
        full = SizeRun.between(system, lo, hi)
        skipped = set()
        for s in skip:
            try:
                label = format_size(s)
            except DomainError as exc:
                row.error("skip_sizes", str(exc))
                continue
            if label not in full.sizes:
                row.error("skip_sizes", f"size {label} is not between {lo} and {hi}")
            skipped.add(label)
        if row.count != before:
            return None
        sizes = tuple(s for s in full.sizes if s not in skipped)
        fields = {"sizes": "skip_sizes", "core": "core_sizes", "size": "core_sizes"}
        return row.build(  # type: ignore[arg-type]
            fields, "core_sizes", SizeRun, system, sizes, tuple(core)
        )

    @staticmethod
    def _routing(row: Row) -> tuple[RoutingStep, ...]:
        before = row.count
        steps = []
        drying = row.number("drying_minutes", non_negative=True)
        for op in Operation:
            column = f"minutes_{op.value}"
            minutes = row.number(column, positive=True)
            if minutes is None:
                continue
            lag = drying if op is Operation.LASTING and drying is not None else 0.0
            step = row.build(  # type: ignore[arg-type]
                {"minutes": column, "lag_minutes": "drying_minutes"},
                column,
                RoutingStep,
                op,
                minutes,
                lag,
            )
            if step is not None:
                steps.append(step)
        if drying is not None and row.cells.get("minutes_lasting", "") == "":
            row.error("drying_minutes", "drying follows lasting: give minutes_lasting too")
        if not steps and row.count == before:
            row.error(None, "give the minutes of at least one operation (minutes_clicking...)")
        return tuple(steps)

    def export_rows(self, objects: Sequence[Style]) -> Iterator[dict[str, str]]:
        for s in objects:
            run = s.size_run
            lo, hi = run.sizes[0], run.sizes[-1]
            skipped = [x for x in SizeRun.between(run.system, lo, hi).sizes if x not in run.sizes]
            row = {
                "code": s.code, "name": s.name, "last": s.last, "category": s.category,
                "size_system": run.system.value, "size_from": lo, "size_to": hi,
                "skip_sizes": ";".join(skipped), "core_sizes": ";".join(run.core),
                "retail_price": fmt_decimal(s.retail_price), "unit_cost": fmt_decimal(s.unit_cost),
            }  # fmt: skip
            for step in s.routing:
                row[f"minutes_{step.operation.value}"] = fmt_number(step.minutes_per_pair)
                if step.lag_minutes and step.operation is not Operation.LASTING:
                    raise ValueError(
                        f"style {s.code}: the CSV carries drying time after lasting only,"
                        f" not after {step.operation.value}"
                    )
                if step.lag_minutes:
                    row["drying_minutes"] = fmt_number(step.lag_minutes)
            yield row


class Colourways(Kind):
    name = "colourways"
    object_type = Colourway
    summary = "One row per colourway of a style (the style must be known)."
    columns = (
        Column("style", True, "code", "MARA", "the style (imported before, or already known)"),
        Column("code", True, "code", "BLK", "colourway code, used in SKUs"),
        Column("name", True, "text", "Black full-grain", "the name customers see"),
    )

    def parse_rows(self, table: Table, ctx: Context) -> list[Colourway]:
        out: list[Colourway] = []
        seen: dict = {}
        for row in table.rows():
            style = refs.style(row, ctx)
            code = refs.code(row, "code", "colourway")
            name = row.text("name")
            if style is not None and code is not None:
                key = (style.code, code)
                label = f"colourway {style.code}-{code}"
                if not _duplicate(row, seen, key, "code", label):
                    _exists(row, ctx, key in ctx.colourways, "code", label)
            if row.ok:
                cw = row.build(  # type: ignore[arg-type]
                    {"style": "style", "colourway": "code", "name": "name"},
                    None,
                    Colourway,
                    style.code,
                    code,
                    name,
                )
                if cw is not None:
                    out.append(cw)
        return out

    def export_rows(self, objects: Sequence[Colourway]) -> Iterator[dict[str, str]]:
        for c in objects:
            yield {"style": c.style_code, "code": c.code, "name": c.name}


class Boms(Kind):
    name = "bom"
    object_type = BOM
    summary = (
        "One row per style × colourway × material: how much of the material one pair of the"
        " base size takes, and how it grows per half size."
    )
    columns = (
        Column("style", True, "code", "MARA", "the style"),
        Column("colourway", True, "code", "BLK", "the colourway of the style"),
        Column("material", True, "code", "CALF_BLK", "the material (must be known)"),
        Column("base_size", True, "size", "9", "the size the quantity is given for"),
        Column("base_quantity", True, "number", "2.1",
               "net quantity for one pair of the base size", unit="the material's unit"),
        Column("grade_per_step", False, "number", "0.02",
               "growth per half size as a fraction (0.02 = 2% more per half size); default 0"),
        Column("overrides", False, "size=quantity separated by ;", "13=1;14=1",
               "exact quantities for some sizes (a sole mould shared by two sizes)"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[BOM]:
        groups: dict[tuple[str, str], list[BOMLine]] = {}
        first_row: dict[tuple[str, str], int] = {}
        materials_seen: dict[tuple[str, str, str], int] = {}
        failed: set[tuple[str, str]] = set()
        for row in table.rows():
            style = refs.style(row, ctx)
            cw = (
                refs.colourway(row, ctx, style.code)
                if style
                else refs.code(row, "colourway", "colourway")
            )
            material = refs.material(row, ctx)
            base_size = row.raw("base_size")
            if style is not None and base_size is not None:
                base_size = refs.size_of(row, style, base_size, "base_size")
            quantity = row.number("base_quantity", positive=True)
            grade = row.number("grade_per_step")
            overrides = self._overrides(row, style)
            key = (style.code, cw) if style is not None and cw is not None else None
            if key is not None:
                if key not in first_row:
                    first_row[key] = row.position
                    _exists(
                        row, ctx, key in ctx.bom_keys, "colourway", f"the BOM of {key[0]}-{key[1]}"
                    )
                if material is not None:
                    label = f"material {material.code} in the BOM of {key[0]}-{key[1]}"
                    _duplicate(row, materials_seen, (*key, material.code), "material", label)
            if not row.ok:
                if key is not None:
                    failed.add(key)
                continue
            line = row.build(  # type: ignore[arg-type]
                {
                    "material": "material",
                    "quantity": "base_quantity",
                    "grade_per_step": "grade_per_step",
                    "overrides": "overrides",
                },
                None,
                BOMLine,
                material.code,
                base_size,
                quantity,
                grade or 0.0,
                overrides,
            )
            if line is not None:
                groups.setdefault(key, []).append(line)  # type: ignore[arg-type]
        return [BOM(s, c, tuple(lines)) for (s, c), lines in groups.items() if (s, c) not in failed]

    @staticmethod
    def _overrides(row: Row, style: Style | None) -> dict[str, float]:
        parts = row.semicolons("overrides") or []
        out: dict[str, float] = {}
        for part in parts:
            size, sep, qty = part.partition("=")
            if not sep:
                row.error("overrides", f"{part!r} is not size=quantity (e.g. 13=1)")
                continue
            label = refs.size_of(row, style, size.strip(), "overrides") if style else None
            try:
                value = float(Decimal(qty.strip()))
            except ArithmeticError:
                row.error("overrides", f"{qty.strip()!r} is not a number in {part!r}")
                continue
            if label is not None:
                out[label] = value
        return out

    def export_rows(self, objects: Sequence[BOM]) -> Iterator[dict[str, str]]:
        for bom in objects:
            for ln in bom.lines:
                overrides = sorted(ln.overrides.items(), key=lambda kv: size_key(kv[0]))
                yield {
                    "style": bom.style_code, "colourway": bom.colourway_code,
                    "material": ln.material_code, "base_size": format_size(ln.base_size),
                    "base_quantity": fmt_number(ln.base_quantity),
                    "grade_per_step": fmt_number(ln.grade_per_step),
                    "overrides": ";".join(f"{s}={fmt_number(q)}" for s, q in overrides),
                }  # fmt: skip


class Materials(Kind):
    name = "materials"
    object_type = Material
    summary = "One row per material bought: leather, fabric or component, with supplier terms."
    columns = (
        Column("code", True, "code", "CALF_BLK", "material code"),
        Column("name", True, "text", "Black calf, full grain 1.2 mm", "description"),
        Column("kind", True, "leather, fabric or component", "leather",
               "leather (by the hide), fabric (by the metre) or component (by the piece)"),
        Column("unit", True, "sqft, m, piece, pair or g", "sqft",
               "unit of stock and cost: leather sqft, fabric m, components piece/pair/g"),
        Column("unit_cost", True, "decimal", "7.80", "cost of one unit",
               unit="workshop currency per unit"),
        Column("supplier", False, "text", "Horween", "who sells it"),
        Column("lead_time_days", True, "whole number", "21", "days from order to delivery",
               unit="days"),
        Column("min_order", False, "number", "50", "smallest order the supplier takes; default 0",
               unit="the material's unit"),
        Column("per_size", False, "yes/no", "no",
               "yes for components bought per size (soles); default no"),
        Column("default_yield", False, "number", "0.75",
               "expected cutting yield (0–1] when no cutting plan says better; default 0.75"),
        Column("co2e_per_unit", False, "number", "1.9", "footprint of one unit; default 0",
               unit="kg CO2e per unit"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[Material]:
        out: list[Material] = []
        seen: dict = {}
        for row in table.rows():
            code = refs.code(row, "code", "material")
            if code is not None and not _duplicate(row, seen, code, "code", f"material {code}"):
                _exists(row, ctx, code in ctx.materials, "code", f"material {code}")
            name = row.text("name")
            kind = row.choice("kind", MaterialKind)
            unit = row.choice("unit", Unit)
            cost = row.decimal("unit_cost", non_negative=True)
            supplier = row.text("supplier")
            lead = row.whole("lead_time_days", non_negative=True)
            min_order = row.number("min_order", non_negative=True)
            per_size = row.boolean("per_size")
            yield_ = row.number("default_yield")
            co2e = row.number("co2e_per_unit", non_negative=True)
            if not row.ok:
                continue
            material = row.build(  # type: ignore[arg-type]
                {"material": "code"},
                None,
                Material,
                code,
                name,
                kind,
                unit,
                cost,
                supplier,
                lead,
                min_order=0.0 if min_order is None else min_order,
                per_size=bool(per_size),
                default_yield=0.75 if yield_ is None else yield_,
                co2e_per_unit=0.0 if co2e is None else co2e,
            )
            if material is not None:
                out.append(material)
        return out

    def export_rows(self, objects: Sequence[Material]) -> Iterator[dict[str, str]]:
        for m in objects:
            yield {
                "code": m.code, "name": m.name, "kind": m.kind.value, "unit": m.unit.value,
                "unit_cost": fmt_decimal(m.unit_cost), "supplier": m.supplier,
                "lead_time_days": str(m.lead_time_days), "min_order": fmt_number(m.min_order),
                "per_size": fmt_bool(m.per_size), "default_yield": fmt_number(m.default_yield),
                "co2e_per_unit": fmt_number(m.co2e_per_unit),
            }  # fmt: skip


class Artisans(Kind):
    name = "artisans"
    object_type = Artisan
    summary = "One row per artisan: their pace on each operation they can do, hours and shift."
    columns = (
        Column("code", True, "code", "ROSA", "short code of the artisan"),
        Column("name", True, "text", "Rosa Díaz", "full name"),
        *(
            Column(c.name, False, c.type, c.example,
                   c.help.format(blank="cannot do this operation"), c.unit)
            for c in _minutes_columns("own pace on")
        ),
        Column("weekly_hours", False, "number", "40", "contracted hours per week; default 40",
               unit="hours"),
        Column("shift_days", False, "weekdays separated by ;", "mon;tue;wed;thu;fri",
               "working days; default mon;tue;wed;thu;fri"),
        Column("shift_start", False, "time HH:MM", "08:00", "start of the day; default 08:00"),
        Column("shift_end", False, "time HH:MM", "16:30", "end of the day; default 16:30"),
        Column("overtime_opt_in", False, "yes/no", "no",
               "yes if the artisan agreed to overtime; default no"),
        Column("hourly_rate", False, "number", "25", "pay per hour; default 25",
               unit="workshop currency per hour"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[Artisan]:
        out: list[Artisan] = []
        seen: dict = {}
        default_shift = Shift()
        for row in table.rows():
            code = refs.code(row, "code", "artisan")
            if code is not None and not _duplicate(row, seen, code, "code", f"artisan {code}"):
                _exists(row, ctx, code in ctx.artisan_codes, "code", f"artisan {code}")
            name = row.text("name")
            skills: dict[Operation, float] = {}
            for op in Operation:
                column = f"minutes_{op.value}"
                minutes = row.number(column)
                if minutes is not None and minutes <= 0:
                    row.error(column, f"minutes per pair must be above 0, got {fmt_number(minutes)}"
                              " (leave it blank if the artisan does not do this)")  # fmt: skip
                elif minutes is not None:
                    skills[op] = minutes
            if not skills and not any(row.cells.get(f"minutes_{op.value}") for op in Operation):
                row.error(None, "give the minutes of at least one operation (minutes_clicking...)")
            hours = row.number("weekly_hours", positive=True)
            days = row.semicolons("shift_days")
            start, end = row.time("shift_start"), row.time("shift_end")
            overtime = row.boolean("overtime_opt_in")
            rate = row.number("hourly_rate", non_negative=True)
            shift = None
            if days is not None or start or end:
                shift = row.build(  # type: ignore[arg-type]
                    {"days": "shift_days", "shift": "shift_end"},
                    "shift_days",
                    Shift,
                    tuple(days) if days is not None else default_shift.days,
                    start or default_shift.start,
                    end or default_shift.end,
                )
            else:
                shift = default_shift
            if not row.ok:
                continue
            artisan = row.build(  # type: ignore[arg-type]
                {
                    "artisan": "code",
                    "name": "name",
                    "weekly_hours": "weekly_hours",
                    "hourly_rate": "hourly_rate",
                },
                None,
                Artisan,
                code,
                name,
                skills,
                weekly_hours=40.0 if hours is None else hours,
                shift=shift,
                overtime_opt_in=bool(overtime),
                hourly_rate=25.0 if rate is None else rate,
            )
            if artisan is not None:
                out.append(artisan)
        return out

    def export_rows(self, objects: Sequence[Artisan]) -> Iterator[dict[str, str]]:
        for a in objects:
            row = {
                "code": a.code, "name": a.name, "weekly_hours": fmt_number(a.weekly_hours),
                "shift_days": ";".join(a.shift.days), "shift_start": fmt_time(a.shift.start),
                "shift_end": fmt_time(a.shift.end), "overtime_opt_in": fmt_bool(a.overtime_opt_in),
                "hourly_rate": fmt_number(a.hourly_rate),
            }  # fmt: skip
            for op, minutes in a.skills.items():
                row[f"minutes_{op.value}"] = fmt_number(minutes)
            yield row
