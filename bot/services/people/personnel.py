"""Recording the Office's personnel file: days of entering service and disciplinary measures,
which the year-end eligibility checks of unit vote lists read (``bot.services.vote_lists``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.services.common import audit
from bot.services.initiatives import fold
from bot.services.people.personnel_csv import (
    PersonnelImportError,
    PersonnelRow,
    parse_personnel_csv,
    staff_category,
    tidy_name,
)
from models import Discipline, Member, Unit

__all__ = [
    "PersonnelImportError",
    "PersonnelResult",
    "PersonnelRow",
    "PersonnelService",
    "SkippedRow",
    "parse_personnel_csv",
    "staff_category",
]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row left unchanged: no active member, or several, answer to its unit and name."""

    line: int
    full_name: str
    unit: str
    #: Whether a unit has the row's code (else the code itself is wrong).
    unit_known: bool


@dataclass(frozen=True, slots=True)
class PersonnelResult:
    """What an import changed and which rows it could not place.

    Attributes:
        matched: Rows that found their member.
        updated: Members whose day of entering service was set or changed.
        disciplines_added: Disciplinary measures recorded (those already recorded for the
            member, year and level are not counted).
        unmatched: Rows whose unit has no active member of that name, or whose unit is unknown.
        ambiguous: Rows whose unit has several active members of that name.
    """

    matched: int
    updated: int
    disciplines_added: int
    unmatched: tuple[SkippedRow, ...]
    ambiguous: tuple[SkippedRow, ...]
    #: Members whose staff category was set or changed.
    categories: int = 0


@dataclass(slots=True)
class _Change:
    """What one member's rows changed, for their single audit entry."""

    member: Member
    before: date | None
    category: str | None = None
    disciplines: list[dict[str, Any]] = field(default_factory=list)


class PersonnelService:
    """Keeps members' service starts and disciplinary measures as the personnel file says."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def sync(self, rows: Sequence[PersonnelRow], *, actor: audit.Actor) -> PersonnelResult:
        """Apply ``rows`` to the active members they name (by unit code and full name, with
        or without diacritics), in one transaction; importing the same file again changes
        nothing. An empty service start leaves the recorded one; rows that match no member,
        or several, change nothing and are returned."""
        async with self._sessions.begin() as session:
            staff = await _active_members(session, {row.unit.casefold() for row in rows})
            unmatched: list[SkippedRow] = []
            ambiguous: list[SkippedRow] = []
            found: list[tuple[PersonnelRow, Member]] = []
            for row in rows:
                unit = row.unit.casefold()
                people = _named(staff.get(unit, []), row.full_name)
                skipped = SkippedRow(row.line, row.full_name, row.unit, unit in staff)
                if not people:
                    unmatched.append(skipped)
                elif len(people) > 1:
                    ambiguous.append(skipped)
                else:
                    found.append((row, people[0]))
            changes = await self._apply(session, found, actor)
            self._record(session, changes.values(), actor)
            updated = sum(1 for c in changes.values() if c.before != c.member.service_start)
            categories = sum(1 for c in changes.values() if c.category != c.member.category)
        return PersonnelResult(
            matched=len(found),
            updated=updated,
            disciplines_added=sum(len(c.disciplines) for c in changes.values()),
            unmatched=tuple(unmatched),
            ambiguous=tuple(ambiguous),
            categories=categories,
        )

    async def _apply(
        self,
        session: AsyncSession,
        found: Sequence[tuple[PersonnelRow, Member]],
        actor: audit.Actor,
    ) -> dict[int, _Change]:
        """Set service starts and add missing disciplinary measures; return each changed
        member's change."""
        now = self._clock.now()
        recorded = await _recorded(session, {member.id for _, member in found})
        changes: dict[int, _Change] = {}
        for row, member in found:
            if row.service_start is not None and member.service_start != row.service_start:
                _change(changes, member)
                member.service_start = row.service_start
            if row.category is not None and member.category != row.category.value:
                _change(changes, member)
                member.category = row.category.value
            if row.discipline_level is None or row.discipline_year is None:
                continue
            key = (member.id, row.discipline_year, row.discipline_level)
            if key in recorded:
                continue
            recorded.add(key)
            session.add(
                Discipline(
                    member_id=member.id,
                    year=row.discipline_year,
                    level=row.discipline_level,
                    note=row.discipline_note,
                    recorded_by=actor.member_id,
                    recorded_at=now,
                )
            )
            measure = {"year": key[1], "level": key[2], "note": row.discipline_note}
            _change(changes, member).disciplines.append(measure)
        await session.flush()
        return changes

    def _record(
        self,
        session: AsyncSession,
        changes: Iterable[_Change],
        actor: audit.Actor,
    ) -> None:
        """One audit entry per member changed."""
        now = self._clock.now()
        for change in changes:
            after: dict[str, Any] = {"service_start": _iso(change.member.service_start)}
            before: dict[str, Any] = {"service_start": _iso(change.before)}
            if change.category != change.member.category:
                before["category"], after["category"] = change.category, change.member.category
            if change.disciplines:
                after["disciplines_added"] = change.disciplines
            audit.record(
                session,
                at=now,
                actor=actor,
                action="member.personnel",
                entity="member",
                entity_id=change.member.id,
                before=before,
                after=after,
            )


def _change(changes: dict[int, _Change], member: Member) -> _Change:
    """The member's change, begun with what was recorded before this import."""
    return changes.setdefault(member.id, _Change(member, member.service_start, member.category))


async def _active_members(session: AsyncSession, codes: set[str]) -> dict[str, list[Member]]:
    """The active members of the units with ``codes`` (case-folded), by folded code; every
    unit named is a key, so an empty list means a known unit without that person."""
    units = {
        unit_id: code.casefold()
        for unit_id, code in await session.execute(
            select(Unit.id, Unit.code).where(func.lower(Unit.code).in_(codes))
        )
    }
    staff: dict[str, list[Member]] = {code: [] for code in units.values()}
    for member in await session.scalars(
        select(Member)
        .where(Member.unit_id.in_(list(units)), Member.active.is_(True))
        .order_by(Member.id)
    ):
        staff[units[member.unit_id]].append(member)
    return staff


def _named(members: Sequence[Member], name: str) -> list[Member]:
    """The members ``name`` designates: same name with diacritics folded; when several, the
    one spelled exactly so (else all of them: ambiguous)."""
    folded = fold(name)
    same = [m for m in members if fold(tidy_name(m.full_name)) == folded]
    if len(same) <= 1:
        return same
    exact = [m for m in same if tidy_name(m.full_name).casefold() == name.casefold()]
    return exact if len(exact) == 1 else same


async def _recorded(session: AsyncSession, member_ids: set[int]) -> set[tuple[int, int, str]]:
    """The (member, year, level) measures already recorded for ``member_ids``."""
    rows = await session.execute(
        select(Discipline.member_id, Discipline.year, Discipline.level).where(
            Discipline.member_id.in_(member_ids)
        )
    )
    return {(member_id, year, level) for member_id, year, level in rows}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
