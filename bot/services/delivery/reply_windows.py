"""Reply windows and read receipts of channels that have them (the Zalo Official Account).

A Zalo OA may answer a person freely only for a while after the person's last message, and
only a few messages in that time (``[zalo_oa.outbox]``). Each chat keeps when the person
last wrote and how many messages went to it since (``reply_windows``); the outbox worker
reads them before sending, and holds what may not go (:data:`models.DeliveryStatus.WAITING`)
until the person writes again. Read receipts mark the deliveries whose messages the person
received or saw.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ports import Channel
from bot.services.common import Doorbell, TurnCache, audit, is_postgres
from bot.services.delivery.recipients import CHUNK
from bot.services.delivery.reroute import block_accounts
from models import ChannelAccount, Delivery, DeliveryStatus
from models import ReplyWindow as WindowRow

UNFOLLOWED = "unfollowed"


@dataclass(frozen=True, slots=True)
class ReplyWindow:
    """Where a chat stands in its reply window."""

    last_inbound_at: datetime | None
    sent: int

    def is_open(self, now: datetime, *, hours: float, messages: int) -> bool:
        """Whether one more message may go now: the person wrote within ``hours`` and fewer
        than ``messages`` went since."""
        if self.last_inbound_at is None:
            return False
        return now - self.last_inbound_at < timedelta(hours=hours) and self.sent < messages


class ReplyWindowService(Doorbell):
    """Implements :class:`bot.ports.Interactions`; rings its doorbell when deliveries that
    waited for a window are released, so the outbox worker wakes."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cache: TurnCache) -> None:
        """``cache`` forgets an account whose blocked state changed."""
        self._sessions = sessions
        self._cache = cache
        super().__init__()

    async def inbound(self, channel: Channel, chat_id: str, at: datetime) -> None:
        """Open the chat's window, take the account off the blocked list (a follow or a
        message undoes an unfollow), and release the deliveries waiting for the window."""
        async with self._sessions.begin() as session:
            unblocked = await session.scalars(
                update(ChannelAccount)
                .where(_account(channel, chat_id), ChannelAccount.blocked.is_(True))
                .values(blocked=False, blocked_at=None)
                .returning(ChannelAccount.id)
            )
            for account_id in unblocked.all():
                _audit_unblocked(session, account_id, at)
            await _open(session, channel, chat_id, at)
            released = await session.execute(
                update(Delivery)
                .where(
                    Delivery.channel == channel.value,
                    Delivery.chat_id == chat_id,
                    Delivery.status == DeliveryStatus.WAITING,
                )
                .values(status=DeliveryStatus.PENDING, not_before=at, outcome="")
                .execution_options(synchronize_session=False)
            )
        self._cache.members.forget((channel, chat_id))
        if getattr(released, "rowcount", 0):
            self.notify()

    async def left(self, channel: Channel, chat_id: str, at: datetime) -> None:
        """Block the account until the person follows or writes again."""
        async with self._sessions.begin() as session:
            await block_accounts(session, channel, chat_id, UNFOLLOWED, at)
        self._cache.members.forget((channel, chat_id))

    async def sent(self, channel: Channel, chat_id: str, messages: int) -> None:
        """Count ``messages`` more messages sent in the chat's window."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(WindowRow)
                .where(WindowRow.channel == channel.value, WindowRow.chat_id == chat_id)
                .values(sent=WindowRow.sent + messages)
            )

    async def receipts(
        self,
        channel: Channel,
        chat_id: str,
        message_ids: Sequence[str],
        *,
        seen: bool,
        at: datetime,
    ) -> int:
        """Mark the deliveries of these messages received (and ``seen``: read) at ``at``;
        the first receipt of each counts, a later one changes nothing. Return how many of
        the messages have a delivery."""
        ids = [message_id for message_id in dict.fromkeys(message_ids) if message_id]
        found = 0
        if not ids:
            return found
        values = {"received_at": func.coalesce(Delivery.received_at, at)}
        if seen:
            values["seen_at"] = func.coalesce(Delivery.seen_at, at)
        async with self._sessions.begin() as session:
            for start in range(0, len(ids), CHUNK):
                marked = await session.execute(
                    update(Delivery)
                    .where(
                        Delivery.channel == channel.value,
                        Delivery.chat_id == chat_id,
                        Delivery.message_id.in_(ids[start : start + CHUNK]),
                    )
                    .values(values)
                    .execution_options(synchronize_session=False)
                )
                found += int(getattr(marked, "rowcount", 0) or 0)
        return found

    async def windows(self, channel: Channel, chat_ids: Collection[str]) -> dict[str, ReplyWindow]:
        """The reply window of each chat whose person ever wrote (one read for a batch)."""
        wanted = sorted(set(chat_ids))
        found: dict[str, ReplyWindow] = {}
        async with self._sessions() as session:
            for start in range(0, len(wanted), CHUNK):
                rows = await session.execute(
                    select(WindowRow.chat_id, WindowRow.last_inbound_at, WindowRow.sent).where(
                        WindowRow.channel == channel.value,
                        WindowRow.chat_id.in_(wanted[start : start + CHUNK]),
                    )
                )
                for chat_id, last_inbound_at, sent in rows:
                    found[chat_id] = ReplyWindow(last_inbound_at, int(sent))
        return found


async def _open(session: AsyncSession, channel: Channel, chat_id: str, at: datetime) -> None:
    """Start the chat's window at ``at`` (a late, older event never moves it back)."""
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = insert(WindowRow).values(
        channel=channel.value, chat_id=chat_id, last_inbound_at=at, sent=0
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["channel", "chat_id"],
            set_={"last_inbound_at": at, "sent": 0},
            where=WindowRow.last_inbound_at < at,
        )
    )


def _account(channel: Channel, chat_id: str) -> ColumnElement[bool]:
    return (ChannelAccount.channel == channel.value) & (ChannelAccount.chat_id == chat_id)


def _audit_unblocked(session: AsyncSession, account_id: int, at: datetime) -> None:
    audit.record(
        session,
        at=at,
        actor=audit.SYSTEM,
        action="account.unblocked",
        entity="channel_account",
        entity_id=account_id,
        before={"blocked": True},
        after={"blocked": False},
    )
