"""One scheduling process among several: the holder of an advisory lock leads.

Every process with the ``scheduler`` role (or ``all``) on one PostgreSQL database runs a
:class:`SchedulerLeader`. The one whose session holds the leader lock schedules the timed jobs;
the others try again every ``[scheduler] leader_retry_seconds``. The leader checks its lock's
session as often, and stops scheduling at once when the driver sees that session end (the
lock ends with it, and another process may already lead). A new leader starts with the
catch-up of missed firings; each firing is recorded in the database by a guarded update
(:mod:`bot.services.reminders`), so a firing the old leader made is not made again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from models.advisory import SCHEDULER_LEADER, AdvisoryLock, try_lock

logger = logging.getLogger(__name__)
LOCK_NAME = "scheduler"


class SchedulerLeader:
    """Competes for the lead; calls ``lead`` on taking it and ``resign`` on losing it."""

    def __init__(
        self,
        url: str,
        retry_seconds: float,
        lead: Callable[[], Awaitable[None]],
        resign: Callable[[], None],
    ) -> None:
        self._url = url
        self._retry = retry_seconds
        self._lead = lead
        self._resign = resign
        self._lock: AdvisoryLock | None = None
        self._stop = asyncio.Event()

    @property
    def leading(self) -> bool:
        """Whether this process schedules the timed jobs now."""
        return self._lock is not None and not self._lock.lost.is_set()

    def stop(self) -> None:
        """Ask :meth:`run` to stop scheduling, free the lead and return."""
        self._stop.set()

    async def acquire(self) -> bool:
        """Try once for the lead; on taking it, start leading. Whether this process leads."""
        if self._lock is not None:
            return True
        try:
            lock = await try_lock(self._url, SCHEDULER_LEADER, LOCK_NAME)
        except Exception:  # noqa: BLE001 - the database may be back at the next try
            logger.warning("could not ask the database for the scheduler's lead")
            return False
        if lock is None:
            return False
        logger.info("this process leads the scheduler")
        try:
            await self._lead()
        except Exception:
            logger.exception("the scheduler did not start; giving up the lead")
            self._resign()
            await lock.release()
            return False
        self._lock = lock
        return True

    async def run(self) -> None:
        """Try for the lead until :meth:`stop`; lead while the lock is held."""
        try:
            while not self._stop.is_set():
                lock = self._lock
                if lock is None:
                    if not await self.acquire():
                        await self._pause(None)
                    continue
                while await self._pause(lock.lost) and await lock.alive(self._retry):
                    pass
                await self._give_up()
                if not self._stop.is_set():
                    logger.warning("the scheduler's lead was lost; trying to take it again")
        finally:
            await self._give_up()  # also when stopped while taking the lead

    async def _give_up(self) -> None:
        """Stop scheduling, then free the lock (in that order: no job fires unled)."""
        lock, self._lock = self._lock, None
        self._resign()
        if lock is not None:
            await lock.release()

    async def _pause(self, lost: asyncio.Event | None) -> bool:
        """Wait ``retry_seconds``; ``False`` when stopped or ``lost`` was set meanwhile."""
        events = [self._stop] if lost is None else [self._stop, lost]
        waits = [asyncio.create_task(event.wait()) for event in events]
        try:
            await asyncio.wait(waits, timeout=self._retry, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await wait
        return not any(event.is_set() for event in events)
