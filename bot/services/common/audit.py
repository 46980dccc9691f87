"""Writing audit entries; called inside the transaction of the action being recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditEntry, StateChange


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


def record_transition(
    session: AsyncSession,
    *,
    entity: str,
    item_id: int,
    label: object,
    before: str,
    after: str,
    actor: Actor,
    reason: str,
    at: datetime,
) -> None:
    """Add a workflow item's history row and the audit entry of the same state change."""
    session.add(
        StateChange(
            entity=entity,
            entity_id=item_id,
            from_state=before,
            to_state=after,
            actor_member_id=actor.member_id,
            actor=actor.label[:100],
            reason=reason,
            at=at,
        )
    )
    record(
        session,
        at=at,
        actor=actor,
        action=f"{entity}.{after}",
        entity=entity,
        entity_id=label,
        before={"state": before},
        after={"state": after, "reason": reason} if reason else {"state": after},
    )


async def record_transitions(
    session: AsyncSession,
    entity: str,
    after: str,
    items: Sequence[tuple[int, object, str, str]],
    actor: Actor,
    at: datetime,
    *,
    batch: str,
) -> None:
    """The history rows of many items moved to ``after`` at once, each of ``items`` being
    (item id, label, state before, reason), and the one audit entry of the move, filed under
    ``batch`` (what moved them: a council session's code) and naming every item by its reason:
    thousands of items are not thousands of audit entries saying the same."""
    if not items:
        return
    await session.execute(
        insert(StateChange),
        [
            {
                "entity": entity,
                "entity_id": item_id,
                "from_state": before,
                "to_state": after,
                "actor_member_id": actor.member_id,
                "actor": actor.label[:100],
                "reason": reason,
                "at": at,
            }
            for item_id, _, before, reason in items
        ],
    )
    by_reason: dict[str, list[str]] = {}
    for _, label, _, reason in items:
        by_reason.setdefault(reason, []).append(str(label))
    record(
        session,
        at=at,
        actor=actor,
        action=f"{entity}.{after}",
        entity=entity,
        entity_id=batch,
        before={"states": sorted({before for _, _, before, _ in items})},
        after={"state": after, "items": by_reason},
    )
