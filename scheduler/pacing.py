"""Pacing of outgoing messages: an overall rate and a minimum gap per chat.

Telegram allows about 30 messages a second overall, one a second per private chat and
twenty a minute per group. The pacer only answers "how long until" questions; the worker
decides whether to wait (overall rate) or to put a message back (a busy chat), so one slow
chat never holds up the others.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.config import Outbox
from bot.ports import Channel

PRUNE_AT = 10_000
# Sends in flight at once per lane: a round trip to the platform is slow.
MAX_IN_FLIGHT = 16
# While messages flow, time lost between them (a database round trip, a late wake-up) may be
# made up for, up to this many seconds; the one-second window below still caps every second.
CATCH_UP_SECONDS = 0.5
# A pause longer than this ends the flow: the next message starts a fresh schedule.
FLOW_GAP_SECONDS = 1.0


class Pacer:
    """Tracks send times; all times come from ``monotonic`` (seconds)."""

    def __init__(
        self,
        *,
        rate_per_second: float,
        chat_interval: float,
        group_interval: float,
        monotonic: Callable[[], float],
    ) -> None:
        # A rate of 0 means no overall cap (benchmarks measure the engine's ceiling so).
        self._spacing = 1.0 / rate_per_second if rate_per_second > 0 else 0.0
        # The send times of the last second, when the rate allows at least one a second.
        self._window: deque[float] | None = (
            deque(maxlen=int(rate_per_second)) if rate_per_second >= 1 else None
        )
        self._last_take = float("-inf")
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._monotonic = monotonic
        self._next_global = 0.0
        self._next_chat: dict[str, float] = {}

    def global_wait(self) -> float:
        """Seconds until the overall rate allows another message."""
        now = self._monotonic()
        wait = self._next_global - now
        window = self._window
        if window is not None and len(window) == window.maxlen:
            wait = max(wait, window[0] + 1.0 - now)
        return max(0.0, wait)

    def chat_wait(self, chat: str) -> float:
        """Seconds until ``chat`` may receive another message."""
        return max(0.0, self._next_chat.get(chat, 0.0) - self._monotonic())

    def take(self, chat: str, *, is_group: bool) -> None:
        """Record a message sent now to ``chat``."""
        now = self._monotonic()
        flowing = now - self._last_take <= FLOW_GAP_SECONDS
        start = max(self._next_global, now - CATCH_UP_SECONDS) if flowing else now
        self._next_global = start + self._spacing
        self._last_take = now
        if self._window is not None:
            self._window.append(now)
        gap = self._group_interval if is_group else self._chat_interval
        self._next_chat[chat] = now + gap
        if len(self._next_chat) > PRUNE_AT:
            self._next_chat = {k: v for k, v in self._next_chat.items() if v > now}

    def hold(self, chat: str, seconds: float) -> None:
        """Keep ``chat`` quiet for ``seconds`` (the platform asked us to)."""
        until = self._monotonic() + seconds
        self._next_chat[chat] = max(self._next_chat.get(chat, 0.0), until)


@dataclass(eq=False)
class Lane:
    """Deliveries of some channels, claimed and paced apart from the others.

    One lane's backlog (Zalo's few messages a second) never holds up another lane's sends.

    Attributes:
        channels: The lane's channels; with ``other_channels``, every channel but these.
        other_channels: Whether the lane takes every channel but ``channels``.
        pacer: The lane's own overall rate and per-chat gaps.
        batch_size: How many deliveries the lane claims at once.
        bell: Rung when new deliveries may be due.
        slots: Limits the lane's sends in flight.
    """

    channels: frozenset[Channel]
    other_channels: bool
    pacer: Pacer
    batch_size: int
    bell: asyncio.Event = field(default_factory=asyncio.Event)
    slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(MAX_IN_FLIGHT))


def lane_batch(batch_size: int, rate_per_second: float, lease_seconds: float) -> int:
    """A batch the lane sends well within the claim lease at its rate (0: no cap)."""
    if rate_per_second <= 0:
        return batch_size
    return max(1, min(batch_size, int(rate_per_second * lease_seconds / 2)))


class ChannelPace(Protocol):
    """The pace of a channel with its own lane (``[zalo.outbox]``, ``[zalo_oa.outbox]``)."""

    @property
    def rate_per_second(self) -> float:
        """Messages a second over every chat (0: no limit)."""
        ...

    @property
    def per_chat_interval_seconds(self) -> float:
        """The gap between two messages to one chat."""
        ...


def build_lanes(
    settings: Outbox, own: Mapping[Channel, ChannelPace], monotonic: Callable[[], float]
) -> tuple[Lane, ...]:
    """One lane for every channel without its own pace (``[outbox]``), and one per channel of
    ``own``; each process takes its share of every rate."""
    processes = settings.processes
    everyone = Lane(
        frozenset(own),
        other_channels=True,
        pacer=Pacer(
            rate_per_second=settings.rate_per_second / processes,
            chat_interval=settings.per_chat_interval_seconds,
            group_interval=60.0 / settings.group_per_minute,
            monotonic=monotonic,
        ),
        batch_size=settings.batch_size,
    )
    lanes = [everyone]
    for channel, pace in own.items():
        rate = pace.rate_per_second / processes
        lanes.append(
            Lane(
                frozenset({channel}),
                other_channels=False,
                pacer=Pacer(
                    rate_per_second=rate,
                    chat_interval=pace.per_chat_interval_seconds,
                    group_interval=pace.per_chat_interval_seconds,
                    monotonic=monotonic,
                ),
                batch_size=lane_batch(settings.batch_size, rate, settings.lease_seconds),
            )
        )
    return tuple(lanes)
