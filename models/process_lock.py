"""One bot process per database: a lock held for the life of the process.

Two ``python -m bot run`` on one database fight over ``getUpdates``, send the same deliveries
twice and break dialogs (each process keeps its own short-term memory), so a second process is
refused (on SQLite always; on PostgreSQL while the first holds the lock exclusively).

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection of its
  own, open while the process lives and outside any transaction (so it holds back no vacuum).
  The server drops the lock when the connection ends, also when the process is killed; TCP
  keepalives on that connection free it within minutes if the whole machine vanishes. Advisory
  locks are per database; the key adds the schema.
- SQLite: ``flock`` on a file beside the database (``thidua.db.lock``). The kernel releases it
  however the process ends, SIGKILL included, so a lock is never stale and needs no heartbeat
  or table. A ``BEGIN IMMEDIATE`` lease was not chosen: holding SQLite's write lock would block
  the process's own writes, and a lease row needs a schema change plus a timeout before a killed
  process's lease may be taken over. The lock file is never deleted: removing it while another
  process opens it would let both lock a different file.
- In-memory SQLite: nothing is shared, so there is no lock.

On PostgreSQL, ``python -m bot run`` takes the lock *shared*: processes splitting the work by
role (``--role``) run side by side, and what one process alone may do is guarded by the named
locks of :mod:`models.advisory`.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from models.db import PRIVATE_FILE, make_private_dir, restrict, sqlite_file

#: The first half of the advisory lock key: "this app" (the second half is the schema).
LOCK_CLASS = 0x7D1D0A
_TAKE = text("SELECT pg_try_advisory_lock(:cls, hashtext(current_schema()))")
_TAKE_SHARED = text("SELECT pg_try_advisory_lock_shared(:cls, hashtext(current_schema()))")
_HOLDER = text(
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :cls"
    " AND l.objid = hashtext(current_schema())::oid"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
KEEPALIVE = {"tcp_keepalives_idle": "60", "tcp_keepalives_interval": "10"}
NAME_PREFIX = "thidua-bot "
#: Seconds to wait for the server to end the session of a holder that has died.
DEAD_HOLDER_WAIT = 10.0


class DatabaseBusy(Exception):
    """Another process holds the database's lock; ``pid`` and ``host`` say which, if known."""

    def __init__(self, pid: int | None, host: str | None) -> None:
        super().__init__(f"the database is in use by process {pid} on {host}")
        self.pid = pid
        self.host = host


@dataclass
class ProcessLock:
    """A held lock; :meth:`release` frees it (so does the end of the process)."""

    _fd: int | None = None
    _connection: AsyncConnection | None = None
    _engine: AsyncEngine | None = None

    async def release(self) -> None:
        """Free the lock."""
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases its flock
            self._fd = None
        if self._connection is not None:
            await self._connection.close()  # ending the session releases the advisory lock
            self._connection = None
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None


async def acquire(url: str, *, shared: bool = False) -> ProcessLock:
    """Take the lock of the database at ``url``, or raise :class:`DatabaseBusy` at once.

    ``shared`` (PostgreSQL only): the bot processes that share the work by role hold it
    shared, so they run side by side while a command that needs the database to itself
    (``chat``, ``migrate``, ``restore``) is refused, and the other way round.
    """
    if url.startswith("postgresql"):
        return await _advisory_lock(url, shared=shared)
    path = sqlite_file(url)
    if path is None:
        return ProcessLock()
    return _file_lock(path)


def lock_file(database: Path) -> Path:
    """The lock file of a SQLite database file."""
    return database.with_name(database.name + ".lock")


def _identity() -> str:
    return f"{os.getpid()} {socket.gethostname()}"


def process_name() -> str:
    """The ``application_name`` of this process's lock sessions ("thidua-bot PID HOST")."""
    return NAME_PREFIX + _identity()


def _parse_identity(value: str) -> DatabaseBusy:
    pid, _, host = value.strip().partition(" ")
    return DatabaseBusy(int(pid) if pid.isdigit() else None, host or None)


def _file_lock(database: Path) -> ProcessLock:
    if sys.platform == "win32":  # no flock: one process per database is up to the operator
        return ProcessLock()
    import fcntl

    make_private_dir(database.parent)
    path = lock_file(database)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    restrict(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 256, 0).decode(errors="replace")
        os.close(fd)
        raise _parse_identity(holder) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{_identity()}\n".encode(), 0)
    return ProcessLock(_fd=fd)


async def _advisory_lock(url: str, *, shared: bool) -> ProcessLock:
    """Take the advisory lock; wait a little while its holder is a dead process of this host.

    The server ends a killed client's session only once it reads the closed socket, which can
    be a moment after the kill, e.g. when a service manager restarts the bot at once.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEAD_HOLDER_WAIT
    while True:
        try:
            return await _try_advisory_lock(url, shared=shared)
        except DatabaseBusy as busy:
            if _alive(busy) or loop.time() > deadline:
                raise
        await asyncio.sleep(0.1)


def _alive(busy: DatabaseBusy) -> bool:
    """Whether the holder may still run (only a process of this host can be seen to be dead)."""
    if busy.pid is None or busy.host != socket.gethostname():
        return True
    try:
        os.kill(busy.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def lock_session(url: str) -> tuple[AsyncEngine, AsyncConnection]:
    """A connection of its own to hold session-level advisory locks on: named after this
    process (so a refused process can say who holds the lock), with TCP keepalives, and in
    autocommit so that holding a lock for days keeps no transaction open."""
    settings = {**KEEPALIVE, "application_name": process_name()}
    connect_args: dict[str, Any] = {"server_settings": settings}
    engine = create_async_engine(url, poolclass=NullPool, connect_args=connect_args)
    try:
        connection = await engine.connect()
        return engine, await connection.execution_options(isolation_level="AUTOCOMMIT")
    except BaseException:
        await engine.dispose()
        raise


async def _try_advisory_lock(url: str, *, shared: bool) -> ProcessLock:
    engine, connection = await lock_session(url)
    try:
        if await connection.scalar(_TAKE_SHARED if shared else _TAKE, {"cls": LOCK_CLASS}):
            return ProcessLock(_connection=connection, _engine=engine)
        name = await connection.scalar(_HOLDER, {"cls": LOCK_CLASS}) or ""
        await connection.close()
    except BaseException:
        await engine.dispose()
        raise
    await engine.dispose()
    if name.startswith(NAME_PREFIX):
        raise _parse_identity(name.removeprefix(NAME_PREFIX))
    raise DatabaseBusy(None, None)
