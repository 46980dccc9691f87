"""Named PostgreSQL advisory locks, each held on a connection of its own.

Several bot processes share one PostgreSQL database by role (see docs/operations.md); what only
one of them may do at a time (poll a chat platform, schedule the timed jobs) is guarded by a
session-level advisory lock. The server frees it when the session ends, also when the process
is killed, so a lock is never stale. Keys are two integers: :data:`LOCK_CLASS` of
:mod:`models.process_lock` plus a small offset for the kind of lock, and a hash of the schema
and the lock's name, so two installations on different schemas never block each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from models.process_lock import LOCK_CLASS, lock_session

logger = logging.getLogger(__name__)

#: The kinds of named locks (added to :data:`LOCK_CLASS`; 0 is the process lock).
POLLER = 1
SCHEDULER_LEADER = 2
#: Held while a process migrates and loads the configuration into the database.
STARTUP = 3
#: Held shared by every process that sends the outbox.
SENDERS = 4

_TAKE = text("SELECT pg_try_advisory_lock(:cls, hashtext(current_schema() || ':' || :name))")
_HOLDER = text(
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :cls"
    " AND l.objid = hashtext(current_schema() || ':' || :name)::oid"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
_WAIT = text("SELECT pg_advisory_lock(:cls, hashtext(current_schema() || ':' || :name))")
_UNLOCK = text("SELECT pg_advisory_unlock(:cls, hashtext(current_schema() || ':' || :name))")
_WAIT_SHARED = text(
    "SELECT pg_advisory_lock_shared(:cls, hashtext(current_schema() || ':' || :name))"
)
_PING = text("SELECT 1")


@dataclass
class AdvisoryLock:
    """A held named lock; :meth:`release` frees it (so does the end of the process)."""

    _connection: AsyncConnection
    _engine: AsyncEngine
    #: Set as soon as the driver sees the lock's connection end (the lock is gone with it).
    lost: asyncio.Event = field(default_factory=asyncio.Event)

    async def alive(self, within: float) -> bool:
        """Whether the session holding the lock still answers within ``within`` seconds."""
        if self.lost.is_set():
            return False
        try:
            await asyncio.wait_for(self._connection.execute(_PING), within)
        except Exception:  # noqa: BLE001 - any failure means the session, and the lock, are gone
            logger.warning("the connection holding an advisory lock stopped answering")
            self.lost.set()
            return False
        return True

    async def release(self) -> None:
        """Free the lock (ending the session frees it, whatever state the session is in)."""
        with contextlib.suppress(Exception):
            await self._connection.close()
        await self._engine.dispose()


async def try_lock(url: str, kind: int, name: str) -> AdvisoryLock | None:
    """Take the lock ``kind``/``name`` of the database at ``url``, or ``None`` when another
    session holds it."""
    engine, connection = await lock_session(url)
    try:
        if await connection.scalar(_TAKE, {"cls": LOCK_CLASS + kind, "name": name}):
            lock = AdvisoryLock(connection, engine)
            await _watch(connection, lock.lost)
            return lock
        await connection.close()
    except BaseException:
        await engine.dispose()
        raise
    await engine.dispose()
    return None


@asynccontextmanager
async def one_at_a_time(url: str, kind: int, name: str) -> AsyncIterator[None]:
    """Inside, no other process is inside for ``kind``/``name`` of the same PostgreSQL
    database (it waits its turn); elsewhere one process owns the database anyway."""
    if not url.startswith("postgresql"):
        yield
        return
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(_WAIT, {"cls": LOCK_CLASS + kind, "name": name})
            yield  # closing the session frees the lock
    finally:
        await engine.dispose()


async def join(url: str, kind: int, name: str) -> tuple[AdvisoryLock, bool]:
    """Hold ``kind``/``name`` shared for as long as the returned lock; also whether no other
    session held it when joining (it was taken exclusively first, then shared, then the
    exclusive hold dropped: whoever joins meanwhile sees company)."""
    engine, connection = await lock_session(url)
    try:
        params = {"cls": LOCK_CLASS + kind, "name": name}
        alone = bool(await connection.scalar(_TAKE, params))
        await connection.execute(_WAIT_SHARED, params)  # a session never waits for itself
        if alone:
            await connection.execute(_UNLOCK, params)
    except BaseException:
        await engine.dispose()
        raise
    return AdvisoryLock(connection, engine), alone


async def holder(url: str, kind: int, name: str) -> str:
    """The ``application_name`` of the session holding ``kind``/``name`` ("" when unknown)."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(_HOLDER, {"cls": LOCK_CLASS + kind, "name": name})
    finally:
        await engine.dispose()
    return str(found or "")


async def _watch(connection: AsyncConnection, lost: asyncio.Event) -> None:
    """Set ``lost`` when asyncpg sees the connection end (the socket closing is noticed by the
    event loop at once, without waiting for the next query)."""
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    add = getattr(driver, "add_termination_listener", None)
    if add is not None:
        add(lambda _connection: lost.set())
