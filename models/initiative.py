"""Initiatives (sáng kiến, giải pháp), their authors and council reviews."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Initiative(Base):
    """A submitted initiative; ``version`` grows with every change (optimistic locking)."""

    __tablename__ = "initiatives"
    #: The review queue's order (oldest change first) read from the index, not sorted.
    __table_args__ = (Index("ix_initiatives_queue_order", "updated_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(100), index=True)
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    problem: Mapped[str] = mapped_column(Text)
    solution: Mapped[str] = mapped_column(Text)
    applied_where: Mapped[str] = mapped_column(String(300))
    applied_since: Mapped[date]
    benefit: Mapped[str] = mapped_column(Text)
    # The application form of TT 18/2013/TT-BKHCN, Phụ lục I (docs/initiatives.md). Rows from
    # before it keep blanks: they were filed by their first author, hence "author".
    filer: Mapped[str] = mapped_column(String(16), default="author", server_default="author")
    investor_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    investor_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    confidential: Mapped[str] = mapped_column(Text, default="", server_default="")
    conditions: Mapped[str] = mapped_column(Text, default="", server_default="")
    state: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    # The council's conclusion ("pass" / "fail", "" before it) and the head's decision that
    # recognises it (Decree 13/2012 Art. 8); blank on items recognised before migration 0016.
    conclusion: Mapped[str] = mapped_column(String(8), default="", server_default="")
    conclusion_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    concluded_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    concluded_at: Mapped[datetime | None]
    decision_number: Mapped[str] = mapped_column(String(64), default="", server_default="")
    decision_date: Mapped[date | None]
    decision_signer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    certificate_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: The code, title and authors' names in lower case without diacritics, so a search typed
    #: with or without accents is one LIKE in SQL (written on submit and resubmit).
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")


class InitiativeAuthor(Base):
    """An author: a member, or a person outside the organisation named as written."""

    __tablename__ = "initiative_authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    share: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    #: The form's columns for each author; blank for authors listed before the form had them.
    birth_date: Mapped[date | None]
    workplace: Mapped[str] = mapped_column(String(200), default="", server_default="")
    job_title: Mapped[str] = mapped_column(String(100), default="", server_default="")
    qualification: Mapped[str] = mapped_column(String(100), default="", server_default="")


class InitiativeApplier(Base):
    """An organisation or person who applied or trial-applied the initiative first, and the
    benefit as they assess it (the form's second assessment)."""

    __tablename__ = "initiative_appliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    benefit: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)


class Review(Base):
    """A council member's scores of an initiative (1–5 each) and a private note."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("initiative_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    novelty: Mapped[int]
    applicability: Mapped[int]
    benefit: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[datetime]
