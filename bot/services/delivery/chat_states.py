"""The bot's place in each chat, as the platforms report it (Telegram's ``my_chat_member``,
the Zalo OA's follow and unfollow).

A person who blocks the bot in their private chat is marked blocked at once, instead of at the
next refused send, and is reachable again when they unblock it; a group the bot was removed
from receives nothing until the bot is added back, and the Office hears of it once when that
group is one the bot posts to. Reports are applied in the platform's order: one older than
the last recorded for the chat changes nothing, so a late or redelivered report never
overwrites a newer state.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel, ChatKind, ChatMembership
from bot.services.common import Doorbell, TurnCache, audit, is_postgres
from bot.services.delivery.claims import Claimed
from bot.services.delivery.office_notice import tell_office
from bot.services.delivery.recipients import CHUNK
from bot.services.delivery.reply_windows import UNFOLLOWED
from bot.services.delivery.reroute import block_accounts
from bot.texts import Texts
from models import ChannelAccount, ChatState

BLOCKED_THE_BOT = "blocked the bot"
#: Before any report: a chat is taken as reachable until the platform says otherwise.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ChatStateService(Doorbell):
    """Implements :class:`bot.ports.ChatStates`; rings its doorbell when it queued a notice
    to the Office, so the outbox worker wakes."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        cache: TurnCache,
        texts: Texts,
        *,
        watched: Collection[tuple[Channel, str]] = (),
    ) -> None:
        """``watched``: the group chats the bot posts to (the announcement chat); the Office
        is told when the bot is removed from one, and when it is back."""
        self._sessions = sessions
        self._clock = clock
        self._cache = cache
        self._texts = texts
        self._watched = frozenset(watched)
        super().__init__()

    async def changed(self, change: ChatMembership) -> bool:
        """Record ``change`` unless a newer report for the chat was recorded; return whether
        it was (a redelivered report is not recorded twice)."""
        told = False
        async with self._sessions.begin() as session:
            row = await _current(session, change)
            if not _newer(change, row):
                return False
            was_present = row.present
            row.present, row.reported_at, row.sequence = change.present, change.at, change.sequence
            row.kind, row.title = change.chat_kind.value, change.title[:128] or row.title
            if change.chat_kind is ChatKind.PRIVATE:
                await self._person(session, change)
            elif was_present != change.present:
                told = await self._group(session, change, row.title)
        self._cache.members.forget((change.channel, change.chat_id))
        if told:
            self.notify()
        return True

    async def unreachable(self, items: Sequence[Claimed]) -> set[int]:
        """The ids of the claimed deliveries whose chat is known not to take them: a private
        chat whose person blocked the bot, a group the bot is not in."""
        private = {(i.channel.value, i.chat_id) for i in items if not i.is_group}
        groups = {(i.channel.value, i.chat_id) for i in items if i.is_group}
        gone: set[tuple[str, str]] = set()
        async with self._sessions() as session:
            for wanted, table, absent in (
                (private, ChannelAccount, ChannelAccount.blocked.is_(True)),
                (groups, ChatState, ChatState.present.is_(False)),
            ):
                chats = sorted({chat for _, chat in wanted})
                channels = sorted({channel for channel, _ in wanted})
                for start in range(0, len(chats), CHUNK):
                    rows = await session.execute(
                        select(table.channel, table.chat_id).where(
                            table.channel.in_(channels),
                            table.chat_id.in_(chats[start : start + CHUNK]),
                            absent,
                        )
                    )
                    gone.update((c, chat) for c, chat in rows if (c, chat) in wanted)
        return {i.id for i in items if (i.channel.value, i.chat_id) in gone}

    async def _person(self, session: AsyncSession, change: ChatMembership) -> None:
        """Block or unblock the accounts of a private chat; a refused send recorded after
        the report's time keeps the account blocked."""
        if not change.present:
            why = UNFOLLOWED if change.channel is Channel.ZALO_OA else BLOCKED_THE_BOT
            await block_accounts(session, change.channel, change.chat_id, why, change.at)
            return
        unblocked = await session.scalars(
            update(ChannelAccount)
            .where(
                ChannelAccount.channel == change.channel.value,
                ChannelAccount.chat_id == change.chat_id,
                ChannelAccount.blocked.is_(True),
                or_(ChannelAccount.blocked_at.is_(None), ChannelAccount.blocked_at <= change.at),
            )
            .values(blocked=False, blocked_at=None)
            .returning(ChannelAccount.id)
        )
        for account_id in unblocked.all():
            audit.record(
                session,
                at=change.at,
                actor=audit.SYSTEM,
                action="account.unblocked",
                entity="channel_account",
                entity_id=account_id,
                before={"blocked": True},
                after={"blocked": False, "reason": "unblocked the bot"},
            )

    async def _group(self, session: AsyncSession, change: ChatMembership, title: str) -> bool:
        """Tell the Office the bot left or is back in a group it posts to; whether it did."""
        if (change.channel, change.chat_id) not in self._watched:
            return False
        key = "chat_state.group_back" if change.present else "chat_state.group_removed"
        text = self._texts.t(key, title=title or change.chat_id)
        await tell_office(
            session, text, self._clock.now(), avoid=change.channel, only_others=False
        )
        return True


async def _current(session: AsyncSession, change: ChatMembership) -> ChatState:
    """The chat's row, locked for this transaction; created as "present since ever" when the
    platform never reported on the chat."""
    insert = pg_insert if is_postgres(session) else sqlite_insert
    await session.execute(
        insert(ChatState)
        .values(
            channel=change.channel.value,
            chat_id=change.chat_id,
            kind=change.chat_kind.value,
            present=True,
            title="",
            reported_at=_EPOCH,
            sequence=0,
        )
        .on_conflict_do_nothing(index_elements=["channel", "chat_id"])
    )
    query = select(ChatState).where(
        ChatState.channel == change.channel.value, ChatState.chat_id == change.chat_id
    )
    if is_postgres(session):
        query = query.with_for_update()
    return (await session.scalars(query.execution_options(populate_existing=True))).one()


def _newer(change: ChatMembership, row: ChatState) -> bool:
    """Whether ``change`` comes after the last report recorded for the chat."""
    if change.at != row.reported_at:
        return change.at > row.reported_at
    # The same time: the platform's update number decides; without one, the order they came in.
    return change.sequence > row.sequence or not change.sequence
