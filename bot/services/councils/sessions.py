"""A council's session (phiên họp, DESIGN §3.10): the Office opens it with the items under
review of the awards the council advises on; each seated member votes agree or disagree per
item; the Office closes it and each item's result follows the award's rule.

The rule (threshold, secret ballot) is copied onto each item when the session opens, so a change
of the catalogue does not change a vote under way. A member with a stake in an item — the
nominee, the nominator, a member of the nominee's unit — is not asked to vote on it. A vote is
final; a secret one stores only *that* the member voted, and the tally on the item; its audit
entry keeps no choice either. Opening tells every seated member, closing tells the council,
the Office and each nominator, through the outbox once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Award, Council
from bot.dialog_spec import Draft
from bot.roles import OFFICE
from bot.services.common import MemberView, audit, is_postgres, next_number, require_role
from bot.services.conversation import drafts
from bot.services.councils.session_notices import SessionNotices
from bot.services.councils.session_queries import SessionQueries
from bot.services.councils.session_rows import (
    LockFor,
    ballots_of,
    items_of,
    load_session,
    seat_units,
    seated,
)
from bot.services.councils.session_steps import (
    agenda_rows,
    cast,
    conclude,
    record_results,
    tally_items,
)
from bot.services.councils.session_views import (
    CLOSED,
    OPEN,
    TITLE_MAX,
    TITLE_MIN,
    ItemResult,
    SessionView,
    has_stake,
)
from bot.services.councils.tally import Result
from bot.services.delivery import OutboxService
from bot.texts import Texts
from models import Ballot, CouncilSession, Nomination, SessionItem


class SessionService(SessionQueries):
    """Opening, voting in and closing council sessions (and reading them: the queries)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        councils: tuple[Council, ...],
        awards: tuple[Award, ...],
        zone: ZoneInfo,
    ) -> None:
        super().__init__(sessions, clock, councils=councils, awards=awards, zone=zone)
        self._outbox = outbox_service
        self._notices = SessionNotices(texts)

    async def open(
        self,
        actor: MemberView,
        council_code: str,
        title: str,
        item_ids: Sequence[int],
        *,
        dialog: Draft | None = None,
    ) -> SessionView:
        """Open a session of an emulation council on nominations under review and tell each
        seated member; the view says how many were told.

        Raises:
            NotAllowed: Only the Office and admins open sessions.
            UnknownCouncil: No emulation council has this code.
            InvalidSessionTitle: The title is shorter or longer than allowed.
            NominationNotFound: An item does not exist.
            SessionListChanged: An item is not under review, its award is not advised on by
                this council, or it is on another open session.
            CouncilEmpty: Nobody is seated on the council.
        """
        require_role(actor, OFFICE)
        self._emulation(council_code)
        title = " ".join(title.split())
        if not TITLE_MIN <= len(title) <= TITLE_MAX:
            raise errors.InvalidSessionTitle
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            rows = await agenda_rows(session, self._awards, council_code, item_ids)
            seats = await seat_units(session, council_code)
            if not seats:
                raise errors.CouncilEmpty
            year = now.astimezone(self._zone).year
            opened = CouncilSession(
                code=f"PH-{year}-{await next_number(session, f'PH-{year}'):03d}",
                council_code=council_code,
                title=title,
                state=OPEN,
                opened_by=actor.id,
                opened_at=now,
            )
            session.add(opened)
            await session.flush()
            session.add_all(
                SessionItem(
                    session_id=opened.id,
                    nomination_id=row.id,
                    threshold=self._awards[row.award_code].vote_threshold,
                    secret=self._awards[row.award_code].secret_vote,
                    agree=0,
                    disagree=0,
                    result=Result.OPEN,
                )
                for row in rows
            )
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="council.session_open",
                entity="council_session",
                entity_id=opened.code,
                after={"title": title, "items": [row.code for row in rows]},
            )
            view = self._view(opened, len(rows))
            told = await self._notices.opened(session, view, rows, seats, now)
            await drafts.close(session, dialog, "council.session.done", at=now, code=opened.code)
        self._outbox.notify()
        return replace(view, told=told)

    async def vote(self, member: MemberView, item_id: int, *, agree: bool) -> None:
        """Cast the member's vote on one item; a vote is final.

        Raises:
            NominationNotFound: No such item.
            NotSeated: The member is not seated on the session's council.
            OwnNomination: The member has a stake in the item.
            SessionClosed: The session is closed.
            AlreadyVoted: The member already voted on it.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            query = (
                select(SessionItem, CouncilSession, Nomination)
                .join(CouncilSession, CouncilSession.id == SessionItem.session_id)
                .join(Nomination, Nomination.id == SessionItem.nomination_id)
                .where(SessionItem.id == item_id)
            )
            if is_postgres(session):  # a close waits for the vote, or the vote sees it closed
                query = query.with_for_update(read=True, of=CouncilSession)
            found = (await session.execute(query)).first()
            if found is None:
                raise errors.NominationNotFound
            item, opened, row = found
            if not await seated(session, opened.council_code, member.id):
                raise errors.NotSeated
            if has_stake(member.id, member.unit.id, row):
                raise errors.OwnNomination
            if opened.state != OPEN:
                raise errors.SessionClosed
            if await session.scalar(
                select(Ballot.id).where(Ballot.item_id == item_id, Ballot.member_id == member.id)
            ):
                raise errors.AlreadyVoted
            await cast(session, opened, [(item, row)], member, now, agree=agree)

    async def vote_all(self, member: MemberView, session_id: int) -> int:
        """Agree on every item of the session the member may still vote on (no stake, not
        voted yet); return how many votes were cast.

        Raises:
            SessionNotFound: No such session.
            NotSeated: The member is not seated on the session's council.
            SessionClosed: The session is closed.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            opened = await load_session(session, session_id, lock=LockFor.VOTE)
            if not await seated(session, opened.council_code, member.id):
                raise errors.NotSeated
            if opened.state != OPEN:
                raise errors.SessionClosed
            rows = await items_of(session, [session_id])
            voted = await ballots_of(session, member.id, [item.id for item, _ in rows])
            free = [
                (item, row)
                for item, row in rows
                if item.id not in voted and not has_stake(member.id, member.unit.id, row)
            ]
            await cast(session, opened, free, member, now, agree=True)
            return len(free)

    async def vote_many(
        self, member: MemberView, session_id: int, choices: Mapping[int, bool]
    ) -> int:
        """Cast the member's votes on several items of one session at once (item id → agree),
        all or none: the web page's ballot. Each vote is the same as :meth:`vote`'s.

        Raises:
            SessionNotFound: No such session.
            NotSeated: The member is not seated on the session's council.
            OwnNomination: The member has a stake in one of the items.
            SessionClosed: The session is closed.
            SessionListChanged: An item is not on this session.
            AlreadyVoted: The member already voted on one of them.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            opened = await load_session(session, session_id, lock=LockFor.VOTE)
            if not await seated(session, opened.council_code, member.id):
                raise errors.NotSeated
            if opened.state != OPEN:
                raise errors.SessionClosed
            rows = {item.id: (item, row) for item, row in await items_of(session, [session_id])}
            if any(item_id not in rows for item_id in choices):
                raise errors.SessionListChanged
            if any(has_stake(member.id, member.unit.id, rows[i][1]) for i in choices):
                raise errors.OwnNomination
            if await ballots_of(session, member.id, list(choices)):
                raise errors.AlreadyVoted
            for agree in (True, False):
                chosen = [rows[i] for i, choice in choices.items() if choice is agree]
                await cast(session, opened, chosen, member, now, agree=agree)
            return len(choices)

    async def close(self, actor: MemberView, session_id: int) -> tuple[ItemResult, ...]:
        """Close a session: tally each item against all the council's members, move the passed
        items to the council's recommendation and the failed ones to rejected (with the tally
        as the reason); an item without a threshold waits for the Office, one without the
        quorum stays under review for another session. The council's members, the Office and
        each concluded item's nominator are told.

        Raises:
            NotAllowed: Only the Office and admins close sessions.
            SessionNotFound: No such session.
            SessionClosed: It is closed already.
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            opened = await load_session(session, session_id, lock=LockFor.CLOSE)
            if opened.state != OPEN:
                raise errors.SessionClosed
            seats = await seat_units(session, opened.council_code)
            council = self._councils.get(opened.council_code)
            quorum = council.quorum if council else None
            opened.state, opened.closed_at, opened.members_total = CLOSED, now, len(seats)
            results, outcomes = await tally_items(
                session, session_id, len(seats), quorum, self._notices.reason
            )
            await record_results(session, [(row.item_id, out) for row, out, _ in outcomes])
            concluded = await conclude(session, outcomes, actor, now, opened.code)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="council.session_close",
                entity="council_session",
                entity_id=opened.code,
                after={r.code: r.result.value for r in results},
            )
            view = self._view(opened, len(results))
            await self._notices.closed(session, view, results, seats, now)
            await self._notices.concluded(session, concluded, now)
        self._outbox.notify()
        return tuple(results)

    def summary(self, view: SessionView, results: Sequence[ItemResult]) -> str:
        """The results of a closed session as the council and the Office are told them."""
        return self._notices.summary(view, results)
