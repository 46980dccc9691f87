"""The outbox worker: sends queued deliveries through the channel messengers.

Deliveries are claimed and paced in lanes: the Zalo Bot Platform's (its own pace, and its
monthly quota), the Zalo OA's (its own pace, and its reply window: see
:mod:`scheduler.reply_window_gate`) and everyone else's (``[outbox]``), so a backlog on one
never slows another. Each lane claims a batch, sends each message when its overall rate
allows (several in flight at once, since a round trip to the platform is slow), and settles
each one: sent (with the platform's message id, so read receipts find it); blocked (403, the
account is marked and skipped from then on, the delivery goes to the member's next channel);
put back for ``retry_after`` (429, not counted as an attempt); put back until next month (the
channel's monthly quota is used up by our own count; a "quota exceeded" refusal alone is
retried like a 5xx, since Zalo also answers it to bursts); outside the OA's window, sent by
another channel or kept waiting for the person to write; retried with exponential backoff
(network errors, 5xx) up to a cap; or failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from bot.clock import Clock
from bot.config import Outbox as OutboxSettings
from bot.config_zalo import ZaloOutbox
from bot.config_zalo_oa import ZaloOaOutbox
from bot.metrics import Metrics
from bot.ports import (
    Channel,
    DeliveryError,
    Messenger,
    OutsideWindow,
    PermanentFailure,
    QuotaExhausted,
    RecipientBlocked,
    RetryLater,
)
from bot.services.delivery import (
    ChannelQuotaService,
    ChatStateService,
    Claimed,
    Held,
    OutboxService,
    ReplyWindowService,
)
from models import DeliveryOutcome
from scheduler.known_chats import KnownChats
from scheduler.pacing import MAX_IN_FLIGHT, ChannelPace, Lane, build_lanes
from scheduler.reply_window_gate import WINDOWED, Verdict, WindowGate

__all__ = ["MAX_IN_FLIGHT", "OutboxWorker"]

logger = logging.getLogger(__name__)
_SEND = Verdict()
# How soon a delivery is tried again when the last of a quota is taken by sends in flight.
QUOTA_RECHECK_SECONDS = 1.0


class OutboxWorker:
    """Drains the outbox; one per process (several on PostgreSQL are safe)."""

    def __init__(
        self,
        outbox: OutboxService,
        messengers: Mapping[Channel, Messenger],
        settings: OutboxSettings,
        clock: Clock,
        *,
        zalo: ZaloOutbox | None = None,
        zalo_oa: ZaloOaOutbox | None = None,
        windows: ReplyWindowService | None = None,
        quota: ChannelQuotaService | None = None,
        chat_states: ChatStateService | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        quiet_ok: Callable[[], bool] = lambda: True,
        metrics: Metrics | None = None,
    ) -> None:
        """Build the worker.

        Args:
            outbox: Claims and settles deliveries.
            messengers: The running channels (filled as they attach).
            settings: ``[outbox]``: pacing of every channel but Zalo, retries, batches.
            clock: The database clock.
            zalo: ``[zalo.outbox]``: the pacing of Zalo Bot Platform deliveries.
            zalo_oa: ``[zalo_oa.outbox]``: the pacing, reply window and proactive quota of
                Zalo OA deliveries.
            windows: The chats' reply windows; without it OA deliveries go unchecked.
            quota: Monthly quotas; without it nothing is held back for a quota (and nothing
                is sent by the OA as a proactive message).
            chat_states: Which chats are known not to take messages (the person blocked the
                bot, the bot left the group): not tried at all when given.
            monotonic: The clock pacing is measured on.
            sleep: Waits for the pace (tests move fake time instead).
            quiet_ok: Whether deliveries held back in quiet hours may go out now.
            metrics: Counts what was sent and what was given up on.
        """
        self._metrics = metrics
        self._outbox = outbox
        self._messengers = messengers
        self._settings = settings
        self._clock = clock
        self._quota = quota
        self._known = KnownChats(outbox, chat_states)
        self._sleep = sleep
        self._quiet_ok = quiet_ok
        zalo_oa = zalo_oa or ZaloOaOutbox()
        paced: dict[Channel, ChannelPace] = {
            Channel.ZALO: zalo or ZaloOutbox(),
            Channel.ZALO_OA: zalo_oa,
        }
        self._lanes = build_lanes(settings, paced, monotonic)
        self._gate = WindowGate(windows, quota, zalo_oa, clock)
        self._in_flight: Counter[Channel] = Counter()
        self._stopping = False
        self._tasks: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Tell the worker new deliveries were committed."""
        for lane in self._lanes:
            lane.bell.set()

    def stop(self) -> None:
        """Ask :meth:`run` to return after the batches in hand."""
        self._stopping = True
        self.wake()

    async def run(self) -> None:
        """Send until :meth:`stop`; sends in flight finish before it returns."""
        loops = [asyncio.create_task(self._run_lane(lane)) for lane in self._lanes]
        try:
            await asyncio.gather(*loops)
        finally:
            for loop in loops:
                loop.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            await self.settle()

    async def drain(self) -> int:
        """Send everything due now (tests and the CLI); return how many were handled.

        Rounds repeat while one handled something: a delivery moved to another channel is
        due again in another lane."""
        total = 0
        while True:
            handled = await asyncio.gather(*(self._drain_lane(lane) for lane in self._lanes))
            await self.settle()
            if not sum(handled):
                return total
            total += sum(handled)

    async def drain_once(self) -> int:
        """Claim one batch per lane and start sending it; return the batches' size."""
        return sum([await self._drain_lane_once(lane) for lane in self._lanes])

    async def settle(self) -> None:
        """Wait for every send in flight."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run_lane(self, lane: Lane) -> None:
        while not self._stopping:
            if await self._drain_lane_once(lane) == 0 and not self._stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lane.bell.wait(), self._settings.idle_poll_seconds)

    async def _drain_lane(self, lane: Lane) -> int:
        total = 0
        while handled := await self._drain_lane_once(lane):
            total += handled
        return total

    async def _drain_lane_once(self, lane: Lane) -> int:
        lane.bell.clear()
        claimed = await self._outbox.claim(
            lane.batch_size,
            quiet_ok=self._quiet_ok(),
            channels=lane.channels,
            other_channels=lane.other_channels,
        )
        batch = await self._known.withhold(claimed)
        verdicts = await self._gate.sort(batch)
        held = [
            (item.channel, Held(item.id, "outside the reply window", verdicts[item.id].outcome))
            for item in batch
            if verdicts.get(item.id, _SEND).outcome
        ]
        for channel in {channel for channel, _ in held}:
            await self._outbox.hold(channel, [h for c, h in held if c == channel])
        for item in batch:
            verdict = verdicts.get(item.id, _SEND)
            if not verdict.outcome:
                await self._dispatch(lane, item, proactive=verdict.proactive)
        return len(claimed)

    async def _dispatch(self, lane: Lane, item: Claimed, *, proactive: bool = False) -> None:
        if not await self._quota_allows(item):
            if proactive:
                self._gate.settled()
            return
        chat = f"{item.channel.value}:{item.chat_id}"
        busy = lane.pacer.chat_wait(chat)
        if busy > 0:
            # Put it back instead of waiting, so other chats are not held up.
            await self._retry(item, busy, "chat pacing", count=False)
            if proactive:
                self._gate.settled()
            return
        while (wait := lane.pacer.global_wait()) > 0:
            await self._sleep(wait)
        lane.pacer.take(chat, is_group=item.is_group)
        await lane.slots.acquire()
        self._in_flight[item.channel] += 1
        task = asyncio.create_task(self._send(lane, item, chat, proactive=proactive))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, lane: Lane, item: Claimed, chat: str, *, proactive: bool) -> None:
        try:
            messenger = self._messengers.get(item.channel)
            if messenger is None:
                await self._retry(item, 3600, f"channel {item.channel} not running", count=False)
                return
            message_id = await messenger.send(item.chat_id, item.reply)
            await self._outbox.mark_sent(item.id, message_id or "")
            if self._metrics is not None:
                self._metrics.delivery_sent(item.channel)
            if proactive:
                await self._gate.count_proactive(item.id)
        except DeliveryError as exc:
            await self._refused(lane, item, chat, exc)
        except Exception as exc:
            logger.exception("delivery %s failed unexpectedly", item.id)
            await self._transient(item, repr(exc))
        finally:
            self._in_flight[item.channel] -= 1
            lane.slots.release()
            if proactive:
                self._gate.settled()

    async def _refused(self, lane: Lane, item: Claimed, chat: str, exc: DeliveryError) -> None:
        """Settle a delivery the platform did not take, as its error says."""
        if isinstance(exc, OutsideWindow):
            await self._hold(item, str(exc), exc.outcome or DeliveryOutcome.OUT_OF_WINDOW)
        elif isinstance(exc, RecipientBlocked):
            await self._outbox.mark_blocked(
                item.id,
                item.channel,
                item.chat_id,
                str(exc),
                never_started=exc.never_started,
                outcome=exc.outcome,
            )
        elif isinstance(exc, QuotaExhausted) and item.channel in WINDOWED:
            await self._hold(item, str(exc), exc.outcome or DeliveryOutcome.OUT_OF_QUOTA)
        elif isinstance(exc, QuotaExhausted):
            await self._quota_refused(item, str(exc))
        elif isinstance(exc, RetryLater):
            lane.pacer.hold(chat, exc.seconds)
            await self._retry(item, exc.seconds, str(exc), count=False, outcome=exc.outcome)
        elif isinstance(exc, PermanentFailure):
            logger.warning("delivery %s refused by the platform: %s", item.id, exc)
            await self._failed(item, str(exc))
        else:  # TransientFailure, and any other refusal: retried with backoff
            await self._transient(item, str(exc))

    async def _hold(self, item: Claimed, why: str, outcome: str) -> None:
        """The channel may not send it now: another channel of the member's, or wait."""
        await self._outbox.hold(item.channel, [Held(item.id, why, outcome)])

    async def _quota_allows(self, item: Claimed) -> bool:
        """Whether the channel's monthly quota leaves room for ``item``; if not, put it back.
        (The OA's quota counts only proactive messages: the gate looks at it.)"""
        if self._quota is None or item.channel in WINDOWED:
            return True
        left = await self._quota.remaining(item.channel)
        if left is None or left > self._in_flight[item.channel]:
            return True
        if left > 0:
            # The sends in flight may use up the rest: look again once they are settled.
            await self._retry(item, QUOTA_RECHECK_SECONDS, "quota nearly used up", count=False)
        else:
            await self._wait_for_quota(item)
        return False

    async def _quota_refused(self, item: Claimed, error: str) -> None:
        """The platform said "quota exceeded": wait for next month only when our own count
        says the quota is spent; one refusal must not freeze the channel for a month."""
        if self._quota is not None and await self._quota.spent(item.channel):
            await self._wait_for_quota(item)
        else:
            await self._transient(item, error)

    async def _wait_for_quota(self, item: Claimed) -> None:
        """Put a delivery back until the channel's quota renews (not counted as an attempt)."""
        if self._quota is None:
            await self._retry(item, 3600, f"{item.channel} quota used up", count=False)
            return
        await self._quota.exhausted(item.channel)
        resume = self._quota.next_month()
        why = f"waiting for the monthly {item.channel} quota (resumes {resume:%Y-%m-%d %H:%M} UTC)"
        await self._outbox.retry_at(item.id, resume, why, count=False)

    async def _transient(self, item: Claimed, error: str) -> None:
        if item.attempts >= self._settings.max_attempts:
            await self._failed(item, error)
            return
        delay = min(
            self._settings.backoff_cap_seconds,
            self._settings.backoff_base_seconds * 2 ** (item.attempts - 1),
        )
        await self._retry(item, delay, error, count=True)

    async def _failed(self, item: Claimed, error: str) -> None:
        await self._outbox.mark_failed(item.id, error)
        if self._metrics is not None:
            self._metrics.delivery_failed(item.channel)

    async def _retry(
        self, item: Claimed, seconds: float, error: str, *, count: bool, outcome: str = ""
    ) -> None:
        when = self._clock.now() + timedelta(seconds=seconds)
        await self._outbox.retry_at(item.id, when, error, count=count, outcome=outcome)
