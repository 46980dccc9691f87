"""Leaderboards over the score ledger: units, members, "Vì sao?", with a per-process cache.

Points are never stored: each query weighs an event by the points its kind has in the current
``[scoring]`` settings (a SQL CASE) and by its share, so changing the settings changes every
board. Sums are kept in integer "points × percent" and divided by 100 once, so a "Vì sao?"
total equals the board's figure exactly.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from datetime import date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import collation_key
from bot.config import Scoring
from bot.services.common import organisation_on
from bot.services.leaderboards.as_of import as_of, present_in
from bot.services.leaderboards.explain import explain
from bot.services.leaderboards.periods import make_period, utc_bounds
from bot.services.leaderboards.ranks import best_first, competition_ranks, unranked
from bot.services.leaderboards.records import (
    Explanation,
    MemberBoard,
    MemberRow,
    Period,
    PeriodKind,
    UnitBoard,
    UnitMembers,
    UnitRow,
)
from bot.texts import Texts
from models import Member, MemberChange, ScoreEvent, Unit, UnitChange

T = TypeVar("T")

#: Boards, explanations and charts kept per process; a few periods × filters × kinds.
CACHE_SIZE = 64


class LeaderboardService:
    """Boards and explanations; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        scoring: Scoring,
        *,
        texts: Texts,
        zone: ZoneInfo,
        plan_years: tuple[int, int],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._points = scoring.model_dump()
        self._texts = texts
        self._zone = zone
        self._plan_years = plan_years
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()

    def period(
        self,
        kind: PeriodKind,
        *,
        start: date | None = None,
        end: date | None = None,
        years: tuple[int, int] | None = None,
    ) -> Period:
        """This month, quarter or year (organisation time), the whole plan, or a custom range.

        ``years`` bound the whole plan: an emulation period's first and last year (the
        configured plan file's years when not given).

        Raises:
            BadBoardPeriod: A custom range lacks an end, is reversed or longer than 10 years.
        """
        today = self._clock.now().astimezone(self._zone).date()
        return make_period(self._texts, kind, today, years or self._plan_years, start, end)

    async def version(self) -> tuple[int, ...]:
        """A cheap fingerprint of everything boards depend on; it changes when they may."""
        async with self._sessions.begin() as session:
            return await _version(session)

    async def cached(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """``compute()``'s value, reused until the ledger or the members change.

        ``compute`` runs outside any transaction (a chart renders for a while).
        """
        full = (await self.version(), key)
        if full in self._cache:
            self._cache.move_to_end(full)
            return self._cache[full]  # type: ignore[no-any-return]
        value = await compute()
        self._remember(full, value)
        return value

    async def units(
        self, period: Period, *, per_member: bool = True, unit_kind: str | None = None
    ) -> UnitBoard:
        """Every active unit ranked by points per active member (default) or in total."""
        async with self._sessions.begin() as session:
            key = (await _version(session), "units", period, per_member, unit_kind)
            if key not in self._cache:
                self._remember(
                    key,
                    await self._units(session, period, per_member=per_member, unit_kind=unit_kind),
                )
            self._cache.move_to_end(key)
            return self._cache[key]  # type: ignore[no-any-return]

    async def members(
        self,
        period: Period,
        *,
        top: int = 10,
        viewer_id: int | None = None,
        unit_kind: str | None = None,
        unit_id: int | None = None,
    ) -> MemberBoard:
        """The top members (of one unit with ``unit_id``), and the viewer's own row when they
        are not among them."""
        async with self._sessions.begin() as session:
            key = (await _version(session), "members", period, unit_kind, unit_id)
            if key not in self._cache:
                fresh = await self._ranked_members(session, period, unit_kind, unit_id)
                self._remember(key, fresh)
            self._cache.move_to_end(key)
            ranked: tuple[MemberRow, ...] = self._cache[key]
            mine = None
            if viewer_id is not None and all(r.member_id != viewer_id for r in ranked[:top]):
                mine = next((r for r in ranked if r.member_id == viewer_id), None)
                if mine is None:
                    mine = await unranked(session, viewer_id, len(ranked) + 1)
        return MemberBoard(period, ranked[:top], mine, len(ranked), unit_kind)

    async def explain_member(
        self, member_id: int, period: Period, *, unit_id: int | None = None
    ) -> Explanation:
        """The member's events in the period, newest first, with the points they earn now.

        Raises:
            BoardSubjectUnknown: No such member, or (with ``unit_id``) not one of that unit:
                a unit head asks only about their own unit's members.
        """
        async with self._sessions.begin() as session:
            found = (
                await session.execute(
                    select(Member.full_name, Member.unit_id).where(Member.id == member_id)
                )
            ).first()
            if found is None or unit_id not in (None, found.unit_id):
                raise errors.BoardSubjectUnknown
            whose = ScoreEvent.member_id == member_id
            return await self._explain(session, found.full_name, whose, period)

    async def explain_unit(self, unit_id: int, period: Period) -> Explanation:
        """The unit's events (its members' and its own), newest first; total, not per member."""
        async with self._sessions.begin() as session:
            name = await session.scalar(select(Unit.name).where(Unit.id == unit_id))
            if name is None:
                raise errors.BoardSubjectUnknown
            whose = ScoreEvent.unit_id == unit_id
            return await self._explain(session, name, whose, period, by_member=True)

    async def unit_members(self, unit_id: int, period: Period) -> UnitMembers:
        """Every active member of the unit with their points: the pick list of "Vì sao?".

        Raises:
            BoardSubjectUnknown: No such unit.
        """
        async with self._sessions.begin() as session:
            name = await session.scalar(select(Unit.name).where(Unit.id == unit_id))
            if name is None:
                raise errors.BoardSubjectUnknown
            ranked = await self._ranked_members(session, period, None, unit_id)
            seen = {row.member_id for row in ranked}
            others = await session.execute(
                select(Member.id, Member.full_name).where(
                    Member.unit_id == unit_id, Member.active.is_(True)
                )
            )
            after = len(ranked) + 1
            rest = tuple(
                MemberRow(after, member_id, full_name, name, 0.0)
                for member_id, full_name in sorted(others, key=lambda m: collation_key(m[1]))
                if member_id not in seen
            )
        return UnitMembers(unit_id, name, period, ranked + rest)

    async def _explain(
        self,
        session: AsyncSession,
        subject: str,
        whose: ColumnElement[bool],
        period: Period,
        *,
        by_member: bool = False,
    ) -> Explanation:
        bounds = utc_bounds(period, self._zone)
        return await explain(
            session, self._points, subject, whose, bounds, period, by_member=by_member
        )

    def _remember(self, key: Hashable, value: object) -> None:
        self._cache[key] = value
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _weighted(self) -> ColumnElement[int]:
        """Points × share (percent) of an event, from the settings as they are now."""
        points = case(self._points, value=ScoreEvent.kind, else_=literal(0))
        return points * ScoreEvent.share

    def _as_of(self, period: Period) -> date:
        return as_of(period, self._clock.now().astimezone(self._zone).date())

    def _in(self, period: Period) -> ColumnElement[bool]:
        low, high = utc_bounds(period, self._zone)
        return and_(ScoreEvent.at >= low, ScoreEvent.at < high)

    async def _units(
        self, session: AsyncSession, period: Period, *, per_member: bool, unit_kind: str | None
    ) -> UnitBoard:
        # Shares summed per unit and kind, points applied here: the database does a plain
        # grouping, with no per-row arithmetic over a year of events.
        grouped = await session.execute(
            select(ScoreEvent.unit_id, ScoreEvent.kind, func.sum(ScoreEvent.share))
            .where(self._in(period))
            .group_by(ScoreEvent.unit_id, ScoreEvent.kind)
        )
        org = await organisation_on(session, self._as_of(period))
        totals: dict[int, int] = {}
        for unit_id, kind, shares in grouped.all():
            # A merged unit's points go to the unit that carries on its work.
            carrier = org.carrier(unit_id)
            totals[carrier] = totals.get(carrier, 0) + self._points.get(kind, 0) * int(shares or 0)
        rows = []
        for unit in org.units.values():
            if unit_kind is not None and unit.kind != unit_kind:
                continue
            points, count = (totals.get(unit.id) or 0) / 100, unit.headcount
            per = points / count if count else 0
            rows.append((unit.id, unit.code, unit.name, unit.kind, count, points, per))
        # Units without members cannot be compared per member: they go last.
        score = (lambda r: (r[4] > 0, r[6])) if per_member else (lambda r: (True, r[5]))
        rows.sort(key=lambda r: (best_first(score(r)), collation_key(r[2])))
        ranks = competition_ranks([score(r) for r in rows])
        return UnitBoard(
            period,
            tuple(UnitRow(rank, *row) for rank, row in zip(ranks, rows, strict=True)),
            per_member,
            unit_kind,
        )

    async def _ranked_members(
        self, session: AsyncSession, period: Period, unit_kind: str | None, unit_id: int | None
    ) -> tuple[MemberRow, ...]:
        total = func.sum(self._weighted())
        query = (
            select(Member.id, Member.full_name, Member.unit_id, Unit.name, total)
            .join(Member, Member.id == ScoreEvent.member_id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(self._in(period), present_in(period))
            .group_by(Member.id, Member.full_name, Member.unit_id, Unit.name)
            # Fully compensated (withdrawn) contributions leave no one on the board.
            .having(total != 0)
        )
        if unit_kind is not None:
            query = query.where(Unit.kind == unit_kind)
        if unit_id is not None:
            query = query.where(Member.unit_id == unit_id)
        found = (await session.execute(query)).all()
        # Each member under the unit they were in, by the name it had, on the period's end.
        org = await organisation_on(session, self._as_of(period)) if found else None
        rows = [
            (
                member_id,
                name,
                org.unit_name_of(member_id, unit_id, unit) if org else unit,
                points / 100,
            )
            for member_id, name, unit_id, unit, points in found
        ]
        rows.sort(key=lambda r: (-r[3], collation_key(r[1]), r[0]))
        ranks = competition_ranks([r[3] for r in rows])
        return tuple(MemberRow(rank, *row) for rank, row in zip(ranks, rows, strict=True))


async def _version(session: AsyncSession) -> tuple[int, ...]:
    """(last event id, active members, last member id, active units), in one query.

    The ledger is append-only, so its highest id moves with every new event (a count would
    scan a million rows); member counts change the per-member figures.
    """
    active_members = select(func.count(Member.id)).where(Member.active.is_(True))
    active_units = select(func.count(Unit.id)).where(Unit.active.is_(True))
    row = (
        await session.execute(
            select(
                select(func.max(ScoreEvent.id)).scalar_subquery(),
                active_members.scalar_subquery(),
                select(func.max(Member.id)).scalar_subquery(),
                active_units.scalar_subquery(),
                # Renames, merges and moves change names and headcounts of past periods.
                select(func.max(UnitChange.id)).scalar_subquery(),
                select(func.max(MemberChange.id)).scalar_subquery(),
            )
        )
    ).one()
    return tuple(int(value or 0) for value in row)
