"""A connection pool that hands its connections out in the order they were asked for.

SQLite runs on one shared connection (see :func:`models.db.create_engine`), so under load
every transaction waits for it. SQLAlchemy's asyncio pool lets a newcomer take a connection
that was just returned while the task woken for it has not run yet; the woken task finds the
queue empty and waits again at the back. Under 50 concurrent web users that made a few requests
wait seconds while most took a few milliseconds. Here a returned connection goes straight to
the longest waiting task, and a newcomer only takes one when nobody waits.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any, TypeVar

from sqlalchemy.pool import AsyncAdaptedQueuePool
from sqlalchemy.util import queue as sqla_queue
from sqlalchemy.util.concurrency import await_

T = TypeVar("T")


class FairQueue(sqla_queue.AsyncAdaptedQueue[T]):
    """The pool's queue, first come first served."""

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:  # noqa: FBT001, FBT002
        super().__init__(maxsize, use_lifo)
        self._waiters: deque[asyncio.Future[T]] = deque()

    def put_nowait(self, item: T) -> None:
        """Give ``item`` to the longest waiting task, else keep it."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        super().put_nowait(item)

    def put(self, item: T, block: bool = True, timeout: float | None = None) -> None:  # noqa: FBT001, FBT002
        """Return ``item`` (never blocks: the pool holds every connection it made)."""
        self.put_nowait(item)

    def get(self, block: bool = True, timeout: float | None = None) -> T:  # noqa: FBT001, FBT002
        """An item, after every task that asked before; ``Empty`` after ``timeout``."""
        if not block or (not self._waiters and not self.empty()):
            return self.get_nowait()
        waiter: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await_(self._wait(waiter, timeout))
        except BaseException as err:
            if waiter.done() and not waiter.cancelled():
                self.put_nowait(waiter.result())  # handed over to a task given up: pass it on
            waiter.cancel()
            if isinstance(err, TimeoutError):
                raise sqla_queue.Empty from err
            raise

    async def _wait(self, waiter: asyncio.Future[T], seconds: float | None) -> T:
        try:
            async with asyncio.timeout(seconds):
                return await asyncio.shield(waiter)
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():
                return waiter.result()  # handed over as the time ran out: keep it
            raise


class FairAsyncPool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio pool with :class:`FairQueue`."""

    _queue_class: Any = FairQueue
