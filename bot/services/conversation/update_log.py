"""Remembering handled updates so a redelivered one does nothing twice.

Keys are checked in memory and written to ``processed_updates`` in batches (one transaction
per batch, not per update). At start-up the most recent keys are read back, so a redelivery
after a restart is still recognised; a crash can lose at most the last unwritten batch.
"""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel
from bot.services.common import insert_ignoring_duplicates
from models import ProcessedUpdate

MEMORY = 20_000
BATCH = 64
MAX_DELAY = timedelta(milliseconds=500)


class UpdateLog:
    """Recent update keys, in memory and in the database."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._seen: set[tuple[str, str]] = set()
        self._order: deque[tuple[str, str]] = deque()
        self._pending: list[dict[str, object]] = []
        self._pending_since: datetime | None = None
        self._lock = asyncio.Lock()

    async def load(self) -> None:
        """Read back the most recent keys (after a restart)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(ProcessedUpdate.channel, ProcessedUpdate.update_key)
                .order_by(ProcessedUpdate.id.desc())
                .limit(MEMORY)
            )
            for channel, key in reversed(rows.all()):
                self._add((channel, key))

    def first_time(self, channel: Channel, key: str) -> bool:
        """Record ``key``; return False if it was handled before."""
        item = (channel.value, key)
        if item in self._seen:
            return False
        self._add(item)
        now = self._clock.now()
        self._pending.append({"channel": channel.value, "update_key": key, "processed_at": now})
        self._pending_since = self._pending_since or now
        return True

    async def flush_if_due(self) -> None:
        """Write the pending keys when a batch is full or the oldest has waited long enough."""
        since = self._pending_since
        if since is None or self._lock.locked():
            return
        if len(self._pending) >= BATCH or self._clock.now() - since >= MAX_DELAY:
            await self.flush()

    async def flush(self) -> None:
        """Write every pending key."""
        async with self._lock:
            batch, self._pending, self._pending_since = self._pending, [], None
            if batch:
                async with self._sessions.begin() as session:
                    await insert_ignoring_duplicates(session, ProcessedUpdate, batch)

    def _add(self, item: tuple[str, str]) -> None:
        self._seen.add(item)
        self._order.append(item)
        if len(self._order) > MEMORY:
            self._seen.discard(self._order.popleft())
