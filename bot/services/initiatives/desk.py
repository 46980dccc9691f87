"""The web app's review desk: the queue as a table (with every author and the day submitted),
filtered by state, unit and an accent-free search, one page at a time, in SQL.

Who sees what is the chat's rule: reviewers (the Office, the council, leaders, admins) the
whole queue, a unit head their own unit's initiatives; anyone else is refused. The search
matches :attr:`models.Initiative.search_text` — the code, title and authors' names folded by
:func:`fold` — so "ung dung" finds "ứng dụng" with one LIKE, whatever the database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.domain import InitiativeState
from bot.roles import REVIEWERS, Role
from bot.services.common import MemberView
from models import Initiative, InitiativeAuthor, Member, Unit

#: The longest search the desk takes (longer text is cut, not refused).
SEARCH_MAX = 100
#: How long a search's total (the count above the table and the pager) is reused, like the
#: dashboard's counts: a row changed meanwhile shows in the table at once, in the total after.
SEARCH_TOTAL_FRESH = timedelta(seconds=10)
#: The most searches' totals kept at once.
SEARCH_TOTALS_MOST = 256


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ too), so "nguyen van an" finds "Nguyễn Văn An"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class DeskFilter:
    """What the desk shows (``None``/"" any): a state, a unit, words of the code, title or an
    author's name typed with or without accents."""

    state: InitiativeState | None = None
    unit_id: int | None = None
    search: str = ""


@dataclass(frozen=True, slots=True)
class DeskRow:
    """One line of the desk's table."""

    id: int
    code: str
    title: str
    authors: tuple[str, ...]
    unit: str
    state: InitiativeState
    submitted_at: datetime


