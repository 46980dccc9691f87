"""Lists of initiatives (a person's own, a unit's, the review queue): their lines, a page of
them in one query pair, and what a queue filters by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.domain import InitiativeState
from models import Initiative, Member, Unit


@dataclass(frozen=True, slots=True)
class Summary:
    """One line of a list of initiatives."""

    id: int
    code: str
    title: str
    state: InitiativeState
    updated_at: datetime
    unit: str
    author: str


@dataclass(frozen=True, slots=True)
class SummaryPage:
    """A page of a list; ``page`` counts from 0."""

    items: tuple[Summary, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class MemberMatch:
    """A member found by name, for choosing co-authors (their unit and position are offered as
    the form's workplace and title)."""

    id: int
    name: str
    unit: str
    position: str = ""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What a review queue shows (``None``: any)."""

    state: InitiativeState | None = None
    unit_id: int | None = None
    field: str | None = None


async def summary_page(
    session: AsyncSession,
    condition: ColumnElement[bool],
    page: int,
    size: int,
    *,
    oldest_first: bool = False,
) -> SummaryPage:
    """The page ``page`` (from 0, clamped to the pages there are) of the initiatives matching
    ``condition``, by last change (newest first unless ``oldest_first``)."""
    order = Initiative.updated_at.asc() if oldest_first else Initiative.updated_at.desc()
    total = await session.scalar(select(func.count(Initiative.id)).where(condition)) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 0), pages - 1)
    rows = await session.execute(
        select(Initiative, Unit.name, Member.full_name)
        .join(Unit, Unit.id == Initiative.unit_id)
        .join(Member, Member.id == Initiative.author_id)
        .where(condition)
        .order_by(order, Initiative.id)
        .offset(page * size)
        .limit(size)
    )
    items = tuple(
        Summary(i.id, i.code, i.title, InitiativeState(i.state), i.updated_at, u, a)
        for i, u, a in rows
    )
    return SummaryPage(items, page, pages, total)
