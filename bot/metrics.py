"""The process's Prometheus metrics, on a registry of its own.

One :class:`Metrics` is built by the composition root (:mod:`bot.app`) and handed to whoever
counts: the router (updates and their latency), the outbox worker (sent and failed), whoever
runs the scheduler (leader or not), the ops endpoint (the queue read at scrape time). Nothing
is registered at import time and the library's global registry is never used, so two apps in
one process (tests) never share a counter.

Labels carry channel names and outcomes only, never a person's id or words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from bot.clock import Clock
from bot.ports import Channel

#: Seconds; a turn is a few milliseconds, a slow one (a chart, an export) about a second.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Counters, histograms and gauges of one process (each process exposes its own)."""

    def __init__(self, clock: Clock) -> None:
        """Register every metric on a new registry; ``clock`` stamps the last updates."""
        self.registry = CollectorRegistry(auto_describe=True)
        self._clock = clock
        self._last_update: dict[Channel, datetime] = {}
        registry = self.registry
        self._updates = Counter(
            "thidua_updates_handled",
            "Incoming updates handled by the router, by channel and outcome.",
            ("channel", "outcome"),
            registry=registry,
        )
        self._latency = Histogram(
            "thidua_update_handling_seconds",
            "Time from the router taking an update to its reply being ready.",
            ("channel",),
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._last = Gauge(
            "thidua_last_update_timestamp_seconds",
            "When the last update of a channel was handled (Unix time).",
            ("channel",),
            registry=registry,
        )
        self._sent = Counter(
            "thidua_outbox_sent",
            "Deliveries the outbox worker sent, by channel.",
            ("channel",),
            registry=registry,
        )
        self._failed = Counter(
            "thidua_outbox_failed",
            "Deliveries the outbox worker gave up on (refused or out of attempts), by channel.",
            ("channel",),
            registry=registry,
        )
        self._queued = Gauge(
            "thidua_outbox_queued",
            "Deliveries waiting or being sent, by channel (read from the database at scrape).",
            ("channel",),
            registry=registry,
        )
        self._lag = Gauge(
            "thidua_outbox_lag_seconds",
            "Age of the oldest delivery due and not sent (0: none), read at scrape.",
            registry=registry,
        )
        self._database = Gauge(
            "thidua_database_up",
            "1 when the last read of the database at scrape or health check answered, else 0.",
            registry=registry,
        )
        self._leader = Gauge(
            "thidua_scheduler_leader",
            "1 while this process runs the scheduler's timed jobs, else 0.",
            registry=registry,
        )
        for channel in Channel:
            self._sent.labels(channel.value)
            self._failed.labels(channel.value)

    def update_handled(self, channel: Channel, outcome: str, seconds: float) -> None:
        """Count one update the router handled, ``outcome`` one of :data:`OUTCOMES`."""
        self._updates.labels(channel.value, outcome).inc()
        self._latency.labels(channel.value).observe(seconds)
        now = self._clock.now()
        self._last_update[channel] = now
        self._last.labels(channel.value).set(now.timestamp())

    def last_updates(self) -> Mapping[Channel, datetime]:
        """When each channel's last update was handled (channels with none are absent)."""
        return dict(self._last_update)

    def delivery_sent(self, channel: Channel) -> None:
        """Count one delivery sent."""
        self._sent.labels(channel.value).inc()

    def delivery_failed(self, channel: Channel) -> None:
        """Count one delivery given up on."""
        self._failed.labels(channel.value).inc()

    def outbox_read(self, queued: Mapping[str, int], lag_seconds: float) -> None:
        """Set the queue's gauges from what the database holds now."""
        for channel in Channel:
            self._queued.labels(channel.value).set(queued.get(channel.value, 0))
        self._lag.set(lag_seconds)

    def database_up(self, *, up: bool) -> None:
        """Say whether the database answered the last ops read."""
        self._database.set(1 if up else 0)

    def scheduler_leader(self, *, leading: bool) -> None:
        """Say whether this process runs the scheduler (set by whoever starts or stops it)."""
        self._leader.set(1 if leading else 0)


#: The router's outcomes: a reply, nothing to say (a redelivery, a group chat), a domain
#: error told to the person, a failure (a bug: the generic error reply).
OUTCOMES = ("replied", "silent", "refused", "failed")
