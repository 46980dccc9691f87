"""Reading vote lists: what a head builds the list from, the checks before sending, and the
Office's view of every unit's list for a year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config import NominationSettings
from bot.config_awards import Award
from bot.domain import NominationState, Track
from bot.roles import OFFICE, UNIT_HEADS
from bot.services.common import AttachmentView, MemberView
from bot.services.vote_lists import facts
from bot.services.vote_lists.eligibility import Row, check_rows
from bot.services.vote_lists.records import (
    MINUTES,
    FormMember,
    ListForm,
    ListState,
    RowView,
    VoteListView,
    find,
    load,
    names,
)
from models import Attachment, Member, Nomination, RegisteredTarget, Unit, VoteList


@dataclass(frozen=True, slots=True)
class UnitListStatus:
    """A unit and where its list for the year is (``None``: not sent)."""

    unit_id: int
    unit_name: str
    list_id: int | None
    code: str | None
    state: ListState | None
    rows: int


class VoteListQueries:
    """The reading side of :class:`~bot.services.vote_lists.VoteListService`."""

    _unregistered_blocks: bool

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        awards: tuple[Award, ...],
        zone: ZoneInfo,
        years: NominationSettings,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._awards = {a.code: a for a in awards}
        self._zone = zone
        self._years = years

    def unit_of(self, actor: MemberView, unit_id: int | None) -> int:
        """The unit a list is for: a head's own; the Office's choice.

        Raises:
            NotAllowed: Not a unit head (of that unit), nor the Office.
        """
        if actor.role in OFFICE:
            return unit_id if unit_id is not None else actor.unit.id
        if actor.role not in UNIT_HEADS or (unit_id not in (None, actor.unit.id)):
            raise errors.NotAllowed
        return actor.unit.id

    def year_choices(self) -> tuple[int, int]:
        """The years a list may be for, the one proposed first first (as for nominations)."""
        today = self._clock.now().astimezone(self._zone).date()
        first = self._years.default_year(today)
        return first, today.year if first != today.year else today.year - 1

    def today(self) -> date:
        """Today in the organisation's zone (a unit meeting is held on it or before)."""
        return self._clock.now().astimezone(self._zone).date()

    def check_year(self, year: int) -> None:
        """Refuse a year other than this one and the last."""
        if year not in self.year_choices():
            raise errors.InvalidVoteList

    def titles(self) -> tuple[tuple[Award, ...], tuple[Award, ...]]:
        """The annual emulation titles a list may propose (commendations are proposed one by
        one with /decu): for people, and for units."""
        annual = [
            a for a in self._awards.values() if Track.ANNUAL in a.tracks and a.kind == "title"
        ]
        return (
            tuple(a for a in annual if a.applies_to in ("individual", "both")),
            tuple(a for a in annual if a.applies_to in ("collective", "both")),
        )

    async def form(self, actor: MemberView, year: int, unit_id: int | None = None) -> ListForm:
        """The unit's active members with their registered titles, and the titles to choose."""
        unit = self.unit_of(actor, unit_id)
        self.check_year(year)
        async with self._sessions() as session:
            unit_name = await session.scalar(select(Unit.name).where(Unit.id == unit))
            if unit_name is None:
                raise errors.InvalidVoteList
            members = await session.execute(
                select(Member.id, Member.full_name, Member.position)
                .where(Member.unit_id == unit, Member.active.is_(True))
                .order_by(Member.full_name, Member.id)
            )
            registered: dict[int | None, list[str]] = {}
            for member_id, award in await session.execute(
                select(RegisteredTarget.member_id, RegisteredTarget.award_code).where(
                    RegisteredTarget.year == year, RegisteredTarget.unit_id == unit
                )
            ):
                registered.setdefault(member_id, []).append(award)
        individual, collective = self.titles()
        return ListForm(
            unit,
            unit_name,
            year,
            tuple(
                FormMember(m_id, name, position, tuple(registered.get(m_id, ())))
                for m_id, name, position in members
            ),
            tuple(registered.get(None, ())),
            individual,
            collective,
        )

    async def check(
        self, actor: MemberView, year: int, rows: Sequence[Row], unit_id: int | None = None
    ) -> tuple[RowView, ...]:
        """Each row with what the rules find, as sending it would judge it."""
        unit = self.unit_of(actor, unit_id)
        self.check_year(year)
        async with self._sessions() as session:
            current = await session.scalar(
                select(VoteList.id).where(VoteList.unit_id == unit, VoteList.year == year)
            )
            known = await facts.gather(
                session,
                unit,
                year,
                rows,
                unregistered_blocks=self._unregistered_blocks,
                outside_list=current,
            )
            wanted = {r.member_id for r in rows if r.member_id is not None}
            people = await names(session, wanted)
            unit_name = await session.scalar(select(Unit.name).where(Unit.id == unit)) or ""
        found = check_rows(rows, self._awards, known)
        return tuple(
            RowView(
                row,
                unit_name if row.member_id is None else people.get(row.member_id, "?"),
                award.name if (award := self._awards.get(row.award_code)) else row.award_code,
                problems,
            )
            for row, problems in zip(rows, found, strict=True)
        )

    async def current(
        self, actor: MemberView, year: int, unit_id: int | None = None
    ) -> VoteListView | None:
        """The unit's list for the year, if it was sent."""
        unit = self.unit_of(actor, unit_id)
        async with self._sessions() as session:
            voted = await session.scalar(
                select(VoteList).where(VoteList.unit_id == unit, VoteList.year == year)
            )
            return None if voted is None else await load(session, voted, self._awards)

    async def view(self, actor: MemberView, list_id: int) -> VoteListView:
        """A list with its rows, each checked again against the rules as they stand (the
        Office sees what fails now: a discipline recorded after the list was sent).

        Raises:
            NotAllowed: Neither the Office nor a head of the list's unit.
            VoteListNotFound: No such list.
        """
        async with self._sessions() as session:
            voted = await find(session, list_id)
            self.unit_of(actor, voted.unit_id)
            rows = list(
                await session.scalars(
                    select(Nomination).where(
                        Nomination.list_id == voted.id,
                        Nomination.state != NominationState.WITHDRAWN.value,
                    )
                )
            )
            as_rows = [Row(n.nominee_member_id, n.award_code, n.vote_share, n.basis) for n in rows]
            known = await facts.gather(
                session,
                voted.unit_id,
                voted.year,
                as_rows,
                unregistered_blocks=self._unregistered_blocks,
                outside_list=voted.id,
            )
            found = check_rows(as_rows, self._awards, known)
            checks = {n.id: problems for n, problems in zip(rows, found, strict=True)}
            return await load(session, voted, self._awards, checks)

    async def minutes(self, actor: MemberView, list_id: int) -> tuple[AttachmentView, ...]:
        """The minutes sent with a list (for the Office and the unit's heads).

        Raises:
            NotAllowed: Neither the Office nor a head of the list's unit.
            VoteListNotFound: No such list.
        """
        async with self._sessions() as session:
            voted = await find(session, list_id)
            self.unit_of(actor, voted.unit_id)
            found = await session.scalars(
                select(Attachment)
                .where(Attachment.entity == MINUTES, Attachment.entity_id == list_id)
                .order_by(Attachment.id)
            )
            return tuple(
                AttachmentView(a.id, a.channel, a.file_id, a.name, a.mime_type, a.size)
                for a in found
            )

    async def lists(self, actor: MemberView, year: int) -> tuple[UnitListStatus, ...]:
        """Every active unit and its list for the year (the Office's overview).

        Raises:
            NotAllowed: Not the Office.
        """
        if actor.role not in OFFICE:
            raise errors.NotAllowed
        async with self._sessions() as session:
            counts = (
                select(Nomination.list_id, func.count(Nomination.id).label("rows"))
                .where(Nomination.state != NominationState.WITHDRAWN.value)
                .group_by(Nomination.list_id)
                .subquery()
            )
            found = await session.execute(
                select(
                    Unit.id, Unit.name, VoteList.id, VoteList.code, VoteList.state, counts.c.rows
                )
                .outerjoin(VoteList, (VoteList.unit_id == Unit.id) & (VoteList.year == year))
                .outerjoin(counts, counts.c.list_id == VoteList.id)
                .where(Unit.active.is_(True))
                .order_by(Unit.name, Unit.id)
            )
            return tuple(
                UnitListStatus(
                    unit_id,
                    name,
                    list_id,
                    code,
                    ListState(state) if state else None,
                    rows or 0,
                )
                for unit_id, name, list_id, code, state, rows in found
            )