@dataclass(frozen=True, slots=True)
class DeskPage:
    """A page of the desk; ``page`` counts from 0."""

    items: tuple[DeskRow, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a desk query's SQL depends on; the values are its parameters."""

    head: bool  # a unit head's own unit, not the whole queue
    state: bool  # one state rather than every state but withdrawn
    unit: bool
    words: int


@dataclass(frozen=True, slots=True)
class _Statements:
    total: Select[int]
    page: Select[int, str, str, str, datetime, str]


_I = Initiative.__table__.c
_A = InitiativeAuthor.__table__.c
_M = Member.__table__.c
_U = Unit.__table__.c


class DeskQueries:
    """The desk's statements, built once per :class:`_Shape` and then run with parameters:
    building and keying a statement costs SQLAlchemy more CPU than SQLite needs to answer it
    (a queue page's count went from about 2.7 to 0.3 ms, its rows from 2.5 to 0.9). Core
    columns, not ORM objects: the table shows six of them."""

    def __init__(self) -> None:
        """No statement is built before it is first asked for."""
        self._built: dict[_Shape, _Statements] = {}
        self._totals: dict[Hashable, tuple[datetime, int]] = {}
        self._authors = (
            select(_A.initiative_id, _A.name)
            .where(_A.initiative_id.in_(bindparam("ids", expanding=True)))
            .order_by(_A.initiative_id, _A.position, _A.id)
        )
        self._filers = (
            select(_I.id, _M.full_name)
            .select_from(Initiative.__table__.join(Member.__table__, _M.id == _I.author_id))
            .where(_I.id.in_(bindparam("ids", expanding=True)))
        )

    def prepare(self, viewer: MemberView, where: DeskFilter) -> tuple[_Statements, dict[str, Any]]:
        """The statements of the rows ``viewer`` may see under ``where``, and their parameters.

        Raises:
            NotAllowed: The viewer is neither a reviewer nor a unit head.
        """
        if viewer.role in REVIEWERS:
            head = False
        elif viewer.role is Role.UNIT_HEAD:
            head = True
        else:
            raise errors.NotAllowed
        words = fold(where.search[:SEARCH_MAX]).split()
        shape = _Shape(head, where.state is not None, where.unit_id is not None, len(words))
        params: dict[str, Any] = {f"w{n}": _like_escaped(word) for n, word in enumerate(words)}
        params["own"] = viewer.unit.id
        params["state"] = InitiativeState.WITHDRAWN if where.state is None else where.state
        params["unit"] = where.unit_id
        built = self._built.get(shape)
        if built is None:
            built = self._built[shape] = _build(shape)
        return built, params

    async def page(
        self,
        session: AsyncSession,
        prepared: tuple[_Statements, dict[str, Any]],
        page: int,
        size: int,
        now: datetime,
    ) -> DeskPage:
        """The page ``page`` (clamped) of the prepared rows, oldest change first."""
        statements, params = prepared
        total = await self._total(session, statements, params, now)
        pages = max(1, -(-total // size))
        page = min(max(page, 0), pages - 1)
        if not total:  # a search finding nothing: no second scan of the table for an empty page
            return DeskPage((), page, pages, total)
        rows = (
            await session.execute(statements.page, {**params, "skip": page * size, "size": size})
        ).all()
        names = await self._names(session, [row[0] for row in rows])
        items = tuple(
            DeskRow(
                item_id,
                code,
                title,
                names.get(item_id, ()),
                unit,
                InitiativeState(state),
                submitted_at,
            )
            for item_id, code, title, state, submitted_at, unit in rows
        )
        return DeskPage(items, page, pages, total)

    async def _total(
        self, session: AsyncSession, statements: _Statements, params: dict[str, Any], now: datetime
    ) -> int:
        """How many rows match. A search's total is kept :data:`SEARCH_TOTAL_FRESH`: only it
        reads every row (matching the words row by row, about 5 ms for 12,000 initiatives),
        and paging through a search, or several people searching alike, asks it again."""
        if "w0" not in params:  # no words: counted from b-trees, cheap
            return await session.scalar(statements.total, params) or 0
        key = (statements.total, tuple(sorted(params.items())))
        kept = self._totals.get(key)
        if kept is not None and now - kept[0] < SEARCH_TOTAL_FRESH:
            return kept[1]
        total = await session.scalar(statements.total, params) or 0
        if len(self._totals) >= SEARCH_TOTALS_MOST:
            self._totals.clear()  # rare: computing again is cheap enough
        self._totals[key] = (now, total)
        return total

    async def _names(self, session: AsyncSession, ids: list[int]) -> dict[int, tuple[str, ...]]:
        """The authors' names of the items ``ids``, in the form's order (the filer first when
        they are not listed, as for items filed before co-authors were recorded)."""
        found: dict[int, list[str]] = {}
        for item_id, name in await session.execute(self._authors, {"ids": ids}):
            found.setdefault(item_id, []).append(name)
        missing = [i for i in ids if i not in found]
        if missing:
            for item_id, name in await session.execute(self._filers, {"ids": missing}):
                found[item_id] = [name]
        return {item_id: tuple(names) for item_id, names in found.items()}


def _build(shape: _Shape) -> _Statements:
    """The count and the page of one shape of filter."""
    scope: list[ColumnElement[bool]] = []
    if shape.head:
        scope.append(_I.unit_id == bindparam("own"))
    if shape.unit:
        scope.append(_I.unit_id == bindparam("unit"))
    for n in range(shape.words):
        scope.append(_I.search_text.contains(bindparam(f"w{n}"), escape="/"))
    state = _I.state == bindparam("state")
    table = Initiative.__table__
    if shape.state:
        total = select(func.count()).select_from(table).where(*scope, state)
        shown = [*scope, state]
    else:
        shown = [*scope, _I.state != bindparam("state")]
        if shape.words:  # the words are matched row by row: one pass, not two
            total = select(func.count()).select_from(table).where(*shown)
        else:
            # Every row less the withdrawn ones: SQLite counts a whole table or an index's
            # range without reading the rows (1.1 ms down to 0.05 for 12,000 initiatives).
            every = select(func.count()).select_from(table).where(*scope).scalar_subquery()
            withdrawn = select(func.count()).select_from(table).where(*scope, state)
            total = select(every - withdrawn.scalar_subquery())
    page = (
        select(_I.id, _I.code, _I.title, _I.state, _I.submitted_at, _U.name)
        .select_from(table.join(Unit.__table__, _U.id == _I.unit_id))
        .where(*shown)
        .order_by(_I.updated_at.asc(), _I.id)
        .offset(bindparam("skip"))
        .limit(bindparam("size"))
    )
    return _Statements(total, page)


def _like_escaped(word: str) -> str:
    """``word`` for ``LIKE … ESCAPE '/'``: its ``%``, ``_`` and ``/`` match themselves."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


async def write_search_text(session: AsyncSession, item: Initiative) -> None:
    """Fold the item's code, title and authors into its search text (after its authors are
    stored)."""
    names = await session.scalars(
        select(InitiativeAuthor.name)
        .where(InitiativeAuthor.initiative_id == item.id)
        .order_by(InitiativeAuthor.position)
    )
    item.search_text = fold(" ".join([item.code, item.title, *names]))
