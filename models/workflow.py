"""Records shared by every workflow item: state history, attachments, code counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class StateChange(Base):
    """One transition of a workflow item (initiative, nomination, report), with its reason."""

    __tablename__ = "state_changes"
    __table_args__ = (Index("ix_state_changes_item", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int]
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class Attachment(Base):
    """A file attached to a workflow item; the bytes stay on the chat platform."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_item", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int]
    channel: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    created_at: Mapped[datetime]


class CodeCounter(Base):
    """The last number given in a series such as ``SK-2026`` (one atomic upsert per code)."""

    __tablename__ = "code_counters"

    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    last: Mapped[int]
