"""Writing audit entries; called inside the transaction of the action being recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditEntry


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a member, or the system / CLI (``member_id`` is ``None``)."""

    label: str
    member_id: int | None = None


SYSTEM = Actor("system")
CLI = Actor("cli")


def record(
    session: AsyncSession,
    *,
    at: datetime,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry to the session's transaction."""
    session.add(
        AuditEntry(
            at=at,
            actor_member_id=actor.member_id,
            actor=actor.label[:100],
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
        )
    )
