"""emulation periods: the periods table, and plans and movements belonging to a period

Everything published before belongs to the 2021–2025 period, which this migration opens (the
plan shipped with the bot is the 2021–2025 one).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

FIRST_CODE = "2021-2025"


def upgrade() -> None:
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("first_year <= last_year", name=op.f("ck_periods_years_in_order")),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_periods_known_state")),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["members.id"], name=op.f("fk_periods_opened_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_periods")),
        sa.UniqueConstraint("code", name=op.f("uq_periods_code")),
    )
    # Opened when its first plan was published, else now (a database without a plan yet).
    # VALUES, not SELECT, so PostgreSQL types the parameters by their columns.
    periods = sa.table(
        "periods",
        sa.column("code", sa.String()),
        sa.column("name", sa.String()),
        sa.column("first_year", sa.Integer()),
        sa.column("last_year", sa.Integer()),
        sa.column("state", sa.String()),
        sa.column("opened_at", sa.DateTime(timezone=True)),
    )
    plans = sa.table("plans", sa.column("published_at", sa.DateTime(timezone=True)))
    first_published = sa.select(sa.func.min(plans.c.published_at)).scalar_subquery()
    op.execute(
        periods.insert().values(
            code=FIRST_CODE,
            name="Giai đoạn 2021–2025",
            first_year=2021,
            last_year=2025,
            state="open",
            opened_at=sa.func.coalesce(first_published, sa.func.current_timestamp()),
        )
    )
    first = f"(SELECT id FROM periods WHERE code = '{FIRST_CODE}')"
    for table in ("plans", "movements"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("period_id", sa.Integer(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET period_id = {first}"))  # noqa: S608
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("period_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_period_id_periods"), "periods", ["period_id"], ["id"]
            )
            batch_op.create_index(batch_op.f(f"ix_{table}_period_id"), ["period_id"])
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.drop_constraint("uq_movements_code", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_movements_period_id_code"), ["period_id", "code"]
        )


def downgrade() -> None:
    # Codes of movements are unique again only if no later period reused one.
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.drop_constraint("uq_movements_period_id_code", type_="unique")
        batch_op.create_unique_constraint("uq_movements_code", ["code"])
    for table in ("movements", "plans"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_period_id"))
            batch_op.drop_constraint(f"fk_{table}_period_id_periods", type_="foreignkey")
            batch_op.drop_column("period_id")
    op.drop_table("periods")
