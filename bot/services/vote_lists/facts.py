"""What the eligibility checks read about a unit and a year, in a fixed number of queries
whatever the list's length."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config_awards import DISCIPLINE_LEVELS
from bot.domain import InitiativeState
from bot.services.nominations import CLOSED
from bot.services.registrations import registered
from bot.services.vote_lists.eligibility import Facts, Person, Row
from models import (
    Discipline,
    Initiative,
    InitiativeAuthor,
    Member,
    Nomination,
    RegistrationRound,
)

RECOGNISED = (InitiativeState.RECOGNIZED.value, InitiativeState.APPLIED.value)


async def gather(
    session: AsyncSession,
    unit_id: int,
    year: int,
    rows: Collection[Row],
    *,
    unregistered_blocks: bool,
    outside_list: int | None = None,
) -> Facts:
    """The facts of ``unit_id`` for ``year`` that ``rows`` are checked against; nominations
    of list ``outside_list`` (the list being checked again) do not count as taken."""
    return Facts(
        year=year,
        people=await _people(session, unit_id, year),
        registered=await _registered(session, unit_id, year, rows),
        unregistered_blocks=unregistered_blocks,
        taken=await _taken(session, unit_id, year, outside_list),
    )


async def _people(session: AsyncSession, unit_id: int, year: int) -> dict[int, Person]:
    members = list(
        await session.execute(
            select(Member.id, Member.service_start).where(
                Member.unit_id == unit_id, Member.active.is_(True)
            )
        )
    )
    ids = [member_id for member_id, _ in members]
    worst: dict[int, str] = {}
    for member_id, level in await session.execute(
        select(Discipline.member_id, Discipline.level).where(
            Discipline.year == year, Discipline.member_id.in_(ids)
        )
    ):
        worst[member_id] = _heavier_of(worst.get(member_id), level)
    authors = set(
        await session.scalars(
            select(InitiativeAuthor.member_id)
            .join(Initiative, Initiative.id == InitiativeAuthor.initiative_id)
            .where(
                Initiative.year == year,
                Initiative.state.in_(RECOGNISED),
                InitiativeAuthor.member_id.in_(ids),
            )
        )
    )
    return {
        member_id: Person(start, worst.get(member_id), member_id in authors)
        for member_id, start in members
    }


def _heavier_of(one: str | None, other: str) -> str:
    if one is None or other not in DISCIPLINE_LEVELS:
        return other
    return max(one, other, key=DISCIPLINE_LEVELS.index)


async def _registered(
    session: AsyncSession, unit_id: int, year: int, rows: Collection[Row]
) -> frozenset[tuple[int | None, str]] | None:
    """The rows' targets registered for the year; ``None`` when no registration was opened."""
    opened = await session.scalar(
        select(RegistrationRound.id).where(RegistrationRound.year == year)
    )
    if opened is None:
        return None
    return await registered(session, year, unit_id, {(r.member_id, r.award_code) for r in rows})


async def _taken(
    session: AsyncSession, unit_id: int, year: int, outside_list: int | None
) -> dict[tuple[int | None, str], str]:
    query = select(
        Nomination.nominee_member_id,
        Nomination.nominee_kind,
        Nomination.award_code,
        Nomination.code,
    ).where(
        Nomination.unit_id == unit_id,
        Nomination.year == year,
        Nomination.state.not_in([s.value for s in CLOSED]),
        Nomination.nominee_kind.in_(("member", "collective")),
    )
    if outside_list is not None:
        query = query.where((Nomination.list_id.is_(None)) | (Nomination.list_id != outside_list))
    return {
        (member_id if kind == "member" else None, award): code
        for member_id, kind, award, code in await session.execute(query)
    }
