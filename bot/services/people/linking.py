"""``/lienket``: one member, accounts on several channels, and the channel they are told on.

A member asks for a one-time code on the channel they use; typing it on another channel
adds that account to them. Wrong codes are counted per account in the audit log, so the
guess limit survives a restart.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.ports import Channel, Outgoing, Reply
from bot.services.common import MemberView, TurnCache, audit
from bot.services.delivery import addresses, channel_name, outbox, preference
from bot.services.people.link_checks import (
    FAILED,
    GUESS_ENTITY,
    GUESSES,
    LinkCodeUsed,
    LinkLocked,
    LinkNoAccount,
    LinkTakenByOther,
    guess_key,
    recent_failures,
    redeemable,
)
from bot.services.people.members import member_view
from bot.texts import Texts
from models import ChannelAccount, LinkCode, Member, Unit

LINKED = "account.linked"
PREFERRED = "member.preferred_channel"
_KNOWN = frozenset(channel.value for channel in Channel)


@dataclass(frozen=True, slots=True)
class LinkState:
    """The member's channels (best first) and the one deliveries go to."""

    channels: tuple[Channel, ...]
    preferred: Channel | None


@dataclass(frozen=True, slots=True)
class LinkOffer:
    """A fresh code to type on another channel, with the member's channels."""

    state: LinkState
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Linked:
    """The member an account was just linked to."""

    member: MemberView
    channel: Channel
    told: int


@dataclass(frozen=True, slots=True)
class Guesser:
    """The account typing a code."""

    channel: Channel
    user_id: str
    chat_id: str


