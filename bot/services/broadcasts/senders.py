"""Who may send a broadcast to whom, and how recipients see who sent it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.roles import OFFICE, Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.common import MemberView
from models import Broadcast, Member, Unit

#: What a unit head may send to (always limited to their own unit).
UNIT_HEAD_KINDS = frozenset(
    {AudienceKind.EVERYONE, AudienceKind.NOT_CONFIRMED, AudienceKind.NO_INITIATIVE}
)


def check_audience(actor: MemberView, audience: Audience) -> None:
    """The Office may send to anyone; a unit head only to (part of) their own unit."""
    if actor.role in OFFICE:
        return
    if (
        actor.role is Role.UNIT_HEAD
        and audience.kind in UNIT_HEAD_KINDS
        and audience.units == (actor.unit.id,)
    ):
        return
    raise errors.NotAllowed


def sender_label(actor: MemberView) -> str:
    """The sender as a preview names them: their unit."""
    return actor.unit.name


async def sender_unit(session: AsyncSession, sender_id: int | None) -> str:
    """The sending unit recipients see: "Văn phòng Sở", or the unit head's unit."""
    if sender_id is None:
        return ""
    name = await session.scalar(
        select(Unit.name).join(Member, Member.unit_id == Unit.id).where(Member.id == sender_id)
    )
    return name or ""


async def queued_with(session: AsyncSession, sender_id: int, once_key: str) -> int | None:
    """The broadcast ``sender_id`` queued with the confirmation key ``once_key``, if any."""
    return await session.scalar(
        select(Broadcast.id).where(
            Broadcast.sender_id == sender_id, Broadcast.once_key == once_key
        )
    )
