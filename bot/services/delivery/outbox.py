"""The outbox: services write delivery rows; the worker claims, sends and settles them.

Delivery rows are written in the same transaction as the change that causes them, so a
message is never lost between "done" and "sent". Claims carry a lease: a row claimed by a
worker that died is claimed again once the lease runs out (at-least-once delivery).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel, Outgoing
from bot.services.common import Doorbell, TurnCache
from bot.services.delivery.claims import Claimed, claim_group
from bot.services.delivery.payloads import decode_reply, encode_reply
from bot.services.delivery.queueing import enqueue, enqueue_many
from bot.services.delivery.reroute import Held, block_accounts, reroute, reroute_many
from bot.texts import Texts
from models import Delivery, DeliveryOutcome, DeliveryStatus

if TYPE_CHECKING:
    from sqlalchemy import Table

__all__ = [
    "Claimed",
    "OutboxCounts",
    "OutboxService",
    "decode_reply",
    "encode_reply",
    "enqueue",
    "enqueue_many",
]


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """How many deliveries are in each status."""

    by_status: dict[str, int]

    def count(self, status: DeliveryStatus) -> int:
        """Return the number of deliveries in ``status``."""
        return self.by_status.get(status, 0)


class OutboxService(Doorbell):
    """Claims and settles deliveries for the outbox worker."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        cache: TurnCache,
        *,
        lease: timedelta,
        texts: Texts | None = None,
    ) -> None:
        """``texts`` words the note that replaces a file when a delivery changes channel."""
        self._texts = texts
        self._sessions = sessions
        self._engine: AsyncEngine = sessions.kw["bind"]
        self._clock = clock
        self._cache = cache
        self._lease = lease
        super().__init__()

    async def send_later(self, messages: Sequence[Outgoing]) -> int:
        """Queue messages in their own transaction and wake the worker."""
        async with self._sessions.begin() as session:
            added = enqueue(session, messages, now=self._clock.now())
        self.notify()
        return added

    async def claim(
        self,
        limit: int,
        *,
        quiet_ok: bool = True,
        channels: Collection[Channel] = (),
        other_channels: bool = False,
    ) -> list[Claimed]:
        """Claim up to ``limit`` due deliveries under a lease, sharing the batch fairly.

        Deliveries of different broadcasts (and the ones of no broadcast) get equal shares of
        the batch and are interleaved, so one big broadcast does not hold up another. Each
        share is claimed by one UPDATE … RETURNING, so two workers never claim the same row:
        SQLite runs it under its write lock, PostgreSQL skips rows another worker has locked.

        Args:
            limit: The batch size.
            quiet_ok: Whether deliveries held back in quiet hours may go out now.
            channels: Only deliveries on these channels (empty: every channel) ...
            other_channels: ... or, when true, only deliveries on every other channel.
        """
        now = self._clock.now()
        due = or_(
            and_(Delivery.status == DeliveryStatus.PENDING, Delivery.not_before <= now),
            and_(Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_until < now),
        )
        if not quiet_ok:
            due = and_(due, Delivery.quiet.is_(False))
        if channels:
            names = [channel.value for channel in channels]
            on = Delivery.channel.not_in(names) if other_channels else Delivery.channel.in_(names)
            due = and_(due, on)
        async with self._sessions.begin() as session:
            groups = (
                await session.scalars(select(Delivery.broadcast_id).where(due).distinct())
            ).all()
            share = max(1, -(-limit // max(1, len(groups))))
            shares = [
                await claim_group(session, due, group, share, now + self._lease)
                for group in sorted(groups, key=lambda g: (g is not None, g or 0))
            ]
        return [item for row in zip_longest(*shares) for item in row if item is not None]

    async def release_claims(self) -> int:
        """Put every delivery marked as being sent back in the queue; return how many.

        Only for start-up with a single worker process: what is still "sending" then was in
        flight when the previous process died, and need not wait for its lease to run out.
        """
        async with self._sessions.begin() as session:
            released = await session.execute(
                update(Delivery)
                .where(Delivery.status == DeliveryStatus.SENDING)
                .values(status=DeliveryStatus.PENDING, claimed_until=None)
                .execution_options(synchronize_session=False)
            )
        return int(getattr(released, "rowcount", 0) or 0)

    async def mark_sent(self, delivery_id: int, message_id: str = "") -> None:
        """Record a successful send and the platform's id of the message (its read receipts
        name it); a "rate limited" outcome ends with it, a refusal's outcome stays."""
        await self._settle(
            delivery_id,
            status=DeliveryStatus.SENT,
            sent_at=self._clock.now(),
            message_id=message_id[:64],
            outcome=case(
                (Delivery.outcome == DeliveryOutcome.RATE_LIMITED, ""), else_=Delivery.outcome
            ),
        )

    async def mark_skipped(self, delivery_id: int, why: str) -> None:
        """Settle a delivery that will not be sent (the bot is not in its group chat)."""
        await self._settle(delivery_id, status=DeliveryStatus.SKIPPED, last_error=why[:500])

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        """Give up on a delivery."""
        await self._settle(delivery_id, status=DeliveryStatus.FAILED, last_error=error[:500])

    async def retry_at(
        self, delivery_id: int, when: datetime, error: str, *, count: bool, outcome: str = ""
    ) -> None:
        """Put a delivery back to wait until ``when``.

        Args:
            delivery_id: The delivery.
            when: The earliest time to try again.
            error: Why it failed this time.
            count: Whether this attempt counts toward the retry cap (a 429 does not).
            outcome: What the platform's refusal meant, kept until the delivery is sent.
        """
        values: dict[str, Any] = {
            "status": DeliveryStatus.PENDING,
            "not_before": when,
            "claimed_until": None,
            "last_error": error[:500],
        }
        if outcome:
            values["outcome"] = outcome
        if not count:
            values["attempts"] = Delivery.attempts - 1
        async with self._sessions.begin() as session:
            await session.execute(
                update(Delivery).where(Delivery.id == delivery_id).values(**values)
            )

    async def mark_blocked(
        self,
        delivery_id: int,
        channel: Channel,
        chat_id: str,
        why: str,
        *,
        never_started: bool = False,
        outcome: str = "",
    ) -> None:
        """Record that the recipient blocked the bot (or never started it, or does not follow
        the OA), and stop sending to that account until the person writes again.

        A member's delivery then goes to their best other account, if one is left; only
        otherwise does it settle as blocked (or unreachable). ``outcome`` stays on it.
        """
        now = self._clock.now()
        status = DeliveryStatus.UNREACHABLE if never_started else DeliveryStatus.BLOCKED
        async with self._sessions.begin() as session:
            await block_accounts(session, channel, chat_id, why, now)
            moved = await reroute(session, delivery_id, why, now, self._texts, outcome=outcome)
            if not moved:
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id == delivery_id)
                    .values(
                        status=status, claimed_until=None, last_error=why[:500], outcome=outcome
                    )
                )
        # In private chats the chat id is the account id: reload it when the person writes.
        self._cache.members.forget((channel, chat_id))
        if moved:
            self.notify()

    async def hold(self, channel: Channel, held: Sequence[Held]) -> set[int]:
        """Deliveries ``channel`` may not send now (outside a Zalo OA reply window, or out of
        quota): send each by the member's best account on another channel, else keep it
        :data:`DeliveryStatus.WAITING` until the person writes again (with its reason). One
        transaction for the batch; return the ids of those that moved."""
        if not held:
            return set()
        now = self._clock.now()
        async with self._sessions.begin() as session:
            moved = await reroute_many(session, held, now, self._texts, excluding={channel})
            staying = [item for item in held if item.delivery_id not in moved]
            for (why, outcome), items in _by_reason(staying).items():
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id.in_([item.delivery_id for item in items]))
                    .values(
                        status=DeliveryStatus.WAITING,
                        claimed_until=None,
                        last_error=why[:500],
                        outcome=outcome,
                    )
                    .execution_options(synchronize_session=False)
                )
        if moved:
            self.notify()
        return moved

    async def counts(self) -> OutboxCounts:
        """Count deliveries per status."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Delivery.status, func.count()).group_by(Delivery.status)
            )
            return OutboxCounts({str(status): int(n) for status, n in rows.all()})

    async def next_due(self) -> datetime | None:
        """Return when the earliest waiting delivery becomes due, if any."""
        async with self._sessions() as session:
            return await session.scalar(
                select(func.min(Delivery.not_before)).where(
                    Delivery.status == DeliveryStatus.PENDING
                )
            )

    async def _settle(self, delivery_id: int, **values: Any) -> None:
        # A Core UPDATE on a bare connection: settling runs once per message sent, and the
        # ORM session's bookkeeping would cost more than the statement itself.
        table = cast("Table", Delivery.__table__)
        async with self._engine.begin() as connection:
            await connection.execute(
                update(table).where(table.c.id == delivery_id).values(claimed_until=None, **values)
            )


def _by_reason(held: Sequence[Held]) -> dict[tuple[str, str], list[Held]]:
    """The held deliveries grouped by why and outcome (one UPDATE a group)."""
    groups: dict[tuple[str, str], list[Held]] = {}
    for item in held:
        groups.setdefault((item.why, item.outcome), []).append(item)
    return groups