class LinkingService:
    """Makes and redeems link codes, and sets the channel a member is told on."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: outbox.OutboxService,
        cache: TurnCache,
        *,
        ttl: timedelta = timedelta(minutes=10),
        max_failures: int = 5,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._cache = cache
        self._ttl = ttl
        self._max_failures = max_failures

    async def offer(self, member: MemberView, channel: Channel) -> LinkOffer:
        """Make a new code for ``member`` on ``channel``; older unused codes stop working."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await session.execute(
                update(LinkCode)
                .where(
                    LinkCode.member_id == member.id,
                    LinkCode.used_at.is_(None),
                    LinkCode.expires_at > now,
                )
                .values(expires_at=now)
            )
            code = await _fresh_code(session, now)
            expires = now + self._ttl
            session.add(
                LinkCode(
                    code=code,
                    member_id=member.id,
                    channel=channel.value,
                    expires_at=expires,
                    created_at=now,
                )
            )
            return LinkOffer(await _state(session, member.id), code, expires)

    async def redeem(self, text: str, guesser: Guesser) -> Linked:
        """Link the guesser's account to the member whose code ``text`` is.

        Raises:
            LinkLocked: Too many wrong codes from this account in the last ``ttl``.
            Link errors of :mod:`bot.services.people.link_checks`: why the code does not link.
        """
        now = self._clock.now()
        try:
            async with self._sessions.begin() as session:
                since = now - self._ttl
                failures = await recent_failures(session, guesser.channel, guesser.user_id, since)
                if failures >= self._max_failures:
                    raise LinkLocked
                linked = await self._link(session, text, guesser, now)
        except GUESSES:
            await self._record_failure(guesser, now)
            raise
        except IntegrityError:
            raise LinkTakenByOther from None  # the account was registered meanwhile
        self._cache.members.put((guesser.channel, guesser.user_id), linked.member)
        if linked.told:
            self._outbox.notify()
        return linked

    async def prefer(self, member: MemberView, member_id: int, channel: str) -> LinkState:
        """Send ``member``'s notices to their account on ``channel`` from now on.

        Raises:
            NotAllowed: The button was made for another member (forged or forwarded).
            LinkNoAccount: The member has no account on that channel.
        """
        if member_id != member.id:
            raise errors.NotAllowed
        now = self._clock.now()
        async with self._sessions.begin() as session:
            has = await session.scalar(
                select(
                    exists().where(
                        ChannelAccount.member_id == member.id, ChannelAccount.channel == channel
                    )
                )
            )
            if not has:
                raise LinkNoAccount
            before = await session.scalar(
                select(Member.preferred_channel).where(Member.id == member.id)
            )
            await session.execute(
                update(Member).where(Member.id == member.id).values(preferred_channel=channel)
            )
            audit.record(
                session,
                at=now,
                actor=audit.Actor(member.full_name, member.id),
                action=PREFERRED,
                entity="member",
                entity_id=member.id,
                before={"channel": before},
                after={"channel": channel},
            )
            return await _state(session, member.id)

    async def _link(
        self, session: AsyncSession, text: str, guesser: Guesser, now: datetime
    ) -> Linked:
        code = await redeemable(session, text, guesser.channel, guesser.user_id, now)
        won = await session.execute(
            update(LinkCode)
            .where(LinkCode.id == code.id, LinkCode.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(won, "rowcount", 0) != 1:
            raise LinkCodeUsed  # another redemption of the same code won the race
        session.add(
            ChannelAccount(
                channel=guesser.channel.value,
                external_id=guesser.user_id,
                chat_id=guesser.chat_id,
                member_id=code.member_id,
                created_at=now,
            )
        )
        await session.flush()
        member, unit = (
            await session.execute(
                select(Member, Unit)
                .join(Unit, Unit.id == Member.unit_id)
                .where(Member.id == code.member_id)
            )
        ).one()
        view = member_view(member, unit)
        audit.record(
            session,
            at=now,
            actor=audit.Actor(view.full_name, view.id),
            action=LINKED,
            entity="member",
            entity_id=view.id,
            after={"channel": guesser.channel.value, "from": code.channel},
        )
        told = await self._tell_old_channel(session, code, guesser.channel, now)
        return Linked(view, guesser.channel, told)

    async def _tell_old_channel(
        self, session: AsyncSession, code: LinkCode, new: Channel, now: datetime
    ) -> int:
        chat = await session.scalar(
            select(ChannelAccount.chat_id)
            .where(
                ChannelAccount.member_id == code.member_id,
                ChannelAccount.channel == code.channel,
                ChannelAccount.blocked.is_(False),
            )
            .order_by(ChannelAccount.id)
            .limit(1)
        )
        if chat is None:
            return 0
        text = self._texts.t("linking.notice_old", channel=channel_name(self._texts, new))
        return outbox.enqueue(
            session, [Outgoing(Channel(code.channel), chat, Reply(text))], now=now
        )

    async def _record_failure(self, guesser: Guesser, now: datetime) -> None:
        async with self._sessions.begin() as session:
            audit.record(
                session,
                at=now,
                actor=audit.SYSTEM,
                action=FAILED,
                entity=GUESS_ENTITY,
                entity_id=guess_key(guesser.channel, guesser.user_id),
            )


async def _fresh_code(session: AsyncSession, now: datetime) -> str:
    """Six random digits no live code has (``secrets``: codes must not be guessable)."""
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        live = await session.scalar(
            select(
                exists().where(
                    LinkCode.code == code, LinkCode.used_at.is_(None), LinkCode.expires_at > now
                )
            )
        )
        if not live:
            return code


async def _state(session: AsyncSession, member_id: int) -> LinkState:
    rows = await session.execute(
        select(ChannelAccount.channel, Member.preferred_channel)
        .join(Member, Member.id == ChannelAccount.member_id)
        .where(ChannelAccount.member_id == member_id)
    )
    found = rows.all()
    preferred = found[0][1] if found else None
    names = sorted({c for c, _ in found if c in _KNOWN}, key=lambda c: preference(c, preferred))
    channels = tuple(Channel(name) for name in names)
    best = (await addresses(session, [member_id])).get(member_id)
    return LinkState(channels, None if best is None else best.channel)
