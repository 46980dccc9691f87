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
from datetime import timedelta

from bot.clock import Clock
from bot.services import Services
from bot.services.common import MemberView
from bot.services.leaderboards import ChartImage, PeriodKind
from bot.web.recent import Recent

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
        self._kept = Recent[ChartImage](clock, FRESH, most=KEPT)
        self._drawing = asyncio.Lock()

    async def png(self, chart: Chart, viewer: MemberView) -> bytes:
        """The chart's image for ``viewer`` (their unit highlighted on the ranking).

        Raises:
            NoPlan: The coverage chart while no plan is published.
        """
        key = (chart.name, viewer.unit.id if chart is RANKING else None)
        kept = self._kept.peek(key)
        if kept is not None:
            return kept.png
        # One drawing at a time: a dashboard asks for its charts at once, and drawing them in
        # parallel threads races matplotlib's first import and spends the CPU the pages need.
        async with self._drawing:  # a request waited for may have drawn it meanwhile
            image = await self._kept.get(key, self._draw(chart, key[1]))
        return image.png

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
