"""decisions: the authority's decisions and Tờ trình, and approved nominations waiting for one

Until now "thông qua" was the award. An approved or announced nomination had no decision behind
it, so it becomes ``recommended`` (the council's agreement, waiting for the decision); its ledger
points were written under the kind ``nomination_approved``, which no longer scores, so boards
count awards only from a recorded decision on.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("authority_code", sa.String(length=32), nullable=False),
        sa.Column("authority_name", sa.String(length=200), nullable=False),
        sa.Column("award_code", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["members.id"], name=op.f("fk_decisions_recorded_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["decisions.id"], name=op.f("fk_decisions_submission_id_decisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("kind", "number", name=op.f("uq_decisions_kind_number")),
    )
    op.create_index(op.f("ix_decisions_submission_id"), "decisions", ["submission_id"])
    op.create_table(
        "decision_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("recovered", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_items_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.id"],
            name=op.f("fk_decision_items_nomination_id_nominations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_items")),
        sa.UniqueConstraint(
            "decision_id", "nomination_id", name=op.f("uq_decision_items_decision_id_nomination_id")
        ),
    )
    op.create_index("ix_decision_items_nomination_id", "decision_items", ["nomination_id"])
    op.execute(
        "UPDATE nominations SET state = 'recommended', version = version + 1 "
        "WHERE state IN ('approved', 'announced')"
    )
    with op.batch_alter_table("nominations") as batch_op:
        batch_op.drop_column("announced_at")


def downgrade() -> None:
    with op.batch_alter_table("nominations") as batch_op:
        batch_op.add_column(sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE nominations SET state = 'approved', version = version + 1 "
        "WHERE state IN ('recommended', 'sent_up', 'awarded', 'not_awarded')"
    )
    op.drop_index("ix_decision_items_nomination_id", table_name="decision_items")
    op.drop_table("decision_items")
    op.drop_index(op.f("ix_decisions_submission_id"), table_name="decisions")
    op.drop_table("decisions")
