"""A unit's year-end vote list (danh sách bình xét, issue 16 point 3): the head sends the
unit's proposals in one go — members × title and the unit's collective title, the share of
the meeting's votes each got, the minutes — after every row passed the checks of
``[awards.eligibility]``; the Office receives the list or returns it whole. Each row is a
nomination of the annual track, so the council, the public listing and the decision treat
it as any other; a single row is returned from its own screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config import NominationSettings
from bot.config_awards import Award
from bot.dialog_spec import Draft
from bot.domain import Track
from bot.roles import OFFICE
from bot.services.common import FileInfo, MemberView, audit, is_postgres, next_number
from bot.services.conversation import drafts
from bot.services.vote_lists import facts, rows_sync
from bot.services.vote_lists.eligibility import Problem, Row, check_rows
from bot.services.vote_lists.notices import VoteListNotices
from bot.services.vote_lists.queries import VoteListQueries
from bot.services.vote_lists.records import ListState, Meeting, VoteListView, find, load
from bot.texts import Texts
from models import Unit, VoteList

#: The most rows one list takes (a department of a few thousand people sends several).
MAX_ROWS = 5_000


class VoteListService(VoteListQueries):
    """Sending, receiving and returning units' vote lists."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        *,
        awards: tuple[Award, ...],
        zone: ZoneInfo,
        years: NominationSettings,
        unregistered_blocks: bool,
    ) -> None:
        super().__init__(sessions, clock, awards=awards, zone=zone, years=years)
        self._texts = texts
        self._notices = VoteListNotices(texts)
        self._award_names = {code: a.name for code, a in self._awards.items()}
        self._unregistered_blocks = unregistered_blocks

    async def submit(
        self,
        actor: MemberView,
        year: int,
        rows: Sequence[Row],
        meeting: Meeting,
        minutes: Sequence[FileInfo],
        *,
        unit_id: int | None = None,
        dialog: Draft | None = None,
        seen_version: int | None = None,
    ) -> VoteListView:
        """Send the unit's list (or send a returned one again, in its place); with
        ``seen_version`` (the web table), only if the list is still the one the head saw.

        Raises:
            NotAllowed: Not a head of the unit, nor the Office.
            InvalidVoteList: A row names a title, person or share that cannot be, the year is
                neither this year nor the last, or the meeting is in the future.
            VoteListLocked: The unit's list for the year is already sent and not returned.
            VoteListNotEligible: Rows fail the rules (``count``).
            VoteListChanged: The list is not at ``seen_version`` any more.
        """
        unit = self.unit_of(actor, unit_id)
        self.check_year(year)
        self._check_rows(rows)
        now = self._clock.now()
        if meeting.held_on > now.astimezone(self._zone).date() or meeting.attendees < 1:
            raise errors.InvalidVoteList
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            voted = await self._lock(session, unit, year)
            if seen_version is not None and (voted is None or voted.version != seen_version):
                raise errors.VoteListChanged
            if voted is not None and voted.state != ListState.RETURNED:
                raise errors.VoteListLocked(code=voted.code)
            known = await facts.gather(
                session,
                unit,
                year,
                rows,
                unregistered_blocks=self._unregistered_blocks,
                outside_list=voted.id if voted else None,
            )
            _refuse_strangers(rows, known.people)
            failing = sum(1 for found in check_rows(rows, self._awards, known) if _blocks(found))
            if failing:
                raise errors.VoteListNotEligible(count=failing)
            if voted is None:
                voted = await self._create(session, actor, unit, year, now)
            before = voted.state
            voted.state, voted.submitted_at, voted.return_reason = ListState.SUBMITTED, now, ""
            voted.meeting_on, voted.attendees = meeting.held_on, meeting.attendees
            voted.version += 1
            await rows_sync.replace(
                session, voted, rows, actor, now, self._summary(voted), self._award_names
            )
            await rows_sync.attach_minutes(session, voted.id, minutes, now)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="vote_list.submit",
                entity="vote_list",
                entity_id=voted.code,
                before={"state": before} if before != ListState.SUBMITTED else None,
                after={"rows": len(rows), "state": ListState.SUBMITTED.value},
            )
            await drafts.close(session, dialog, "dialog.done.vote_list", at=now, code=voted.code)
            view = await load(session, voted, self._awards)
            await self._notices.submitted(session, view, now)
            return view

    def _check_rows(self, rows: Sequence[Row]) -> None:
        if not rows or len(rows) > MAX_ROWS:
            raise errors.InvalidVoteList
        if len({(r.member_id, r.award_code) for r in rows}) != len(rows):
            raise errors.InvalidVoteList
        for row in rows:
            award = self._awards.get(row.award_code)
            fits = ("collective", "both") if row.member_id is None else ("individual", "both")
            if award is None or award.kind != "title" or Track.ANNUAL not in award.tracks:
                raise errors.InvalidVoteList
            if award.applies_to not in fits:
                raise errors.InvalidVoteList
            if row.vote_share is not None and not 0 <= row.vote_share <= 1:
                raise errors.InvalidVoteList
            if row.basis not in (None, "initiative", "excellent", "research"):
                raise errors.InvalidVoteList

    async def _lock(self, session: AsyncSession, unit: int, year: int) -> VoteList | None:
        query = select(VoteList).where(VoteList.unit_id == unit, VoteList.year == year)
        if is_postgres(session):
            query = query.with_for_update()
        return await session.scalar(query)

    async def _create(
        self, session: AsyncSession, actor: MemberView, unit: int, year: int, now: datetime
    ) -> VoteList:
        if await session.get(Unit, unit) is None:
            raise errors.InvalidVoteList
        voted = VoteList(
            code=f"BX-{year}-{await next_number(session, f'BX-{year}'):03d}",
            year=year,
            unit_id=unit,
            state=ListState.SUBMITTED,
            created_by=actor.id,
            created_at=now,
            version=0,
        )
        session.add(voted)
        await session.flush()
        return voted

    def _summary(self, voted: VoteList) -> str:
        return self._texts.t("vote_list.row_summary", code=voted.code, year=voted.year)

    async def receive(self, actor: MemberView, list_id: int, seen_version: int) -> VoteListView:
        """The Office takes the list in: its sent rows become received.

        Raises:
            NotAllowed: Not the Office.
            VoteListNotFound: No such list.
            VoteListChanged: The list changed since the Office saw it (``seen_version``).
        """
        require_office(actor)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            voted = await self._guarded(session, list_id, seen_version, ListState.SUBMITTED)
            voted.state = ListState.RECEIVED
            voted.version += 1
            await rows_sync.receive(session, voted, actor, now)
            self._audit(session, actor, voted, "vote_list.receive", now)
            view = await load(session, voted, self._awards)
            await self._notices.received(session, view, now, skip=actor.id)
            return view

    async def return_list(
        self, actor: MemberView, list_id: int, reason: str, seen_version: int
    ) -> VoteListView:
        """The Office returns the whole list with a reason; its rows are returned with it.

        Raises:
            NotAllowed: Not the Office.
            VoteListNotFound: No such list.
            VoteListChanged: The list changed since the Office saw it.
            ReasonRequired: No reason given.
        """
        require_office(actor)
        reason = " ".join(reason.split())[:1000]
        if not reason:
            raise errors.ReasonRequired
        now = self._clock.now()
        async with self._sessions.begin() as session:
            voted = await self._guarded(session, list_id, seen_version, None)
            voted.state, voted.return_reason = ListState.RETURNED, reason
            voted.version += 1
            await rows_sync.return_all(session, voted, actor, now, reason)
            self._audit(session, actor, voted, "vote_list.return", now, reason)
            view = await load(session, voted, self._awards)
            await self._notices.returned(session, view, now, skip=actor.id)
            return view

    async def _guarded(
        self,
        session: AsyncSession,
        list_id: int,
        seen_version: int,
        state: ListState | None,
    ) -> VoteList:
        voted = await find(session, list_id)
        if voted.version != seen_version or voted.state == ListState.RETURNED:
            raise errors.VoteListChanged
        if state is not None and voted.state != state:
            raise errors.VoteListChanged
        return voted

    def _audit(
        self,
        session: AsyncSession,
        actor: MemberView,
        voted: VoteList,
        action: str,
        now: datetime,
        reason: str = "",
    ) -> None:
        audit.record(
            session,
            at=now,
            actor=audit.Actor(actor.full_name, actor.id),
            action=action,
            entity="vote_list",
            entity_id=voted.code,
            after={"state": voted.state, **({"reason": reason} if reason else {})},
        )


def require_office(actor: MemberView) -> None:
    """Refuse anyone but the Office and admins."""
    if actor.role not in OFFICE:
        raise errors.NotAllowed


def _blocks(found: Sequence[Problem]) -> bool:
    return any(p.blocking for p in found)


def _refuse_strangers(rows: Sequence[Row], people: Mapping[int, object]) -> None:
    """A member row names an active member of the unit."""
    if any(r.member_id is not None and r.member_id not in people for r in rows):
        raise errors.InvalidVoteList
