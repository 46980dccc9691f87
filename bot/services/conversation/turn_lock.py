"""One person's updates handled one at a time, in order, by however many processes.

Every update is handled while its person's lock is held (:meth:`TurnLock.hold`). In a process
an ``asyncio`` lock per person queues that person's updates in arrival order. On PostgreSQL,
where several ``updates`` processes may serve one database, the turn also holds a transaction
of its own (on a connection of its own) for its whole length, which

1. announces the update: a shared advisory lock on the *marker* of (person, update id);
2. waits, at most :data:`ORDER_WAIT`, for the transactions of the same person's *earlier*
   updates that another process announced, so the update that got there first does not
   overtake them;
3. takes the person's exclusive advisory lock (``pg_advisory_xact_lock``), so two processes
   never handle one person at once;
4. records the update id in ``processed_updates`` (a redelivery that reached the other
   process finds it and does nothing);

and commits when the turn ends, which releases every lock; an error or a cancellation rolls
back, which releases them as well, and so does the server if the process dies. The handling's
own transactions run on other connections; :attr:`TurnLock.slots` bounds the turns holding a
lock connection so the pool always keeps as many for their work (see ``docs/architecture.md``,
"Concurrency").

Advisory lock keys (per database; ``pg_locks`` shows them):

* two-int form ``(classid, objid)``: ``(0x7D1D0A, schema)`` is the process lock
  (:mod:`models.process_lock`); ``(0x7D1D0B, person)`` is the person's turn lock;
* one-bigint form: ``person << 32 | update id`` is an update's marker, ``person`` between 1
  and 2**31 - 1, so its high half never equals that of the ``hashtext`` keys (0 or
  0xFFFFFFFF) that guard nominations.

``person`` is a 31-bit hash of the schema, channel and account: two people sharing one only
wait for each other now and then, never corrupt anything. Only Telegram's update ids are
ordered (per bot, increasing); other channels get exclusion without the order step.
SQLite has one process (the process lock), so the ``asyncio`` lock is the whole story there
and redeliveries are recognised by :class:`UpdateLog` in memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel
from bot.services.conversation.update_log import UpdateLog
from models import ProcessedUpdate

logger = logging.getLogger(__name__)

#: The ``classid`` of the persons' turn locks (two-int form); the process lock uses 0x7D1D0A.
TURN_CLASS = 0x7D1D0B
#: How long an update waits for the same person's earlier updates seen at other processes.
ORDER_WAIT = timedelta(seconds=2)

_MARK = text("SELECT pg_advisory_xact_lock_shared(:key)")
_EARLIER = text(
    "SELECT max(objid::bigint) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
    " AND classid = CAST(:person AS bigint)::oid AND objid::bigint < :seq"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
_WAIT = text("SELECT pg_advisory_xact_lock(:key)")
_EXCLUDE = text("SELECT pg_advisory_xact_lock(:cls, :person)")
_SCHEMA = text("SELECT current_schema()")


class _KeyedLocks:
    """One ``asyncio`` lock per person, dropped when nobody waits, so memory stays flat."""

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._users: dict[tuple[str, str], int] = {}

    @asynccontextmanager
    async def hold(self, key: tuple[str, str]) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]


class TurnLock:
    """Holds a person's turn: exclusive, in update order, across processes on PostgreSQL."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        updates: UpdateLog,
        *,
        postgres: bool,
        slots: int,
    ) -> None:
        """``slots``: how many turns may hold a lock connection at once (PostgreSQL)."""
        self._sessions = sessions
        self._clock = clock
        self._updates = updates
        self._postgres = postgres
        self.slots = slots
        self._free = asyncio.Semaphore(slots)
        self._local = _KeyedLocks()
        self._schema: str | None = None

    @asynccontextmanager
    async def hold(
        self, channel: Channel, user_id: str, update_key: str | None
    ) -> AsyncIterator[bool]:
        """Hold the person's turn; yield whether the update is new (``False``: a redelivery,
        to be ignored). ``update_key`` ``None`` (no update behind the turn) is always new."""
        async with self._local.hold((channel.value, user_id)):
            if not self._postgres:
                yield update_key is None or self._updates.first_time(channel, update_key)
                return
            async with self._free, self._sessions.begin() as session:
                yield await self._enter(session, channel, user_id, update_key)

    async def flush_due(self) -> None:
        """Write the remembered update ids when due (SQLite: PostgreSQL writes each at once)."""
        await self._updates.flush_if_due()

    async def _enter(
        self, session: AsyncSession, channel: Channel, user_id: str, update_key: str | None
    ) -> bool:
        person = await self._person(session, channel, user_id)
        seq = _sequence(channel, update_key)
        if seq is not None:
            await session.execute(_MARK, {"key": person << 32 | seq})
            await self._after_earlier(session, person, seq)
        await session.execute(_EXCLUDE, {"cls": TURN_CLASS, "person": person})
        return update_key is None or await self._first_time(session, channel, update_key)

    async def _after_earlier(self, session: AsyncSession, person: int, seq: int) -> None:
        """Wait for the announced earlier updates of the person, until :data:`ORDER_WAIT`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ORDER_WAIT.total_seconds()
        while True:
            earlier = await session.scalar(_EARLIER, {"person": person, "seq": seq})
            left = deadline - loop.time()
            if earlier is None:
                return
            if left <= 0:
                logger.warning("update %d went ahead of an earlier one still waiting", seq)
                return
            # Waiting for the marker exclusively ends when that update's turn ends; the
            # savepoint gives the marker back at once and survives the lock timeout.
            nested = await session.begin_nested()
            try:
                await session.execute(text(f"SET LOCAL lock_timeout = {max(1, int(left * 1000))}"))
                await session.execute(_WAIT, {"key": person << 32 | int(earlier)})
            except DBAPIError:
                logger.warning("update %d stopped waiting for update %d", seq, earlier)
            finally:
                await nested.rollback()

    async def _first_time(self, session: AsyncSession, channel: Channel, key: str) -> bool:
        statement = (
            pg_insert(ProcessedUpdate)
            .values(channel=channel.value, update_key=key, processed_at=self._clock.now())
            .on_conflict_do_nothing()
            .returning(ProcessedUpdate.id)
        )
        return (await session.scalar(statement)) is not None

    async def _person(self, session: AsyncSession, channel: Channel, user_id: str) -> int:
        if self._schema is None:
            self._schema = str(await session.scalar(_SCHEMA))
        return person_key(self._schema, channel, user_id)


def person_key(schema: str, channel: Channel, user_id: str) -> int:
    """A stable 31-bit key of the person, never 0 (see the module's key spaces)."""
    digest = hashlib.blake2b(f"{schema}\0{channel.value}\0{user_id}".encode(), digest_size=4)
    return int.from_bytes(digest.digest()) % (2**31 - 1) + 1


def _sequence(channel: Channel, update_key: str | None) -> int | None:
    """The update's place in its bot's sequence, for channels whose ids are ordered."""
    if channel is not Channel.TELEGRAM or update_key is None or not update_key.isdigit():
        return None
    return int(update_key) & 0xFFFFFFFF
