"""The first schema: catalogue, materials, leather, people, demand, production and quality.

Written out in full (not generated at run time) so that this revision always creates exactly
the same tables, whatever later versions of ``cordwain.store.tables`` look like.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "artisans",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("weekly_hours", sa.Double(), nullable=False),
        sa.Column("shift_days", sa.JSON(), nullable=False),
        sa.Column("shift_start", sa.Time(), nullable=False),
        sa.Column("shift_end", sa.Time(), nullable=False),
        sa.Column("overtime_opt_in", sa.Boolean(), nullable=False),
        sa.Column("hourly_rate", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_artisans")),
    )
    op.create_table(
        "batches",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_batches")),
    )
    op.create_index(op.f("ix_batches_status"), "batches", ["status"], unique=False)
    op.create_table(
        "documents",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_documents")),
    )
    op.create_table(
        "inventory_levels",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("location", sa.String(length=80), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint(
            "kind", "code", "size", "location", name=op.f("pk_inventory_levels")
        ),
    )
    op.create_table(
        "materials",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("supplier", sa.String(length=200), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("min_order", sa.Double(), nullable=False),
        sa.Column("per_size", sa.Boolean(), nullable=False),
        sa.Column("default_yield", sa.Double(), nullable=False),
        sa.Column("co2e_per_unit", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_materials")),
    )
    op.create_table(
        "styles",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("last", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("size_system", sa.String(length=16), nullable=False),
        sa.Column("sizes", sa.JSON(), nullable=False),
        sa.Column("core_sizes", sa.JSON(), nullable=False),
        sa.Column("retail_price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_styles")),
    )
    op.create_table(
        "colourways",
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code"], ["styles.code"], name=op.f("fk_colourways_style_code_styles")
        ),
        sa.PrimaryKeyConstraint("style_code", "code", name=op.f("pk_colourways")),
    )
    op.create_table(
        "fabric_rolls",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("width_m", sa.Double(), nullable=False),
        sa.Column("length_m", sa.Double(), nullable=False),
        sa.Column("lot", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_code"],
            ["materials.code"],
            name=op.f("fk_fabric_rolls_material_code_materials"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_fabric_rolls")),
    )
    op.create_index(
        op.f("ix_fabric_rolls_material_code"), "fabric_rolls", ["material_code"], unique=False
    )
    op.create_table(
        "hides",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("lot", sa.String(length=80), nullable=False),
        sa.Column("stamped_area_sqft", sa.Double(), nullable=False),
        sa.Column("outline", sa.JSON(), nullable=False),
        sa.Column("zones", sa.JSON(), nullable=False),
        sa.Column("base_grade", sa.String(length=16), nullable=False),
        sa.Column("backbone", sa.JSON(), nullable=True),
        sa.Column("thickness_mm", sa.Double(), nullable=False),
        sa.Column("holes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_code"], ["materials.code"], name=op.f("fk_hides_material_code_materials")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_hides")),
    )
    op.create_index(op.f("ix_hides_material_code"), "hides", ["material_code"], unique=False)
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_code", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("inspector", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("lot_size", sa.Integer(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_code"], ["batches.code"], name=op.f("fk_inspections_batch_code_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    op.create_index(op.f("ix_inspections_batch_code"), "inspections", ["batch_code"], unique=False)
    op.create_table(
        "offcuts",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("hide_code", sa.String(length=40), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("outline", sa.JSON(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("zones", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_code"], ["materials.code"], name=op.f("fk_offcuts_material_code_materials")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_offcuts")),
    )
    op.create_index(op.f("ix_offcuts_hide_code"), "offcuts", ["hide_code"], unique=False)
    op.create_index(op.f("ix_offcuts_material_code"), "offcuts", ["material_code"], unique=False)
    op.create_table(
        "operation_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_code", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("artisan_code", sa.String(length=40), nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("finished", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_code"], ["batches.code"], name=op.f("fk_operation_records_batch_code_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_records")),
    )
    op.create_index(
        op.f("ix_operation_records_artisan_code"),
        "operation_records",
        ["artisan_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_operation_records_batch_code"), "operation_records", ["batch_code"], unique=False
    )
    op.create_table(
        "pattern_pieces",
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("outlines", sa.JSON(), nullable=False),
        sa.Column("count_per_pair", sa.Integer(), nullable=False),
        sa.Column("mirrored", sa.Boolean(), nullable=False),
        sa.Column("min_grade", sa.String(length=16), nullable=False),
        sa.Column("grain", sa.String(length=16), nullable=False),
        sa.Column("grain_tolerance_deg", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_code"],
            ["materials.code"],
            name=op.f("fk_pattern_pieces_material_code_materials"),
        ),
        sa.ForeignKeyConstraint(
            ["style_code"], ["styles.code"], name=op.f("fk_pattern_pieces_style_code_styles")
        ),
        sa.PrimaryKeyConstraint("style_code", "name", name=op.f("pk_pattern_pieces")),
    )
    op.create_table(
        "purchase_orders",
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_code"],
            ["materials.code"],
            name=op.f("fk_purchase_orders_material_code_materials"),
        ),
        sa.PrimaryKeyConstraint(
            "reference", "material_code", "size", name=op.f("pk_purchase_orders")
        ),
    )
    op.create_table(
        "style_routing",
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes_per_pair", sa.Double(), nullable=False),
        sa.Column("lag_minutes", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code"],
            ["styles.code"],
            name=op.f("fk_style_routing_style_code_styles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("style_code", "operation", name=op.f("pk_style_routing")),
    )
    op.create_table(
        "batch_lines",
        sa.Column("batch_code", sa.String(length=40), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_code"],
            ["batches.code"],
            name=op.f("fk_batch_lines_batch_code_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_batch_lines_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint(
            "batch_code", "style_code", "colourway_code", "size", name=op.f("pk_batch_lines")
        ),
    )
    op.create_table(
        "boms",
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_boms_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("style_code", "colourway_code", name=op.f("pk_boms")),
    )
    op.create_table(
        "defects",
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("pair_serial", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_defects_inspection_id_inspections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("inspection_id", "position", name=op.f("pk_defects")),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("fit", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("exchanged_to_size", sa.String(length=8), nullable=True),
        sa.Column("pair_serial", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_feedback_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_day"), "feedback", ["day"], unique=False)
    op.create_table(
        "operation_record_pairs",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pair_serial", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["operation_records.id"],
            name=op.f("fk_operation_record_pairs_record_id_operation_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "position", name=op.f("pk_operation_record_pairs")),
    )
    op.create_index(
        op.f("ix_operation_record_pairs_pair_serial"),
        "operation_record_pairs",
        ["pair_serial"],
        unique=False,
    )
    op.create_table(
        "pairs",
        sa.Column("serial", sa.String(length=80), nullable=False),
        sa.Column("batch_code", sa.String(length=40), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_code"], ["batches.code"], name=op.f("fk_pairs_batch_code_batches")
        ),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_pairs_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_pairs")),
    )
    op.create_index(op.f("ix_pairs_batch_code"), "pairs", ["batch_code"], unique=False)
    op.create_table(
        "preorders",
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("promised_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_preorders_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("reference", name=op.f("pk_preorders")),
    )
    op.create_index(op.f("ix_preorders_status"), "preorders", ["status"], unique=False)
    op.create_table(
        "sales_lines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_sales_lines_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_lines")),
    )
    op.create_index("ix_sales_lines_day", "sales_lines", ["day"], unique=False)
    op.create_index(
        "ix_sales_lines_style_code_day", "sales_lines", ["style_code", "day"], unique=False
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=True),
        sa.Column("signups", sa.Integer(), nullable=False),
        sa.Column("drop", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_waitlist_entries_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    op.create_table(
        "work_orders",
        sa.Column("batch_code", sa.String(length=40), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("bundle", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_code"], ["batches.code"], name=op.f("fk_work_orders_batch_code_batches")
        ),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["colourways.style_code", "colourways.code"],
            name=op.f("fk_work_orders_style_code_colourways"),
        ),
        sa.PrimaryKeyConstraint(
            "batch_code",
            "style_code",
            "colourway_code",
            "size",
            "operation",
            "bundle",
            name=op.f("pk_work_orders"),
        ),
    )
    op.create_table(
        "bom_lines",
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("colourway_code", sa.String(length=40), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("base_size", sa.String(length=8), nullable=False),
        sa.Column("base_quantity", sa.Double(), nullable=False),
        sa.Column("grade_per_step", sa.Double(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_code"], ["materials.code"], name=op.f("fk_bom_lines_material_code_materials")
        ),
        sa.ForeignKeyConstraint(
            ["style_code", "colourway_code"],
            ["boms.style_code", "boms.colourway_code"],
            name=op.f("fk_bom_lines_style_code_boms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "style_code", "colourway_code", "material_code", name=op.f("pk_bom_lines")
        ),
    )
    op.create_table(
        "pair_hides",
        sa.Column("pair_serial", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("hide_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_serial"], ["pairs.serial"], name=op.f("fk_pair_hides_pair_serial_pairs")
        ),
        sa.PrimaryKeyConstraint("pair_serial", "position", name=op.f("pk_pair_hides")),
    )
    op.create_index(op.f("ix_pair_hides_hide_code"), "pair_hides", ["hide_code"], unique=False)


def downgrade() -> None:
    # Children first, so no foreign key is left pointing at a dropped table.
    op.drop_table("pair_hides")
    op.drop_table("bom_lines")
    op.drop_table("work_orders")
    op.drop_table("waitlist_entries")
    op.drop_table("sales_lines")
    op.drop_table("preorders")
    op.drop_table("pairs")
    op.drop_table("operation_record_pairs")
    op.drop_table("feedback")
    op.drop_table("defects")
    op.drop_table("boms")
    op.drop_table("batch_lines")
    op.drop_table("style_routing")
    op.drop_table("purchase_orders")
    op.drop_table("pattern_pieces")
    op.drop_table("operation_records")
    op.drop_table("offcuts")
    op.drop_table("inspections")
    op.drop_table("hides")
    op.drop_table("fabric_rolls")
    op.drop_table("colourways")
    op.drop_table("styles")
    op.drop_table("materials")
    op.drop_table("inventory_levels")
    op.drop_table("documents")
    op.drop_table("batches")
    op.drop_table("artisans")
