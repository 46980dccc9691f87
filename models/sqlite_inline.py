"""SQLite for SQLAlchemy's asyncio layer without a thread hop per call.

aiosqlite runs every call (execute, fetch, commit …) on a worker thread and wakes the event
loop for each answer; for the bot's small queries those hops cost more CPU than SQLite itself
(about 0.4 ms per statement against tens of microseconds). This module gives SQLAlchemy's
``sqlite+aiosqlite`` dialect a connection with aiosqlite's interface that calls the standard
library's ``sqlite3`` directly, on the loop's thread. A call blocks the loop for as long as
SQLite takes, which for this workload (WAL, ``synchronous=NORMAL``, one process) is short;
PostgreSQL remains the database for large installations.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any


class InlineCursor:
    """An aiosqlite-like cursor over a ``sqlite3.Cursor``."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._rows()

    async def _rows(self) -> AsyncIterator[Any]:
        for row in self._cursor:
            yield row

    @property
    def description(self) -> Any:
        """Column descriptions of the last query."""
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        """Rows changed by the last statement."""
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The id of the last inserted row."""
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        """Rows ``fetchmany`` returns by default."""
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        """Run one statement."""
        self._cursor.execute(sql, () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> InlineCursor:
        """Run one statement for many parameter rows."""
        self._cursor.executemany(sql, rows)
        return self

    async def fetchone(self) -> Any:
        """The next row."""
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """The next rows."""
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        """The remaining rows."""
        return self._cursor.fetchall()

    async def close(self) -> None:
        """Close the cursor."""
        self._cursor.close()


class _Immediate:
    """Stands in for aiosqlite's request queue: runs each request at once."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # noqa: BLE001 - handed to the waiting caller
            future.set_exception(error)


class InlineConnection:
    """An aiosqlite-like connection over a ``sqlite3.Connection``."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        # SQLAlchemy's adapter reaches for aiosqlite's private names; give it the same.
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _Immediate()

    @property
    def isolation_level(self) -> str | None:
        """The ``sqlite3`` isolation level."""
        return self._conn.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: Any) -> None:
        self._conn.isolation_level = value

    def cursor(self) -> InlineCursor:
        """A new cursor."""
        return InlineCursor(self._conn.cursor())

    async def commit(self) -> None:
        """Commit the transaction."""
        self._conn.commit()

    async def rollback(self) -> None:
        """Roll the transaction back."""
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        """Register an SQL function."""
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        """Close the connection."""
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        """Close at once (SQLAlchemy's terminate)."""
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connector(path: str) -> Callable[[], Any]:
    """The ``async_creator`` for ``create_async_engine``: opens ``path`` inline."""

    async def connect() -> InlineConnection:
        return InlineConnection(sqlite3.connect(path, check_same_thread=False))

    return connect
