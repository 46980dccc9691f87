"""Long polling of the Zalo Bot API (getUpdates hands over one update per call)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Final

from bot.channels.zalo.client import Sleep, ZaloClient, ZaloError, ZaloUnauthorized

__all__ = ["ZaloPoller"]

logger = logging.getLogger(__name__)

OnUpdate = Callable[[dict[str, Any]], Awaitable[None]]

_BACKOFF_START: Final = 1.0
_BACKOFF_CAP: Final = 60.0


class ZaloPoller:
    """Fetches updates one by one and hands each to ``on_update`` in its own task.

    A slow handler does not hold up polling; at most ``max_concurrent`` handlers run at once
    (polling waits for a free slot). An idle poll (408, as the HTTP status or in an HTTP 200
    body) is polled again at once; server and network errors are retried with capped
    exponential backoff; a 401 (wrong token) ends :meth:`run` with :class:`ZaloUnauthorized`.
    """

    def __init__(
        self,
        client: ZaloClient,
        on_update: OnUpdate,
        *,
        timeout: int,
        sleep: Sleep = asyncio.sleep,
        max_concurrent: int = 16,
    ) -> None:
        """Poll with ``timeout``-second long polls; ``sleep`` does the backoff waits."""
        self._client = client
        self._on_update = on_update
        self._timeout = timeout
        self._sleep = sleep
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._running = False
        self._finished = asyncio.Event()

    async def run(self) -> None:
        """Poll until :meth:`stop`; handlers still running are awaited before returning.

        Raises:
            ZaloUnauthorized: The token is wrong or expired.
        """
        self._running = True
        self._finished.clear()
        failures = 0
        try:
            while not self._stopping:
                try:
                    update = await self._client.get_update(self._timeout)
                except ZaloUnauthorized:
                    raise
                except ZaloError as exc:
                    failures += 1
                    await self._back_off(failures, exc)
                    continue
                failures = 0
                if update is not None:
                    await self._start(update)
        finally:
            await self._drain()
            self._running = False
            self._finished.set()

    async def stop(self) -> None:
        """End polling after the poll in hand and wait for the handlers in flight."""
        self._stopping = True
        if self._running:
            await self._finished.wait()
        await self._drain()

    async def _back_off(self, failures: int, exc: ZaloError) -> None:
        delay = min(_BACKOFF_CAP, _BACKOFF_START * 2 ** (failures - 1))
        logger.warning("Zalo getUpdates failed (%s); retrying in %.0f s", exc, delay)
        await self._sleep(delay)

    async def _start(self, update: dict[str, Any]) -> None:
        await self._slots.acquire()
        task = asyncio.create_task(self._handle(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, update: dict[str, Any]) -> None:
        try:
            await self._on_update(update)
        except Exception:
            logger.exception("Handling a Zalo update failed")
        finally:
            self._slots.release()

    async def _drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
