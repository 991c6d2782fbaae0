"""The database schema: one SQLAlchemy Core table per workshop record, in one ``metadata``.

Types are chosen to behave the same on SQLite and PostgreSQL: codes and enum values are
strings, money is ``Numeric`` (never float), measures are double precision, and shapes
(polygons, quality zones, size-graded outlines) are JSON lists of ``[x, y]`` points in mm.
A size that does not apply is stored as ``''`` (not NULL) wherever it is part of a key, since
NULLs never collide in a unique constraint.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
    text,
)

#: Deterministic constraint names, so later migrations can name what they alter.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: Money in the workshop's currency: 4 decimals so per-sq-ft leather prices stay exact.
Money = Numeric(14, 4)
Code = String(40)
SizeLabel = String(8)
EnumValue = String(16)


def _colourway_fk(prefix: str = "") -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        [f"{prefix}style_code", f"{prefix}colourway_code"],
        ["colourways.style_code", "colourways.code"],
    )


# --- catalogue -----------------------------------------------------------------------------

styles = Table(
    "styles",
    metadata,
    Column("code", Code, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("last", String(80), nullable=False),
    Column("category", String(80), nullable=False),
    Column("size_system", EnumValue, nullable=False),
    Column("sizes", JSON, nullable=False),
    Column("core_sizes", JSON, nullable=False),
    Column("retail_price", Money, nullable=False),
    Column("unit_cost", Money, nullable=False),
)

style_routing = Table(
    "style_routing",
    metadata,
    Column("style_code", Code, ForeignKey("styles.code", ondelete="CASCADE"), primary_key=True),
    Column("operation", EnumValue, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("minutes_per_pair", Double, nullable=False),
    Column("lag_minutes", Double, nullable=False),
)

colourways = Table(
    "colourways",
    metadata,
    Column("style_code", Code, ForeignKey("styles.code"), primary_key=True),
    Column("code", Code, primary_key=True),
    Column("name", String(200), nullable=False),
)

materials = Table(
    "materials",
    metadata,
    Column("code", Code, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", EnumValue, nullable=False),
    Column("unit", EnumValue, nullable=False),
    Column("unit_cost", Money, nullable=False),
    Column("supplier", String(200), nullable=False),
    Column("lead_time_days", Integer, nullable=False),
    Column("min_order", Double, nullable=False),
    Column("per_size", Boolean, nullable=False),
    Column("default_yield", Double, nullable=False),
    Column("co2e_per_unit", Double, nullable=False),
)

boms = Table(
    "boms",
    metadata,
    Column("style_code", Code, primary_key=True),
    Column("colourway_code", Code, primary_key=True),
    _colourway_fk(),
)

bom_lines = Table(
    "bom_lines",
    metadata,
    Column("style_code", Code, primary_key=True),
    Column("colourway_code", Code, primary_key=True),
    Column("material_code", Code, ForeignKey("materials.code"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("base_size", SizeLabel, nullable=False),
    Column("base_quantity", Double, nullable=False),
    Column("grade_per_step", Double, nullable=False),
    Column("overrides", JSON, nullable=False),
    ForeignKeyConstraint(
        ["style_code", "colourway_code"],
        ["boms.style_code", "boms.colourway_code"],
        ondelete="CASCADE",
    ),
)

pattern_pieces = Table(
    "pattern_pieces",
    metadata,
    Column("style_code", Code, ForeignKey("styles.code"), primary_key=True),
    Column("name", String(80), primary_key=True),
    Column("material_code", Code, ForeignKey("materials.code"), nullable=False),
    Column("outlines", JSON, nullable=False),
    Column("count_per_pair", Integer, nullable=False),
    Column("mirrored", Boolean, nullable=False),
    Column("min_grade", EnumValue, nullable=False),
    Column("grain", EnumValue, nullable=False),
    Column("grain_tolerance_deg", Double, nullable=False),
)

# --- leather and fabric on the shelf -------------------------------------------------------

hides = Table(
    "hides",
    metadata,
    Column("code", Code, primary_key=True),
    Column("material_code", Code, ForeignKey("materials.code"), nullable=False, index=True),
    Column("lot", String(80), nullable=False),
    Column("stamped_area_sqft", Double, nullable=False),
    Column("outline", JSON, nullable=False),
    Column("zones", JSON, nullable=False),
    Column("base_grade", EnumValue, nullable=False),
    Column("backbone", JSON, nullable=True),
    Column("thickness_mm", Double, nullable=False),
    Column("holes", JSON, nullable=False),
)

fabric_rolls = Table(
    "fabric_rolls",
    metadata,
    Column("code", Code, primary_key=True),
    Column("material_code", Code, ForeignKey("materials.code"), nullable=False, index=True),
    Column("width_m", Double, nullable=False),
    Column("length_m", Double, nullable=False),
    Column("lot", String(80), nullable=False),
)

# No foreign key to hides: the hide is removed from stock once cut, its offcuts stay.
offcuts = Table(
    "offcuts",
    metadata,
    Column("code", Code, primary_key=True),
    Column("hide_code", Code, nullable=False, index=True),
    Column("material_code", Code, ForeignKey("materials.code"), nullable=False, index=True),
    Column("outline", JSON, nullable=False),
    Column("grade", EnumValue, nullable=False),
    Column("zones", JSON, nullable=False),
)

# --- people --------------------------------------------------------------------------------

artisans = Table(
    "artisans",
    metadata,
    Column("code", Code, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("skills", JSON, nullable=False),
    Column("weekly_hours", Double, nullable=False),
    Column("shift_days", JSON, nullable=False),
    Column("shift_start", Time, nullable=False),
    Column("shift_end", Time, nullable=False),
    Column("overtime_opt_in", Boolean, nullable=False),
    Column("hourly_rate", Double, nullable=False),
)

# --- demand --------------------------------------------------------------------------------

sales_lines = Table(
    "sales_lines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),
    Column("style_code", Code, nullable=False),
    Column("colourway_code", Code, nullable=False),
    Column("size", SizeLabel, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("channel", String(40), nullable=False),
    _colourway_fk(),
    Index("ix_sales_lines_day", "day"),
    Index("ix_sales_lines_style_code_day", "style_code", "day"),
)

preorders = Table(
    "preorders",
    metadata,
    Column("reference", String(80), primary_key=True),
    Column("style_code", Code, nullable=False),
    Column("colourway_code", Code, nullable=False),
    Column("size", SizeLabel, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("placed_on", Date, nullable=False),
    Column("promised_by", Date, nullable=False),
    Column("status", EnumValue, nullable=False, index=True),
    _colourway_fk(),
)

waitlist_entries = Table(
    "waitlist_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),
    Column("style_code", Code, nullable=False),
    Column("colourway_code", Code, nullable=False),
    Column("size", SizeLabel, nullable=True),
    Column("signups", Integer, nullable=False),
    Column("drop", String(80), nullable=False),
    _colourway_fk(),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False, index=True),
    Column("style_code", Code, nullable=False),
    Column("colourway_code", Code, nullable=False),
    Column("size", SizeLabel, nullable=False),
    Column("kind", EnumValue, nullable=False),
    Column("rating", Integer, nullable=True),
    Column("fit", EnumValue, nullable=True),
    Column("text", Text, nullable=False),
    Column("reason_code", String(40), nullable=False),
    Column("exchanged_to_size", SizeLabel, nullable=True),
    Column("pair_serial", String(80), nullable=True),
    _colourway_fk(),
)

inventory_levels = Table(
    "inventory_levels",
    metadata,
    Column("kind", EnumValue, primary_key=True),
    Column("code", String(80), primary_key=True),
    Column("size", SizeLabel, primary_key=True),
    Column("location", String(80), primary_key=True),
    Column("quantity", Double, nullable=False),
)

purchase_orders = Table(
    "purchase_orders",
    metadata,
    Column("reference", String(80), primary_key=True),
    Column("material_code", Code, ForeignKey("materials.code"), primary_key=True),
    Column("size", SizeLabel, primary_key=True),
    Column("quantity", Double, nullable=False),
    Column("due", Date, nullable=False),
)

# --- production and quality ----------------------------------------------------------------

batches = Table(
    "batches",
    metadata,
    Column("code", Code, primary_key=True),
    Column("start_day", Date, nullable=False),
    Column("end_day", Date, nullable=False),
    Column("status", EnumValue, nullable=False, index=True),
    Column("note", Text, nullable=False),
)

batch_lines = Table(
    "batch_lines",
    metadata,
    Column("batch_code", Code, ForeignKey("batches.code", ondelete="CASCADE"), primary_key=True),
    Column("style_code", Code, primary_key=True),
    Column("colourway_code", Code, primary_key=True),
    Column("size", SizeLabel, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("quantity", Integer, nullable=False),
    _colourway_fk(),
)

work_orders = Table(
    "work_orders",
    metadata,
    Column("batch_code", Code, ForeignKey("batches.code"), primary_key=True),
    Column("style_code", Code, primary_key=True),
    Column("colourway_code", Code, primary_key=True),
    Column("size", SizeLabel, primary_key=True),
    Column("operation", EnumValue, primary_key=True),
    Column("bundle", Integer, primary_key=True),
    Column("pairs", Integer, nullable=False),
    _colourway_fk(),
)

pairs = Table(
    "pairs",
    metadata,
    Column("serial", String(80), primary_key=True),
    Column("batch_code", Code, ForeignKey("batches.code"), nullable=False, index=True),
    Column("style_code", Code, nullable=False),
    Column("colourway_code", Code, nullable=False),
    Column("size", SizeLabel, nullable=False),
    _colourway_fk(),
)

# No foreign key to hides: traceability must outlive the hide's removal from stock.
pair_hides = Table(
    "pair_hides",
    metadata,
    Column("pair_serial", String(80), ForeignKey("pairs.serial"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("hide_code", Code, nullable=False, index=True),
)

operation_records = Table(
    "operation_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_code", Code, ForeignKey("batches.code"), nullable=False, index=True),
    Column("operation", EnumValue, nullable=False),
    Column("artisan_code", Code, nullable=False, index=True),
    Column("started", DateTime, nullable=False),
    Column("finished", DateTime, nullable=False),
)

operation_record_pairs = Table(
    "operation_record_pairs",
    metadata,
    Column(
        "record_id",
        Integer,
        ForeignKey("operation_records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("pair_serial", String(80), nullable=False, index=True),
)

inspections = Table(
    "inspections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_code", Code, ForeignKey("batches.code"), nullable=False, index=True),
    Column("operation", EnumValue, nullable=False),
    Column("inspector", String(80), nullable=False),
    Column("day", Date, nullable=False),
    Column("lot_size", Integer, nullable=False),
    Column("sample_size", Integer, nullable=False),
    Column("result", EnumValue, nullable=False),
)

defects = Table(
    "defects",
    metadata,
    Column(
        "inspection_id",
        Integer,
        ForeignKey("inspections.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("family", EnumValue, nullable=False),
    Column("code", String(40), nullable=False),
    Column("severity", EnumValue, nullable=False),
    Column("count", Integer, nullable=False),
    Column("pair_serial", String(80), nullable=True),
    Column("note", Text, nullable=False),
)

# --- engine outputs ------------------------------------------------------------------------

documents = Table(
    "documents",
    metadata,
    Column("kind", String(40), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("body", JSON, nullable=False),
)

# --- accounts of the web app and API ---------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", EnumValue, nullable=False),
    Column("password_hash", String(255), nullable=False),
    # Links an artisan's login to their record, so they see only their own work.
    Column("artisan_code", Code, nullable=True),
    Column("active", Boolean, nullable=False),
    # Bumped on password change or deactivation: every session signed before is void.
    Column("session_version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_login_at", DateTime, nullable=True),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(80), nullable=False),
    # The public part of the token, to find its row; the secret part is stored only hashed.
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime, nullable=True),
    Index("ix_api_tokens_user_id", "user_id"),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_login_failures_username_at", "username", "at"),
    Index("ix_login_failures_client_at", "client", "at"),
)

# Keys the server keeps between restarts and shares between its processes (cookie signing).
app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# --- background jobs of the web app ---------------------------------------------------------

# A slow verb (forecast, batch plan, schedule, cutting plan) started from the web runs in one
# server process, but any process may be asked how it is going: its state lives here.
web_jobs = Table(
    "web_jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("label", String(200), nullable=False),
    Column("started_by", String(80), nullable=False),
    Column("status", String(10), nullable=False),  # queued, running, done, failed
    Column("step", String(200), nullable=False),
    Column("done", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("result", JSON, nullable=False),
    Column("error", Text, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("started_at", DateTime, nullable=True),
    Column("finished_at", DateTime, nullable=True),
    # Refreshed every few seconds by the process running the job: a job whose heartbeat
    # stopped belongs to a process that died, and is reported as failed.
    Column("heartbeat_at", DateTime, nullable=False),
    Index("ix_web_jobs_kind_created_at", "kind", "created_at"),
    # At most one unfinished job per kind, across every server process.
    Index(
        "ux_web_jobs_kind_unfinished",
        "kind",
        unique=True,
        sqlite_where=text("status IN ('queued', 'running')"),
        postgresql_where=text("status IN ('queued', 'running')"),
    ),
)
