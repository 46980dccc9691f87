"""Who is who: resolving accounts to members, registering, and finding unit heads."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel
from bot.roles import Role
from bot.services.common import (
    Departure,
    DialogView,
    MemberView,
    TurnCache,
    TurnState,
    UnitView,
    audit,
)
from bot.services.conversation import TurnLock
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

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        cache: TurnCache,
        turns: TurnLock,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._cache = cache
        self._turns = turns

    @asynccontextmanager
    async def turn(
        self, channel: Channel, chat_id: str, user_id: str, update_key: str | None
    ) -> AsyncIterator[TurnState]:
        """Hold the person's turn (their updates one at a time, in order, in every process)
        and open it: a redelivered update is a ``duplicate`` turn."""
        async with self._turns.hold(channel, user_id, update_key) as fresh:
            if fresh:
                yield await self.begin_turn(channel, chat_id, user_id)
            else:
                yield TurnState(duplicate=True, member=None, dialog=None)

    async def begin_turn(self, channel: Channel, chat_id: str, user_id: str) -> TurnState:
        """Find the person and their open dialog in this chat.

        The dialog is read from the database every time: another process may have moved it.
        The member may come from the turn cache (see :class:`TurnCache` for when it keeps one).
        """
        member_key, dialog_key = (channel, user_id), (channel, chat_id, user_id)
        member_hit, member = self._cache.members.get(member_key)
        departed_hit, departed = self._cache.departures.get(member_key)
        # An account without a member is looked at again unless its departure is known too.
        member_hit = member_hit and (member is not None or departed_hit)
        if member_hit:
            async with self._sessions() as session:  # a read only: nothing to commit
                dialog = await _dialog_of(session, dialog_key)
        else:
            async with self._sessions.begin() as session:
                member = await _member_of(session, channel, user_id, self._clock)
                departed = None
                if member is None:
                    departed = await _departure_of(session, channel, user_id)
                self._cache.members.put(member_key, member)
                self._cache.departures.put(member_key, departed)
                dialog = await _dialog_of(session, dialog_key)
        await self._turns.flush_due()
        departed = departed if member is None else None
        return TurnState(duplicate=False, member=member, dialog=dialog, departed=departed)

    async def find(self, channel: Channel, user_id: str) -> MemberView | None:
        """Return the member behind a channel account, if any."""
        async with self._sessions.begin() as session:
            return await _member_of(session, channel, user_id, self._clock)

    def forget(self, channel: Channel, user_id: str) -> None:
        """Drop the cached member of an account whose membership changed."""
        self._cache.members.forget((channel, user_id))

    async def forget_updates_before(self, days: int) -> int:
        """Drop remembered update ids older than ``days`` (redeliveries stop within a day)."""
        cutoff = self._clock.now() - timedelta(days=days)
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
            )
            return int(getattr(result, "rowcount", 0) or 0)


@functools.cache
def _dialog_query() -> Select[Any]:
    """The open dialog of (channel, chat, user), built once: it runs on every update, and
    building the statement cost more than running it."""
    return select(
        DialogState.dialog,
        DialogState.step,
        DialogState.nonce,
        DialogState.data,
        DialogState.expires_at,
        DialogState.outcome,
        DialogState.trail,
        DialogState.prefilled,
    ).where(
        DialogState.channel == bindparam("channel"),
        DialogState.chat_id == bindparam("chat_id"),
        DialogState.user_id == bindparam("user_id"),
    )


async def _dialog_of(session: AsyncSession, key: tuple[Channel, str, str]) -> DialogView | None:
    channel, chat_id, user_id = key
    where = {"channel": channel.value, "chat_id": chat_id, "user_id": user_id}
    row = (await session.execute(_dialog_query(), where)).first()
    if row is None:
        return None
    return DialogView(
        row.dialog,
        row.step,
        row.nonce,
        dict(row.data),
        row.expires_at,
        row.outcome,
        tuple(row.trail),
        tuple(row.prefilled),
    )


async def _member_of(
    session: AsyncSession, channel: Channel, user_id: str, clock: Clock
) -> MemberView | None:
    """Find the member of an account; an account that writes to us is no longer blocked."""
    row = (
        await session.execute(
            select(
                Member.id,
                Member.full_name,
                Member.position,
                Member.role,
                Unit.id.label("unit_id"),
                Unit.code,
                Unit.name,
                Unit.kind,
                ChannelAccount.id.label("account_id"),
                ChannelAccount.blocked,
            )
            .join(ChannelAccount, ChannelAccount.member_id == Member.id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(
                ChannelAccount.channel == channel.value,
                ChannelAccount.external_id == user_id,
                Member.active.is_(True),
            )
        )
    ).first()
    if row is None:
        return None
    if row.blocked:
        await _unblock(session, row.account_id, clock)
    unit = UnitView(id=row.unit_id, code=row.code, name=row.name, kind=row.kind)
    return MemberView(row.id, row.full_name, row.position, Role(row.role), unit)


async def _departure_of(session: AsyncSession, channel: Channel, user_id: str) -> Departure | None:
    """The member who left, when the account is theirs; its history stays theirs."""
    row = (
        await session.execute(
            select(Member.full_name, Member.left_on, Member.left_reason)
            .join(ChannelAccount, ChannelAccount.member_id == Member.id)
            .where(
                ChannelAccount.channel == channel.value,
                ChannelAccount.external_id == user_id,
                Member.active.is_(False),
                Member.left_on.is_not(None),
            )
        )
    ).first()
    if row is None or row.left_on is None:
        return None
    return Departure(row.full_name, row.left_on, row.left_reason)


async def _unblock(session: AsyncSession, account_id: int, clock: Clock) -> None:
    now = clock.now()
    await session.execute(
        update(ChannelAccount)
        .where(ChannelAccount.id == account_id)
        .values(blocked=False, blocked_at=None)
    )
    audit.record(
        session,
        at=now,
        actor=audit.SYSTEM,
        action="account.unblocked",
        entity="channel_account",
        entity_id=account_id,
        before={"blocked": True},
        after={"blocked": False},
    )
