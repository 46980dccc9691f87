"""The web app's review desk: the queue as a table (with every author and the day submitted),
filtered by state, unit and an accent-free search, one page at a time, in SQL.

Who sees what is the chat's rule: reviewers (the Office, the council, leaders, admins) the
whole queue, a unit head their own unit's initiatives; anyone else is refused. The search
matches :attr:`models.Initiative.search_text` — the code, title and authors' names folded by
:func:`fold` — so "ung dung" finds "ứng dụng" with one LIKE, whatever the database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.domain import InitiativeState
from bot.roles import REVIEWERS, Role
from bot.services.common import MemberView
from models import Initiative, InitiativeAuthor, Member, Unit

#: The longest search the desk takes (longer text is cut, not refused).
SEARCH_MAX = 100


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


def desk_condition(viewer: MemberView, where: DeskFilter) -> ColumnElement[bool]:
    """The rows ``viewer`` may see under ``where``.

    Raises:
        NotAllowed: The viewer is neither a reviewer nor a unit head.
    """
    condition: ColumnElement[bool]
    if viewer.role in REVIEWERS:
        condition = Initiative.id.is_not(None)
    elif viewer.role is Role.UNIT_HEAD:
        condition = Initiative.unit_id == viewer.unit.id
    else:
        raise errors.NotAllowed
    if where.state is None:
        condition &= Initiative.state != InitiativeState.WITHDRAWN
    else:
        condition &= Initiative.state == where.state
    if where.unit_id is not None:
        condition &= Initiative.unit_id == where.unit_id
    for word in fold(where.search[:SEARCH_MAX]).split():
        condition &= Initiative.search_text.contains(word, autoescape=True)
    return condition


async def desk_page(
    session: AsyncSession, condition: ColumnElement[bool], page: int, size: int
) -> DeskPage:
    """The page ``page`` (clamped) of the rows under ``condition``, oldest change first."""
    total = await session.scalar(select(func.count(Initiative.id)).where(condition)) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 0), pages - 1)
    if not total:  # a search finding nothing: no second scan of the table for an empty page
        return DeskPage((), page, pages, total)
    rows = (
        await session.execute(
            select(Initiative, Unit.name)
            .join(Unit, Unit.id == Initiative.unit_id)
            .where(condition)
            .order_by(Initiative.updated_at.asc(), Initiative.id)
            .offset(page * size)
            .limit(size)
        )
    ).all()
    names = await _authors(session, [item.id for item, _unit in rows])
    items = tuple(
        DeskRow(
            item.id,
            item.code,
            item.title,
            names.get(item.id, ()),
            unit,
            InitiativeState(item.state),
            item.submitted_at,
        )
        for item, unit in rows
    )
    return DeskPage(items, page, pages, total)


async def _authors(session: AsyncSession, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The authors' names of the items ``ids``, in the form's order (the filer first when
    they are not listed, as for items filed before co-authors were recorded)."""
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = await session.execute(
        select(InitiativeAuthor.initiative_id, InitiativeAuthor.name)
        .where(InitiativeAuthor.initiative_id.in_(ids))
        .order_by(InitiativeAuthor.initiative_id, InitiativeAuthor.position, InitiativeAuthor.id)
    )
    for item_id, name in rows:
        found.setdefault(item_id, []).append(name)
    missing = [i for i in ids if i not in found]
    if missing:
        filers = await session.execute(
            select(Initiative.id, Member.full_name)
            .join(Member, Member.id == Initiative.author_id)
            .where(Initiative.id.in_(missing))
        )
        for item_id, name in filers:
            found[item_id] = [name]
    return {item_id: tuple(names) for item_id, names in found.items()}


async def write_search_text(session: AsyncSession, item: Initiative) -> None:
    """Fold the item's code, title and authors into its search text (after its authors are
    stored)."""
    names = await session.scalars(
        select(InitiativeAuthor.name)
        .where(InitiativeAuthor.initiative_id == item.id)
        .order_by(InitiativeAuthor.position)
    )
    item.search_text = fold(" ".join([item.code, item.title, *names]))
