"""The outbox worker: sends queued deliveries through the channel messengers.

Claims a batch, sends each message when the overall rate allows (several in flight at once,
since a round trip to the platform is slow), and settles each one: sent; blocked (403, the
account is marked and skipped from then on); put back for ``retry_after`` (429, not counted as
an attempt); retried with exponential backoff (network errors, 5xx) up to a cap; or failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from bot.clock import Clock
from bot.config import Outbox as OutboxSettings
from bot.ports import (
    Channel,
    Messenger,
    PermanentFailure,
    RecipientBlocked,
    RetryLater,
    TransientFailure,
)
from bot.services.outbox import Claimed, OutboxService
from scheduler.pacing import Pacer

logger = logging.getLogger(__name__)
MAX_IN_FLIGHT = 16


class OutboxWorker:
    """Drains the outbox; one per process (several on PostgreSQL are safe)."""

    def __init__(
        self,
        outbox: OutboxService,
        messengers: Mapping[Channel, Messenger],
        settings: OutboxSettings,
        clock: Clock,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        quiet_ok: Callable[[], bool] = lambda: True,
    ) -> None:
        self._outbox = outbox
        self._messengers = messengers
        self._settings = settings
        self._clock = clock
        self._sleep = sleep
        self._quiet_ok = quiet_ok
        self._pacer = Pacer(
            rate_per_second=settings.rate_per_second / settings.processes,
            chat_interval=settings.per_chat_interval_seconds,
            group_interval=60.0 / settings.group_per_minute,
            monotonic=monotonic,
        )
        self._bell = asyncio.Event()
        self._stopping = False
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._tasks: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Tell the worker new deliveries were committed."""
        self._bell.set()

    def stop(self) -> None:
        """Ask :meth:`run` to return after the batch in hand."""
        self._stopping = True
        self._bell.set()

    async def run(self) -> None:
        """Send until :meth:`stop`; sends in flight finish before it returns."""
        try:
            while not self._stopping:
                if await self.drain_once() == 0 and not self._stopping:
                    await self._idle()
        finally:
            await self.settle()

    async def drain(self) -> int:
        """Send everything due now (tests and the CLI); return how many were handled."""
        total = 0
        while handled := await self.drain_once():
            total += handled
        await self.settle()
        return total

    async def drain_once(self) -> int:
        """Claim one batch and start sending it; return the batch size."""
        self._bell.clear()
        batch = await self._outbox.claim(self._settings.batch_size, quiet_ok=self._quiet_ok())
        for item in batch:
            await self._dispatch(item)
        return len(batch)

    async def settle(self) -> None:
        """Wait for every send in flight."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._bell.wait(), self._settings.idle_poll_seconds)

    async def _dispatch(self, item: Claimed) -> None:
        chat = f"{item.channel.value}:{item.chat_id}"
        busy = self._pacer.chat_wait(chat)
        if busy > 0:
            # Put it back instead of waiting, so other chats are not held up.
            await self._retry(item, busy, "chat pacing", count=False)
            return
        while (wait := self._pacer.global_wait()) > 0:
            await self._sleep(wait)
        self._pacer.take(chat, is_group=item.is_group)
        await self._slots.acquire()
        task = asyncio.create_task(self._send(item, chat))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, item: Claimed, chat: str) -> None:
        try:
            messenger = self._messengers.get(item.channel)
            if messenger is None:
                await self._retry(item, 3600, f"channel {item.channel} not running", count=False)
                return
            await messenger.send(item.chat_id, item.reply)
            await self._outbox.mark_sent(item.id)
        except RecipientBlocked as exc:
            await self._outbox.mark_blocked(
                item.id, item.channel, item.chat_id, str(exc), never_started=exc.never_started
            )
        except RetryLater as exc:
            self._pacer.hold(chat, exc.seconds)
            await self._retry(item, exc.seconds, str(exc), count=False)
        except TransientFailure as exc:
            await self._transient(item, str(exc))
        except PermanentFailure as exc:
            logger.warning("delivery %s refused by the platform: %s", item.id, exc)
            await self._outbox.mark_failed(item.id, str(exc))
        except Exception as exc:
            logger.exception("delivery %s failed unexpectedly", item.id)
            await self._transient(item, repr(exc))
        finally:
            self._slots.release()

    async def _transient(self, item: Claimed, error: str) -> None:
        if item.attempts >= self._settings.max_attempts:
            await self._outbox.mark_failed(item.id, error)
            return
        delay = min(
            self._settings.backoff_cap_seconds,
            self._settings.backoff_base_seconds * 2 ** (item.attempts - 1),
        )
        await self._retry(item, delay, error, count=True)

    async def _retry(self, item: Claimed, seconds: float, error: str, *, count: bool) -> None:
        when = self._clock.now() + timedelta(seconds=seconds)
        await self._outbox.retry_at(item.id, when, error, count=count)
