"""The charts the bot already draws in chat (``/bangxephang``), served as PNG to the signed-in.

The leaderboard's chart service renders off the event loop and keeps each image until the
ledger changes; this object adds a short cache of its own per chart and unit, so a dashboard
opened by many people at once asks the services once a minute, not once per image, and draws
one chart at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.services import Services
from bot.services.common import MemberView
from bot.services.leaderboards import ChartImage, PeriodKind

#: How long a served image is reused (and how long a browser may keep it).
FRESH = timedelta(seconds=60)
#: Most images kept (one ranking per unit, plus the two shared charts).
KEPT = 256


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart of the dashboard: its address name and the catalogue key of its alt text."""

    name: str
    alt: str


RANKING = Chart("xep-hang", "web.dashboard.chart_ranking")
COVERAGE = Chart("ty-le-xac-nhan", "web.dashboard.chart_coverage")
TREND = Chart("sang-kien-theo-thang", "web.dashboard.chart_trend")
CHARTS = (RANKING, COVERAGE, TREND)


class ChartImages:
    """Draws the dashboard's charts through the services, keeping each briefly."""

    def __init__(self, services: Services, clock: Clock) -> None:
        """Charts come from ``services``; ``clock`` dates the cached ones."""
        self._services = services
        self._clock = clock
        self._kept: dict[tuple[str, int | None], tuple[datetime, ChartImage]] = {}
        self._drawing = asyncio.Lock()

    async def png(self, chart: Chart, viewer: MemberView) -> bytes:
        """The chart's image for ``viewer`` (their unit highlighted on the ranking).

        Raises:
            NoPlan: The coverage chart while no plan is published.
        """
        key = (chart.name, viewer.unit.id if chart is RANKING else None)
        fresh = self._fresh(key)
        if fresh is not None:
            return fresh
        # One drawing at a time: a dashboard asks for its charts at once, and drawing them in
        # parallel threads races matplotlib's first import and spends the CPU the pages need.
        async with self._drawing:
            fresh = self._fresh(key)  # drawn meanwhile by the request we waited for
            if fresh is not None:
                return fresh
            image = await self._draw(chart, key[1])()
        if len(self._kept) >= KEPT:
            self._kept.clear()  # rare: more units than kept; drawing again is cheap enough
        self._kept[key] = (self._clock.now(), image)
        return image.png

    def _fresh(self, key: tuple[str, int | None]) -> bytes | None:
        kept = self._kept.get(key)
        if kept is None or self._clock.now() - kept[0] >= FRESH:
            return None
        return kept[1].png

    def _draw(self, chart: Chart, unit: int | None) -> Callable[[], Awaitable[ChartImage]]:
        charts = self._services.board_charts
        boards = self._services.leaderboards

        async def ranking() -> ChartImage:
            board = await boards.units(boards.period(PeriodKind.YEAR), per_member=True)
            return await charts.unit_chart(board, unit)

        async def trend() -> ChartImage:
            return await charts.trend_chart(self._services.milestones.this_year())

        return {RANKING.name: ranking, COVERAGE.name: charts.coverage_chart, TREND.name: trend}[
            chart.name
        ]
