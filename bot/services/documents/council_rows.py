"""What the documents of the decision cycle read: nominations with their unit, the sessions
and decisions they went through, who grants an award, and the amount each row is paid."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config_awards import Award
from bot.documents import Fields
from bot.errors import DocumentSubjectNotFound
from bot.services.decisions import Grantor
from bot.services.documents.records import Setting, Subject
from bot.texts import Texts
from models import Nomination, Unit

BASE_SALARY = "documents.council_field.base_salary"
REWARD_MULTIPLE = "documents.council_field.reward_multiple"


@functools.cache
def texts() -> Texts:
    """The catalogue the documents take the names of results from (read once)."""
    return Texts.load()


@dataclass(frozen=True, slots=True)
class Row:
    """A nomination as a list in a document names it."""

    id: int
    code: str
    name: str
    unit: str
    award_code: str
    award: str
    year: int


async def rows_of(session: AsyncSession, ids: Iterable[int]) -> dict[int, Row]:
    """The nominations ``ids`` with their unit's name."""
    wanted = list(ids)
    if not wanted:
        return {}
    found = await session.execute(
        select(Nomination, Unit.name)
        .join(Unit, Unit.id == Nomination.unit_id)
        .where(Nomination.id.in_(wanted))
    )
    return {
        n.id: Row(n.id, n.code, n.nominee_name, unit, n.award_code, n.award_name, n.year)
        for n, unit in found.all()
    }


def local_day(moment: datetime | None, setting: Setting) -> date | None:
    """The day of ``moment`` in the organisation's zone."""
    return None if moment is None else moment.astimezone(setting.zone).date()


def award_name(setting: Setting, code: str, fallback: str) -> str:
    """The award's name as the catalogue has it now, or as the row copied it."""
    award = setting.awards.get(code)
    return award.name if award is not None else fallback


def grantor_of(setting: Setting, award: Award | None) -> Grantor:
    """The award's ``granted_by`` authority; with none, the organisation's head decides here
    (the same rule the decisions service applies)."""
    if award is not None and award.granted_by:
        authority = setting.authorities.get(award.granted_by)
        if authority is not None:
            return Grantor(authority.code, authority.name, authority.decides_here)
    return Grantor("", setting.letterhead.head_title, decides_here=True)


@dataclass(frozen=True, slots=True)
class Money:
    """An award's multiple and the amount of one row, ``None`` where not configured."""

    multiple: float | None
    amount: int | None


def money_of(setting: Setting, fields: Fields, code: str) -> Money:
    """The multiple and amount of award ``code``; a missing one is noted."""
    award = setting.awards.get(code)
    factor = award.reward_multiple if award is not None else None
    if factor is None:
        fields.note(REWARD_MULTIPLE)
    if setting.rewards.base_salary is None:
        fields.note(BASE_SALARY)
    return Money(factor, setting.rewards.amount(factor))


def total(amounts: Sequence[int | None]) -> int | None:
    """The sum, or ``None`` when any amount is blank (a partial total would mislead)."""
    if any(a is None for a in amounts):
        return None
    return sum(a for a in amounts if a is not None)


def not_found(subject: Subject) -> DocumentSubjectNotFound:
    """The error for a subject whose row is gone."""
    return DocumentSubjectNotFound(code=subject.code)
