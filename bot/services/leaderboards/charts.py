"""Charts of the leaderboard: unit ranking, plan-confirmation coverage, initiatives per month.

Each chart is rendered off the event loop (``asyncio.to_thread``) and kept in the leaderboard's
cache, keyed with the ledger's version and with whatever changes the picture: a ranking asked
for by a person highlights their unit (and shows it even outside the top ten), so the viewer's
unit is part of its key; a ranking with no viewer (a group, a scheduled post) shows the top
ten only.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.charts import (
    TOP,
    Bar,
    ChartHeader,
    ChartRows,
    coverage_png,
    ranking_png,
    select_rows,
    trend_png,
)
from bot.clock import Clock
from bot.collation import collation_key
from bot.dates import MOMENT_FORMAT
from bot.services.leaderboards.records import ChartImage, MemberBoard, UnitBoard, UnitRow
from bot.services.leaderboards.service import LeaderboardService
from bot.services.leaderboards.trend import monthly
from bot.services.plans import PlanCoverageService
from bot.texts import Texts

#: How many entries the text fallback of a chart lists.
FALLBACK_ROWS = 10


def points(value: float) -> str:
    """A score as people read it: ``12``, ``2,5``, ``1.234``."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def unit_labels(rows: Sequence[UnitRow]) -> list[str]:
    """The units' names; two units of the same name are told apart by their codes."""
    seen = Counter(row.name for row in rows)
    return [f"{row.name} ({row.code})" if seen[row.name] > 1 else row.name for row in rows]


