"""The ops endpoints on the bot's HTTP server: ``/healthz`` and ``/metrics``.

Both read the database with one query under a short timeout, so a stuck database makes them
answer (503, stale gauges) instead of hanging the scraper. Neither says anything about a
person: channel names, counts and ages only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client.exposition import choose_encoder

from bot.clock import Clock
from bot.config_ops import Ops
from bot.metrics import Metrics
from bot.services.delivery import Backlog, OutboxBacklog

logger = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


@dataclass(frozen=True, slots=True)
class HealthReport:
    """What ``/healthz`` answers."""

    healthy: bool
    body: dict[str, object]


class OpsEndpoints:
    """Serves the health check and the metrics of one process."""

    def __init__(
        self,
        backlog: OutboxBacklog,
        metrics: Metrics,
        clock: Clock,
        settings: Ops,
        quiet_ok: Callable[[], bool] = lambda: True,
    ) -> None:
        """``quiet_ok`` tells whether quiet hours hold nothing back now (held deliveries are
        late on purpose and do not count as lag)."""
        self._backlog = backlog
        self._metrics = metrics
        self._clock = clock
        self._settings = settings
        self._quiet_ok = quiet_ok

    def add_to(self, app: web.Application) -> None:
        """Add both routes to ``app`` (before it listens)."""
        app.router.add_get(HEALTH_PATH, self.health)
        app.router.add_get(METRICS_PATH, self.metrics)

    async def health(self, request: web.Request) -> web.Response:
        """``/healthz``: 200 when healthy, else 503; the body says what was checked."""
        report = await self.check()
        return web.json_response(report.body, status=200 if report.healthy else 503)

    async def metrics(self, request: web.Request) -> web.Response:
        """``/metrics``: the Prometheus exposition, the queue read from the database now."""
        await self._read()
        encode, content_type = choose_encoder(request.headers.get("Accept", ""))
        return web.Response(
            body=encode(self._metrics.registry), headers={"Content-Type": content_type}
        )

    async def check(self) -> HealthReport:
        """Check the database and the outbox's lag; give each channel's last update's age."""
        now = self._clock.now()
        ages = {
            channel.value: round((now - when).total_seconds(), 3)
            for channel, when in self._metrics.last_updates().items()
        }
        backlog = await self._read()
        lag = None if backlog is None else self._lag(backlog)
        limit = self._settings.outbox_lag_max_seconds
        lagging = lag is not None and limit > 0 and lag > limit
        body: dict[str, object] = {
            "status": "ok" if backlog is not None and not lagging else "unhealthy",
            "database": "ok" if backlog is not None else "error",
            "outbox_lag_seconds": lag,
            "outbox_lag_max_seconds": limit or None,
            "last_update_age_seconds": ages,
        }
        return HealthReport(backlog is not None and not lagging, body)

    async def _read(self) -> Backlog | None:
        """The outbox's backlog (gauges set), or ``None`` when the database did not answer."""
        try:
            backlog = await asyncio.wait_for(
                self._backlog.read(quiet_ok=self._quiet_ok()),
                self._settings.database_timeout_seconds,
            )
        except Exception as problem:  # noqa: BLE001 - any failure means "unreachable"
            # The type only: a driver's message may carry the server's address.
            logger.warning(
                "Health check: the database did not answer (%s)", type(problem).__name__
            )
            self._metrics.database_up(up=False)
            return None
        self._metrics.database_up(up=True)
        self._metrics.outbox_read(backlog.queued, self._lag(backlog))
        return backlog

    def _lag(self, backlog: Backlog) -> float:
        if backlog.oldest_due is None:
            return 0.0
        return round(max(0.0, (self._clock.now() - backlog.oldest_due).total_seconds()), 3)
