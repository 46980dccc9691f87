"""Charts of the leaderboard: unit ranking, plan-confirmation coverage, initiatives per month.

Each chart is rendered off the event loop (``asyncio.to_thread``) and kept in the leaderboard's
cache, keyed with the ledger's version, so asking again costs no render until a score changes.
The trend counts initiatives submitted by the month they were submitted, and recognised by the
month of their recognition (the ``state_changes`` row into ``recognized``).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.charts import ChartHeader, coverage_png, ranking_png, trend_png
from bot.clock import Clock
from bot.dates import MOMENT_FORMAT
from bot.domain import InitiativeState
from bot.services.leaderboards.records import ChartImage, MemberBoard, UnitBoard
from bot.services.leaderboards.service import LeaderboardService
from bot.services.plans import PlanCoverageService
from bot.texts import Texts
from models import Initiative, StateChange

#: How many entries the text fallback of a chart lists.
FALLBACK_ROWS = 10
#: Longest unit name on a chart (the charts cut longer ones at the end).
LABEL_CHARS = 45
INITIATIVE = "initiative"


def points(value: float) -> str:
    """A score as people read it: ``12``, ``2,5``, ``1.234``."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """A unit's name for a chart: long names lose their middle, not the end that tells similar
    units apart ("Trung tâm Văn hóa - … huyện Tam Đảo")."""
    if len(name) <= limit:
        return name
    head = name[: limit // 2 + 1].rsplit(" ", 1)[0].rstrip(" -,")
    tail = name[len(name) - (limit - len(head) - 2) :]
    if " " in tail:
        tail = tail[tail.index(" ") + 1 :].lstrip(" -,")
    return f"{head} … {tail}"


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

    async def unit_chart(self, board: UnitBoard) -> ChartImage:
        """The ranking bars of ``board`` (per member or total, as the board is ranked)."""
        key = ("unit_chart", board.period, board.per_member, board.unit_kind)

        async def compute() -> ChartImage:
            rows = board.rows
            values = [row.per_member if board.per_member else row.points for row in rows]
            value_label = "board.value_per_member" if board.per_member else "board.value_total"
            png = await asyncio.to_thread(
                ranking_png,
                [short_label(row.name) for row in rows],
                values,
                self._header(board.period.label),
                title=self._texts.t("board.chart_title"),
                value_label=self._texts.t(value_label),
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
            png = await asyncio.to_thread(
                ranking_png,
                [short_label(row.full_name) for row in rows],
                [row.points for row in rows],
                self._header(board.period.label),
                title=self._texts.t("board.unit_chart_title", unit=unit_name),
                value_label=self._texts.t("board.value_total"),
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

    async def coverage_chart(self) -> ChartImage:
        """Each staffed unit's share of members who confirmed the current plan version."""

        async def compute() -> ChartImage:
            units = [u for u in await self._coverage.coverage_all() if u.members]
            units.sort(key=lambda u: (-u.ratio, u.name))
            percents = [round(100 * u.ratio, 1) for u in units]
            png = await asyncio.to_thread(
                coverage_png,
                [short_label(u.name) for u in units],
                percents,
                self._header(self._texts.t("board.coverage_period")),
                title=self._texts.t("board.coverage_title"),
                target_percent=self._target,
                target_label=self._texts.t("board.coverage_target"),
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

        return await self._boards.cached(("coverage_chart", self._target), compute)

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
        start = self._utc(date(year, 1, 1))
        end = self._utc(date(year + 1, 1, 1))
        async with self._sessions.begin() as session:
            sent = await session.scalars(
                select(Initiative.submitted_at).where(
                    Initiative.state != InitiativeState.DRAFT.value,
                    Initiative.submitted_at >= start,
                    Initiative.submitted_at < end,
                )
            )
            done = await session.scalars(
                select(StateChange.at).where(
                    StateChange.entity == INITIATIVE,
                    StateChange.to_state == InitiativeState.RECOGNIZED.value,
                    StateChange.at >= start,
                    StateChange.at < end,
                )
            )
            return self._by_month(sent.all()), self._by_month(done.all())

    def _utc(self, day: date) -> datetime:
        return datetime.combine(day, time(), self._zone).astimezone(UTC)

    def _by_month(self, moments: Sequence[datetime]) -> list[int]:
        counts = Counter(self._local(m).month for m in moments)
        return [counts.get(month, 0) for month in range(1, 13)]

    def _local(self, moment: datetime) -> datetime:
        # SQLite hands back naive datetimes; they are stored in UTC.
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self._zone)
