"""initiative evaluation: the council's marks on the statutory conditions, its conclusion,
and the head's decision with the certificate number

Initiatives recognised before this revision (by one reviewer's click) keep their state: they
were recognised under the rule of the time. Their conclusion and decision stay blank, shown as
blanks, never invented.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "initiative_condition_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("council_code", sa.String(length=32), nullable=False),
        sa.Column("condition_code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_condition_marks_initiative_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_initiative_condition_marks_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_condition_marks")),
        sa.UniqueConstraint(
            "initiative_id",
            "member_id",
            "condition_code",
            name=op.f("uq_initiative_condition_marks_initiative_id_member_id_condition_code"),
        ),
    )
    with op.batch_alter_table("initiative_condition_marks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_condition_marks_initiative_id"),
            ["initiative_id"],
            unique=False,
        )

    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("conclusion", sa.String(length=8), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("conclusion_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("concluded_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("decision_number", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("decision_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("decision_signer", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("certificate_number", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_initiatives_concluded_by_members"), "members", ["concluded_by"], ["id"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_initiatives_certificate_number"), ["certificate_number"]
        )


def downgrade() -> None:
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_initiatives_certificate_number"), type_="unique"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_initiatives_concluded_by_members"), type_="foreignkey"
        )
        for column in (
            "certificate_number",
            "decision_signer",
            "decision_date",
            "decision_number",
            "concluded_at",
            "concluded_by",
            "conclusion_reason",
            "conclusion",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("initiative_condition_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_condition_marks_initiative_id"))
    op.drop_table("initiative_condition_marks")
