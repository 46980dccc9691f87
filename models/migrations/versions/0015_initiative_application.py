"""the initiative application form (TT 18/2013/TT-BKHCN, Phụ lục I): filer and investor,
confidential part, conditions to apply it, each author's details, and the first appliers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Initiatives filed before the form had these fields keep blanks; they were all filed by
    # their first author (the only way the dialog allowed), so their filer is "author".
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("filer", sa.String(length=16), nullable=False, server_default="author")
        )
        batch_op.add_column(
            sa.Column("investor_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "investor_address", sa.String(length=300), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("confidential", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("conditions", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("initiative_authors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("workplace", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("job_title", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("qualification", sa.String(length=100), nullable=False, server_default="")
        )
    op.create_table(
        "initiative_appliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("benefit", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_appliers_initiative_id_initiatives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_appliers")),
    )
    with op.batch_alter_table("initiative_appliers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_appliers_initiative_id"), ["initiative_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("initiative_appliers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_appliers_initiative_id"))
    op.drop_table("initiative_appliers")
    with op.batch_alter_table("initiative_authors", schema=None) as batch_op:
        for column in ("qualification", "job_title", "workplace", "birth_date"):
            batch_op.drop_column(column)
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        for column in ("conditions", "confidential", "investor_address", "investor_name", "filer"):
            batch_op.drop_column(column)
