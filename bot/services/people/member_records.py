"""The parts of a member's change: its result, its history row and audit entry, and the
checks and clean-up around it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.domain import LeaveReason
from bot.services.common import audit
from models import Delivery, DeliveryStatus, Member, MemberChange, MemberChangeKind, Unit


@dataclass(frozen=True, slots=True)
class MemberChangeResult:
    """A member's change: who, what, from which day; ``skipped`` counts the messages waiting
    for a member who left that will not be sent; ``carried`` the ledger events that followed a
    moved member (``moved_items = "follow"``)."""

    member_id: int
    full_name: str
    kind: MemberChangeKind
    effective_on: date
    unit: str
    skipped: int = 0
    carried: int = 0


async def not_before_last(session: AsyncSession, member_id: int, effective: date) -> None:
    """A move dated before the member's last recorded move would rewrite their history."""
    last = await session.scalar(
        select(MemberChange.effective_on)
        .where(MemberChange.member_id == member_id, MemberChange.kind == MemberChangeKind.MOVE)
        .order_by(MemberChange.effective_on.desc())
        .limit(1)
    )
    if last is not None and effective < last:
        raise errors.MemberChangeInvalid


async def skip_waiting(session: AsyncSession, member_id: int, why: LeaveReason) -> int:
    """Settle the messages still waiting for a member who left as skipped, with the reason
    (those waiting for a Zalo OA reply window too: the person may never write again)."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.member_id == member_id,
            Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.WAITING]),
        )
        .values(status=DeliveryStatus.SKIPPED, last_error=f"member left: {why.value}")
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def unit_code(session: AsyncSession, unit_id: int) -> str:
    """A unit's code."""
    return str(await session.scalar(select(Unit.code).where(Unit.id == unit_id)))


def history_row(
    member: Member,
    kind: MemberChangeKind,
    effective: date,
    now: datetime,
    actor: audit.Actor,
    reason: str,
    *,
    old_role: str,
    new_role: str,
) -> MemberChange:
    """The history row of a role change or a leaving (the member stays in their unit)."""
    return MemberChange(
        member_id=member.id,
        kind=kind,
        effective_on=effective,
        from_unit_id=member.unit_id,
        to_unit_id=member.unit_id,
        old_role=old_role,
        new_role=new_role,
        reason=reason.strip(),
        actor_id=actor.member_id,
        created_at=now,
    )


def audit_change(
    session: AsyncSession,
    now: datetime,
    actor: audit.Actor,
    action: str,
    member_id: int,
    before: dict[str, object],
    after: dict[str, object],
) -> None:
    """The audit entry of a member's change (days written as ISO dates)."""
    shown = {k: v.isoformat() if isinstance(v, date) else v for k, v in after.items()}
    audit.record(
        session,
        at=now,
        actor=actor,
        action=action,
        entity="member",
        entity_id=member_id,
        before=before,
        after=shown,
    )
