"""The nominations desk of the web app: the queue with filters and accent-free search, scoped
in SQL to what the viewer may see, and one item that tells "not yours" (403) from "no such
item" (404)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.collation import sorted_vi
from bot.config_awards import Award
from bot.domain import NominationState, Track
from bot.roles import REVIEWERS, Role
from bot.services.common import MemberView
from bot.services.initiatives import fold
from bot.services.nominations.queries import NominationPage, NominationSummary, may_see
from bot.services.nominations.records import NominationView, load_view
from models import Nomination, Unit

#: The longest search text the queue takes (longer is cut, never refused).
SEARCH_MAX = 100


@dataclass(frozen=True, slots=True)
class NominationQuery:
    """What the queue shows: filters (empty: any), the search text and the page (from 0)."""

    state: NominationState | None = None
    unit_id: int | None = None
    award_code: str = ""
    text: str = ""
    page: int = 0
    size: int = 20


@dataclass(frozen=True, slots=True)
class Choice:
    """A value a filter offers and its name."""

    value: str
    name: str


class NominationBrowse:
    """The web app's reads of nominations (mixed into the nominations service)."""

    _sessions: async_sessionmaker[AsyncSession]
    _awards: tuple[Award, ...]

    async def browse(self, viewer: MemberView, query: NominationQuery) -> NominationPage:
        """The nominations ``viewer`` may see under ``query``, longest waiting first.

        Reviewers see every nomination, a unit head those of their unit and those they filed,
        anyone else those they filed. Without a state filter withdrawn ones are left out.
        """
        conditions = [_scope(viewer)]
        if query.state is None:
            conditions.append(Nomination.state != NominationState.WITHDRAWN)
        else:
            conditions.append(Nomination.state == query.state)
        if query.unit_id is not None:
            conditions.append(Nomination.unit_id == query.unit_id)
        if query.award_code:
            conditions.append(Nomination.award_code == query.award_code)
        wanted = fold(" ".join(query.text.split()))[:SEARCH_MAX]
        async with self._sessions.begin() as session:
            if wanted:
                return await _searched(session, conditions, wanted, query)
            total = await session.scalar(select(func.count(Nomination.id)).where(*conditions)) or 0
            pages, page = _bounds(total, query)
            rows = await session.execute(
                _listed().where(*conditions).offset(page * query.size).limit(query.size)
            )
            return NominationPage(tuple(_summary(row) for row in rows), page, pages, total)

    async def dossier(self, viewer: MemberView, item_id: int) -> NominationView:
        """One nomination for its page.

        Raises:
            NominationNotFound: No such nomination.
            NotAllowed: It exists, but ``viewer`` may not see it (a forged address).
        """
        async with self._sessions.begin() as session:
            view = await load_view(session, item_id)
        if not may_see(viewer, view):
            raise errors.NotAllowed
        return view

    async def filter_choices(self, viewer: MemberView) -> tuple[tuple[Choice, ...], ...]:
        """The units and the awards the queue filters by: a unit head only has their unit."""
        async with self._sessions.begin() as session:
            units = select(Unit.id, Unit.name).where(Unit.active.is_(True))
            if viewer.role not in REVIEWERS:
                units = units.where(Unit.id == viewer.unit.id)
            rows = await session.execute(units)
            found = tuple(Choice(str(i), name) for i, name in sorted_vi(rows, key=lambda r: r[1]))
        awards = tuple(Choice(a.code, a.name) for a in self._awards if a.kind != "title")
        return found, awards


def _scope(viewer: MemberView) -> ColumnElement[bool]:
    """What ``viewer`` may see, as :func:`may_see` says it for one item."""
    if viewer.role in REVIEWERS:
        return Nomination.id.is_not(None)
    if viewer.role is Role.UNIT_HEAD:
        return or_(Nomination.unit_id == viewer.unit.id, Nomination.nominator_id == viewer.id)
    return Nomination.nominator_id == viewer.id


def _bounds(total: int, query: NominationQuery) -> tuple[int, int]:
    pages = max(1, -(-total // query.size))
    return pages, min(max(query.page, 0), pages - 1)


def _listed() -> Select[Nomination, str]:
    return (
        select(Nomination, Unit.name)
        .join(Unit, Unit.id == Nomination.unit_id)
        .order_by(Nomination.updated_at.asc(), Nomination.id)
    )


def _summary(row: Row[Nomination, str]) -> NominationSummary:
    n, unit = row
    return NominationSummary(
        n.id,
        n.code,
        n.nominee_name,
        n.award_name,
        unit,
        Track(n.track),
        NominationState(n.state),
        n.updated_at,
    )


async def _searched(
    session: AsyncSession,
    conditions: list[ColumnElement[bool]],
    wanted: str,
    query: NominationQuery,
) -> NominationPage:
    """The page of matches of ``wanted`` (folded): the filters narrow in SQL, then the short
    texts of what is left are folded here, as no database folds Vietnamese the same way."""
    texts = await session.execute(
        select(Nomination.id, Nomination.code, Nomination.nominee_name, Nomination.award_name)
        .where(*conditions)
        .order_by(Nomination.updated_at.asc(), Nomination.id)
    )
    ids = [row[0] for row in texts if wanted in fold(" ".join(row[1:]))]
    total = len(ids)
    pages, page = _bounds(total, query)
    shown = ids[page * query.size : (page + 1) * query.size]
    if not shown:
        return NominationPage((), page, pages, total)
    rows = await session.execute(_listed().where(Nomination.id.in_(shown)))
    return NominationPage(tuple(_summary(row) for row in rows), page, pages, total)
