"""Who is who: resolving accounts to members, registering, and finding unit heads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel
from bot.roles import Role
from bot.services.sql import insert_ignoring_duplicates
from bot.services.views import DialogView, MemberView, TurnState, UnitView
from models import ChannelAccount, DialogState, Member, ProcessedUpdate, Unit


def member_view(member: Member, unit: Unit) -> MemberView:
    """Build the view of a member row and its unit row."""
    return MemberView(
        id=member.id,
        full_name=member.full_name,
        position=member.position,
        role=Role(member.role),
        unit=UnitView(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind),
    )


class MemberService:
    """Looks up members and opens every update's turn."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def begin_turn(
        self, channel: Channel, chat_id: str, user_id: str, update_key: str | None
    ) -> TurnState:
        """Remember the update and load the person and their dialog, in one transaction."""
        async with self._sessions.begin() as session:
            if update_key is not None and not await _remember(
                session, channel, update_key, self._clock
            ):
                return TurnState(duplicate=True, member=None, dialog=None)
            member = await _member_of(session, channel, user_id)
            dialog = await session.scalar(
                select(DialogState).where(
                    DialogState.channel == channel,
                    DialogState.chat_id == chat_id,
                    DialogState.user_id == user_id,
                )
            )
            return TurnState(
                duplicate=False,
                member=member,
                dialog=None
                if dialog is None
                else DialogView(
                    dialog=dialog.dialog,
                    step=dialog.step,
                    nonce=dialog.nonce,
                    data=dict(dialog.data),
                    expires_at=dialog.expires_at,
                ),
            )

    async def find(self, channel: Channel, user_id: str) -> MemberView | None:
        """Return the member behind a channel account, if any."""
        async with self._sessions() as session:
            return await _member_of(session, channel, user_id)

    async def forget_updates_before(self, days: int) -> int:
        """Drop remembered update ids older than ``days`` (redeliveries stop within a day)."""
        cutoff = self._clock.now() - timedelta(days=days)
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
            )
            return int(getattr(result, "rowcount", 0) or 0)


async def _member_of(session: AsyncSession, channel: Channel, user_id: str) -> MemberView | None:
    row = (
        await session.execute(
            select(Member, Unit)
            .join(ChannelAccount, ChannelAccount.member_id == Member.id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(
                ChannelAccount.channel == channel,
                ChannelAccount.external_id == user_id,
                Member.active.is_(True),
            )
        )
    ).first()
    return None if row is None else member_view(row[0], row[1])


async def _remember(session: AsyncSession, channel: Channel, key: str, clock: Clock) -> bool:
    """Insert the update key; return False when it was already there."""
    values = {"channel": channel.value, "update_key": key, "processed_at": clock.now()}
    return await insert_ignoring_duplicates(session, ProcessedUpdate, values)
