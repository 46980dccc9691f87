"""initiatives, authors, reviews, state history, attachments, code counters, score ledger

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index("ix_attachments_item", ["entity", "entity_id"], unique=False)

    op.create_table(
        "code_counters",
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_code_counters")),
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("applied_where", sa.String(length=300), nullable=False),
        sa.Column("applied_since", sa.Date(), nullable=False),
        sa.Column("benefit", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["members.id"], name=op.f("fk_initiatives_author_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name=op.f("fk_initiatives_movement_id_movements")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_initiatives_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
        sa.UniqueConstraint("code", name=op.f("uq_initiatives_code")),
    )
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiatives_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_initiatives_submitted_at"), ["submitted_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_initiatives_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_year"), ["year"], unique=False)

    op.create_table(
        "score_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_score_events_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_score_events_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_events")),
    )
    with op.batch_alter_table("score_events", schema=None) as batch_op:
        batch_op.create_index("ix_score_events_at_kind", ["at", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_events_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_events_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "state_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("actor_member_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_member_id"],
            ["members.id"],
            name=op.f("fk_state_changes_actor_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_changes")),
    )
    with op.batch_alter_table("state_changes", schema=None) as batch_op:
        batch_op.create_index("ix_state_changes_item", ["entity", "entity_id"], unique=False)

    op.create_table(
        "initiative_authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("share", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_authors_initiative_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_initiative_authors_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_authors")),
    )
    with op.batch_alter_table("initiative_authors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_authors_initiative_id"), ["initiative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_initiative_authors_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("novelty", sa.Integer(), nullable=False),
        sa.Column("applicability", sa.Integer(), nullable=False),
        sa.Column("benefit", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_reviews_initiative_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_reviews_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint(
            "initiative_id", "member_id", name=op.f("uq_reviews_initiative_id_member_id")
        ),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reviews_initiative_id"), ["initiative_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_initiative_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("initiative_authors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_authors_member_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_authors_initiative_id"))

    op.drop_table("initiative_authors")
    with op.batch_alter_table("state_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_state_changes_item")

    op.drop_table("state_changes")
    with op.batch_alter_table("score_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_events_unit_id"))
        batch_op.drop_index(batch_op.f("ix_score_events_member_id"))
        batch_op.drop_index("ix_score_events_at_kind")

    op.drop_table("score_events")
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiatives_year"))
        batch_op.drop_index(batch_op.f("ix_initiatives_unit_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_initiatives_state"))
        batch_op.drop_index(batch_op.f("ix_initiatives_field"))
        batch_op.drop_index(batch_op.f("ix_initiatives_author_id"))

    op.drop_table("initiatives")
    op.drop_table("code_counters")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_attachments_item")

    op.drop_table("attachments")