class BoardChartService:
    """Renders and caches the leaderboard's charts; the figures come from other services."""

    def __init__(
        self,
        leaderboards: LeaderboardService,
        texts: Texts,
        clock: Clock,
        *,
        organisation: str,
        zone: ZoneInfo,
        sessions: async_sessionmaker[AsyncSession],
        coverage: PlanCoverageService,
        coverage_target: float = 100.0,
    ) -> None:
        self._boards = leaderboards
        self._texts = texts
        self._clock = clock
        self._organisation = organisation
        self._zone = zone
        self._sessions = sessions
        self._coverage = coverage
        self._target = coverage_target

    def _header(self, period: str) -> ChartHeader:
        now = self._clock.now().astimezone(self._zone)
        return ChartHeader(self._organisation, period, now.strftime(MOMENT_FORMAT))

    def _notes(self, rows: ChartRows, hidden: str, zeros: str) -> list[str]:
        """One line each for the rows left out and those at zero, when there are any."""
        notes = [self._texts.t(hidden, count=rows.hidden)] if rows.hidden else []
        return notes + ([self._texts.t(zeros, count=rows.zeros)] if rows.zeros else [])

    async def unit_chart(self, board: UnitBoard, viewer_unit: int | None = None) -> ChartImage:
        """The ranking bars of ``board`` (per member or total, as the board is ranked): the
        top ten, and ``viewer_unit`` highlighted and shown wherever it stands."""
        mine = viewer_unit if any(r.unit_id == viewer_unit for r in board.rows) else None
        key = ("unit_chart", board.period, board.per_member, board.unit_kind, mine)

        async def compute() -> ChartImage:
            rows = board.rows
            values = [row.per_member if board.per_member else row.points for row in rows]
            value_label = "board.value_per_member" if board.per_member else "board.value_total"
            ranked = [
                Bar(label, value, row.rank, row.unit_id == mine)
                for row, label, value in zip(rows, unit_labels(rows), values, strict=True)
            ]
            shown = select_rows(ranked)
            png = await asyncio.to_thread(
                ranking_png,
                shown,
                self._header(board.period.label),
                title=self._texts.t("board.chart_title"),
                value_label=self._texts.t(value_label),
                notes=self._notes(shown, "board.chart_hidden", "board.chart_zeros"),
                mine_note=self._texts.t("board.chart_mine"),
            )
            lines = [
                self._texts.t(
                    "board.chart_line", rank=row.rank, name=row.name, value=points(value)
                )
                for row, value in zip(rows[:FALLBACK_ROWS], values, strict=False)
            ]
            caption = self._texts.t("board.chart_caption", period=board.period.label)
            return ChartImage(png, caption, "\n".join(lines))

        return await self._boards.cached(key, compute)

    async def member_chart(self, board: MemberBoard, unit_name: str) -> ChartImage:
        """The ranking bars of a unit's members (the monthly post to its head)."""
        key = ("member_chart", board.period, unit_name, tuple(board.rows))

        async def compute() -> ChartImage:
            rows = board.rows
            bars = tuple(Bar(row.full_name, row.points, row.rank) for row in rows[:TOP])
            shown = ChartRows(bars, hidden=board.ranked - len(bars))
            png = await asyncio.to_thread(
                ranking_png,
                shown,
                self._header(board.period.label),
                title=self._texts.t("board.unit_chart_title", unit=unit_name),
                value_label=self._texts.t("board.value_total"),
                notes=self._notes(shown, "board.chart_hidden_people", "board.chart_zeros"),
            )
            lines = [
                self._texts.t(
                    "board.chart_line", rank=row.rank, name=row.full_name, value=points(row.points)
                )
                for row in rows[:FALLBACK_ROWS]
            ]
            caption = self._texts.t(
                "board.unit_chart_caption", unit=unit_name, period=board.period.label
            )
            return ChartImage(png, caption, "\n".join(lines) or self._texts.t("board.no_points"))

        return await self._boards.cached(key, compute)

    async def coverage_chart(self, version: int | None = None) -> ChartImage:
        """Each staffed unit's share of members who confirmed the plan ``version`` (the current
        one by default: a past period's board passes its last); the units where nobody has
        confirmed yet are counted in one line, not drawn."""

        async def compute() -> ChartImage:
            units = [u for u in await self._coverage.coverage_all(version) if u.members]
            units.sort(key=lambda u: (-u.ratio, collation_key(u.name)))
            percents = [round(100 * u.ratio, 1) for u in units]
            shown = select_rows(
                [Bar(u.name, p) for u, p in zip(units, percents, strict=True)], None
            )
            png = await asyncio.to_thread(
                coverage_png,
                shown,
                self._header(
                    self._texts.t("board.coverage_period")
                    if version is None
                    else self._texts.t("board.coverage_version", version=version)
                ),
                title=self._texts.t("board.coverage_title"),
                target_percent=self._target,
                target_label=self._texts.t("board.coverage_target"),
                notes=self._notes(shown, "board.chart_hidden", "board.coverage_zeros"),
            )
            lines = [
                self._texts.t(
                    "board.coverage_line",
                    name=u.name,
                    confirmed=u.confirmed,
                    members=u.members,
                    percent=points(p),
                )
                for u, p in zip(units, percents, strict=True)
            ]
            fallback = "\n".join(lines) or self._texts.t("board.coverage_none")
            return ChartImage(png, self._texts.t("board.coverage_caption"), fallback)

        return await self._boards.cached(("coverage_chart", self._target, version), compute)

    async def trend_chart(self, year: int) -> ChartImage:
        """Initiatives submitted and recognised in each month of ``year``."""

        async def compute() -> ChartImage:
            submitted, recognised = await self.trend(year)
            months = [self._texts.t("board.trend_month", month=m) for m in range(1, 13)]
            png = await asyncio.to_thread(
                trend_png,
                months,
                submitted,
                recognised,
                self._header(self._texts.t("board.trend_period", year=year)),
                title=self._texts.t("board.trend_title"),
                submitted_label=self._texts.t("board.trend_submitted"),
                recognised_label=self._texts.t("board.trend_recognised"),
                month_label=self._texts.t("board.trend_axis"),
            )
            lines = [
                self._texts.t(
                    "board.trend_line", month=m, submitted=submitted[m - 1], recognised=done
                )
                for m, done in enumerate(recognised, start=1)
                if submitted[m - 1] or done
            ]
            caption = self._texts.t("board.trend_caption", year=year)
            return ChartImage(png, caption, "\n".join(lines))

        return await self._boards.cached(("trend_chart", year), compute)

    async def trend(self, year: int) -> tuple[list[int], list[int]]:
        """Per month of ``year`` (organisation time): initiatives submitted, and recognised."""
        async with self._sessions.begin() as session:
            return await monthly(session, year, self._zone)
