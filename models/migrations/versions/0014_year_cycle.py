"""the emulation year: registration of targets, unit vote lists, public listings with
objections, members' service start and disciplinary records

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disciplines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_disciplines_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["members.id"], name=op.f("fk_disciplines_recorded_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disciplines")),
    )
    with op.batch_alter_table("disciplines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disciplines_member_id"), ["member_id"], unique=False)

    op.create_table(
        "listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("overridden_by", sa.Integer(), nullable=True),
        sa.Column("overridden_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["overridden_by"], ["members.id"], name=op.f("fk_listings_overridden_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["members.id"], name=op.f("fk_listings_published_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listings")),
        sa.UniqueConstraint("code", name=op.f("uq_listings_code")),
    )
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listings_year"), ["year"], unique=False)

    op.create_table(
        "registration_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["members.id"], name=op.f("fk_registration_rounds_opened_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_rounds")),
        sa.UniqueConstraint("year", name=op.f("uq_registration_rounds_year")),
    )
    op.create_table(
        "unit_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registered_by"],
            ["members.id"],
            name=op.f("fk_unit_registrations_registered_by_members"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_registrations_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_registrations")),
        sa.UniqueConstraint("year", "unit_id", name=op.f("uq_unit_registrations_year_unit_id")),
    )
    with op.batch_alter_table("unit_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_registrations_unit_id"), ["unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_unit_registrations_year"), ["year"], unique=False)

    op.create_table(
        "vote_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("attendees", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["members.id"], name=op.f("fk_vote_lists_created_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_vote_lists_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_lists")),
        sa.UniqueConstraint("code", name=op.f("uq_vote_lists_code")),
        sa.UniqueConstraint("year", "unit_id", name=op.f("uq_vote_lists_year_unit_id")),
    )
    with op.batch_alter_table("vote_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_lists_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_lists_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_lists_year"), ["year"], unique=False)

    op.create_table(
        "registered_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("award_code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_registered_targets_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["unit_registrations.id"],
            name=op.f("fk_registered_targets_registration_id_unit_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_registered_targets_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registered_targets")),
    )
    with op.batch_alter_table("registered_targets", schema=None) as batch_op:
        batch_op.create_index("ix_registered_targets_member", ["year", "member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_registered_targets_registration_id"), ["registration_id"], unique=False
        )

    op.create_table(
        "listing_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_listing_items_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.id"],
            name=op.f("fk_listing_items_nomination_id_nominations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_items")),
        sa.UniqueConstraint(
            "listing_id", "nomination_id", name=op.f("uq_listing_items_listing_id_nomination_id")
        ),
    )
    with op.batch_alter_table("listing_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_listing_items_listing_id"), ["listing_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_listing_items_nomination_id"), ["nomination_id"], unique=False
        )

    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["members.id"], name=op.f("fk_objections_answered_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_objections_listing_id_listings")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_objections_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.id"],
            name=op.f("fk_objections_nomination_id_nominations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objections_listing_id"), ["listing_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_objections_nomination_id"), ["nomination_id"], unique=False
        )

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_start", sa.Date(), nullable=True))

    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("vote_share", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("basis", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_nominations_list_id"), ["list_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_nominations_list_id_vote_lists"), "vote_lists", ["list_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_nominations_list_id_vote_lists"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_nominations_list_id"))
        batch_op.drop_column("basis")
        batch_op.drop_column("vote_share")
        batch_op.drop_column("list_id")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("service_start")

    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objections_nomination_id"))
        batch_op.drop_index(batch_op.f("ix_objections_listing_id"))

    op.drop_table("objections")
    with op.batch_alter_table("listing_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_items_nomination_id"))
        batch_op.drop_index(batch_op.f("ix_listing_items_listing_id"))

    op.drop_table("listing_items")
    with op.batch_alter_table("registered_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registered_targets_registration_id"))
        batch_op.drop_index("ix_registered_targets_member")

    op.drop_table("registered_targets")
    with op.batch_alter_table("vote_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_lists_year"))
        batch_op.drop_index(batch_op.f("ix_vote_lists_unit_id"))
        batch_op.drop_index(batch_op.f("ix_vote_lists_state"))

    op.drop_table("vote_lists")
    with op.batch_alter_table("unit_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_registrations_year"))
        batch_op.drop_index(batch_op.f("ix_unit_registrations_unit_id"))

    op.drop_table("unit_registrations")
    op.drop_table("registration_rounds")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listings_year"))

    op.drop_table("listings")
    with op.batch_alter_table("disciplines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disciplines_member_id"))

    op.drop_table("disciplines")
