"""The queries behind the initiative export: each reads one kind of fact for all the items a
filter selects, so the number of queries does not grow with the number of items."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.services.initiatives.form import Applier
from bot.services.initiatives.records import ENTITY
from models import (
    Attachment,
    Initiative,
    InitiativeApplier,
    InitiativeAuthor,
    Member,
    Movement,
    Review,
    Unit,
)


@dataclass(frozen=True, slots=True)
class Scores:
    """An item's average scores (``None`` where nobody scored)."""

    novelty: float | None = None
    applicability: float | None = None
    benefit: float | None = None


async def items(
    session: AsyncSession, condition: ColumnElement[bool]
) -> list[tuple[Initiative, str, str | None, str]]:
    """The initiatives with their unit, movement and main author's names."""
    rows = await session.execute(
        select(Initiative, Unit.name, Movement.name, Member.full_name)
        .join(Unit, Unit.id == Initiative.unit_id)
        .join(Member, Member.id == Initiative.author_id)
        .outerjoin(Movement, Movement.id == Initiative.movement_id)
        .where(condition)
        .order_by(Initiative.submitted_at, Initiative.id)
    )
    return [(item, unit, movement, author) for item, unit, movement, author in rows]


async def unit_id_of(session: AsyncSession, code: str) -> int:
    unit_id = await session.scalar(select(Unit.id).where(Unit.code == code))
    if unit_id is None:
        raise errors.UnknownUnit(code=code)
    return unit_id


async def authors_of(
    session: AsyncSession, condition: ColumnElement[bool]
) -> defaultdict[int, list[InitiativeAuthor]]:
    """The authors of the chosen initiatives, in their order, by initiative."""
    rows = await session.scalars(
        select(InitiativeAuthor)
        .where(InitiativeAuthor.initiative_id.in_(select(Initiative.id).where(condition)))
        .order_by(InitiativeAuthor.initiative_id, InitiativeAuthor.position, InitiativeAuthor.id)
    )
    grouped: defaultdict[int, list[InitiativeAuthor]] = defaultdict(list)
    for author in rows:
        grouped[author.initiative_id].append(author)
    return grouped


async def appliers_of(
    session: AsyncSession, condition: ColumnElement[bool]
) -> dict[int, tuple[Applier, ...]]:
    """The first appliers of the chosen initiatives, in their order, by initiative."""
    rows = await session.scalars(
        select(InitiativeApplier)
        .where(InitiativeApplier.initiative_id.in_(select(Initiative.id).where(condition)))
        .order_by(InitiativeApplier.initiative_id, InitiativeApplier.position)
    )
    grouped: defaultdict[int, list[Applier]] = defaultdict(list)
    for row in rows:
        grouped[row.initiative_id].append(Applier(row.name, row.address, row.benefit))
    return {item_id: tuple(found) for item_id, found in grouped.items()}


async def attachment_counts(
    session: AsyncSession, condition: ColumnElement[bool]
) -> dict[int, int]:
    """How many files each chosen initiative has (absent: none)."""
    rows = await session.execute(
        select(Attachment.entity_id, func.count(Attachment.id))
        .where(
            Attachment.entity == ENTITY,
            Attachment.entity_id.in_(select(Initiative.id).where(condition)),
        )
        .group_by(Attachment.entity_id)
    )
    return {int(item_id): int(count) for item_id, count in rows}


async def average_scores(
    session: AsyncSession, condition: ColumnElement[bool]
) -> dict[int, Scores]:
    """The council's average scores of each chosen initiative (absent: not scored)."""
    rows = await session.execute(
        select(
            Review.initiative_id,
            func.avg(Review.novelty),
            func.avg(Review.applicability),
            func.avg(Review.benefit),
        )
        .where(Review.initiative_id.in_(select(Initiative.id).where(condition)))
        .group_by(Review.initiative_id)
    )
    # PostgreSQL averages integers as NUMERIC (Decimal), SQLite as REAL: both become floats.
    return {
        item_id: Scores(*(round(float(v), 2) for v in (novelty, applicability, benefit)))
        for item_id, novelty, applicability, benefit in rows
    }
