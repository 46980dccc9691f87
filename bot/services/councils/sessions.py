"""A council's session (phiên họp, DESIGN §3.10): the Office opens it with the items under
review of the awards the council advises on; each seated member votes agree or disagree per
item; the Office closes it and each item's result follows the award's rule.

The rule (threshold, secret ballot) is copied onto each item when the session opens, so a change
of the catalogue does not change a vote under way. A member with a stake in an item — the
nominee, the nominator, a member of the nominee's unit — is not asked to vote on it. A vote is
final; a secret one stores only *that* the member voted, and the tally on the item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Award, Council
from bot.domain import NominationState
from bot.roles import OFFICE
from bot.services.common import MemberView, audit, is_postgres, next_number, require_role
from bot.services.councils.service import seats_of
from bot.services.councils.tally import Result, Tally, result
from bot.services.nominations import FLOW, TRANSITIONS, Action
from bot.services.workflow import Change
from models import Ballot, CouncilSeat, CouncilSession, Nomination, SessionItem

OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item of a session as a member sees it.

    Attributes:
        may_vote: The member is seated, has no stake in it and has not voted yet.
        voted: The member voted on it (how is not shown: secret ballots do not know).
    """

    item_id: int
    nomination_id: int
    code: str
    nominee_name: str
    award_name: str
    secret: bool
    may_vote: bool
    voted: bool


@dataclass(frozen=True, slots=True)
class ItemResult:
    """An item's tally and result when the session closed."""

    nomination_id: int
    code: str
    nominee_name: str
    tally: Tally
    threshold: float | None
    result: Result


@dataclass(frozen=True, slots=True)
class SessionView:
    """A session: its council, state and agenda size."""

    id: int
    code: str
    council_code: str
    title: str
    state: str
    items: int


def has_stake(member_id: int, member_unit: int, item: Nomination) -> bool:
    """The member is judged by the item, filed it, or sits in the nominee's unit."""
    return member_id in (item.nominee_member_id, item.nominator_id) or member_unit == item.unit_id


class SessionService:
    """Opening, voting in and closing council sessions."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        councils: tuple[Council, ...],
        awards: tuple[Award, ...],
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._zone = zone
        self._councils = {c.code: c for c in councils}
        self._awards = {a.code: a for a in awards}

    async def open(
        self, actor: MemberView, council_code: str, title: str, item_ids: Sequence[int]
    ) -> SessionView:
        """Open a session of an emulation council on nominations under review.

        Raises:
            NotAllowed: Only the Office and admins open sessions.
            UnknownCouncil: No emulation council has this code.
            NominationIllegalTransition: An item is not under review, or its award is not
                advised on by this council.
        """
        require_role(actor, OFFICE)
        council = self._councils.get(council_code)
        if council is None or council.kind != "emulation":
            raise errors.UnknownCouncil(code=council_code)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            rows = list(
                await session.scalars(select(Nomination).where(Nomination.id.in_(item_ids)))
            )
            if not rows or len(rows) != len(set(item_ids)):
                raise errors.NominationNotFound
            for row in rows:
                award = self._awards.get(row.award_code)
                if row.state != NominationState.UNDER_REVIEW or award is None:
                    raise errors.NominationIllegalTransition
                if award.council != council_code:
                    raise errors.NominationIllegalTransition
            year = now.astimezone(self._zone).year
            opened = CouncilSession(
                code=f"PH-{year}-{await next_number(session, f'PH-{year}'):03d}",
                council_code=council_code,
                title=" ".join(title.split())[:200],
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
                after={"items": [row.code for row in rows]},
            )
            return SessionView(opened.id, opened.code, council_code, opened.title, OPEN, len(rows))

    async def agenda(self, member: MemberView, session_id: int) -> tuple[AgendaItem, ...]:
        """The session's items, each saying whether the member may vote on it now.

        Raises:
            NotAllowed: The member is neither seated on the council nor of the Office.
            SessionNotFound: No such session.
        """
        async with self._sessions() as session:
            opened = await session.get(CouncilSession, session_id)
            if opened is None:
                raise errors.SessionNotFound
            seated = await _seated(session, opened.council_code, member.id)
            if not seated and member.role not in OFFICE:
                raise errors.NotAllowed
            rows = await session.execute(
                select(SessionItem, Nomination)
                .join(Nomination, Nomination.id == SessionItem.nomination_id)
                .where(SessionItem.session_id == session_id)
                .order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
            )
            mine = set(
                await session.scalars(
                    select(Ballot.item_id)
                    .join(SessionItem, SessionItem.id == Ballot.item_id)
                    .where(SessionItem.session_id == session_id, Ballot.member_id == member.id)
                )
            )
            return tuple(
                AgendaItem(
                    item.id,
                    row.id,
                    row.code,
                    row.nominee_name,
                    row.award_name,
                    item.secret,
                    may_vote=seated
                    and opened.state == OPEN
                    and item.id not in mine
                    and not has_stake(member.id, member.unit.id, row),
                    voted=item.id in mine,
                )
                for item, row in rows
            )

    async def vote(self, member: MemberView, item_id: int, *, agree: bool) -> None:
        """Cast the member's vote on one item; a vote is final.

        Raises:
            NotAllowed: The member is not seated on the session's council.
            OwnNomination: The member has a stake in the item.
            NominationAlreadyHandled: The session is closed, or the member already voted.
            NominationNotFound: No such item.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            found = (
                await session.execute(
                    select(SessionItem, CouncilSession, Nomination)
                    .join(CouncilSession, CouncilSession.id == SessionItem.session_id)
                    .join(Nomination, Nomination.id == SessionItem.nomination_id)
                    .where(SessionItem.id == item_id)
                )
            ).first()
            if found is None:
                raise errors.NominationNotFound
            item, opened, row = found
            if not await _seated(session, opened.council_code, member.id):
                raise errors.NotAllowed
            if has_stake(member.id, member.unit.id, row):
                raise errors.OwnNomination
            if opened.state != OPEN:
                raise errors.NominationAlreadyHandled
            if await session.scalar(
                select(Ballot.id).where(Ballot.item_id == item_id, Ballot.member_id == member.id)
            ):
                raise errors.NominationAlreadyHandled
            choice = None if item.secret else ("agree" if agree else "disagree")
            session.add(Ballot(item_id=item_id, member_id=member.id, choice=choice, cast_at=now))
            await session.flush()  # the unique ballot first: a second vote fails here
            column = SessionItem.agree if agree else SessionItem.disagree
            await session.execute(
                update(SessionItem)
                .where(SessionItem.id == item_id)
                .values({column.key: column + 1})
                .execution_options(synchronize_session=False)
            )

    async def close(self, actor: MemberView, session_id: int) -> tuple[ItemResult, ...]:
        """Close a session: tally each item against all the council's members, then move the
        passed items to the council's recommendation and the failed ones to rejected (with the
        tally as the reason); an item without a threshold waits for the Office.

        Raises:
            NotAllowed: Only the Office and admins close sessions.
            SessionNotFound: No such session.
            NominationAlreadyHandled: It is closed already.
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            query = select(CouncilSession).where(CouncilSession.id == session_id)
            if is_postgres(session):
                query = query.with_for_update()
            opened = await session.scalar(query)
            if opened is None:
                raise errors.SessionNotFound
            if opened.state != OPEN:
                raise errors.NominationAlreadyHandled
            members = len(await seats_of(session, opened.council_code))
            council = self._councils.get(opened.council_code)
            quorum = council.quorum if council else None
            opened.state, opened.closed_at, opened.members_total = CLOSED, now, members
            results = []
            rows = await session.execute(
                select(SessionItem, Nomination)
                .join(Nomination, Nomination.id == SessionItem.nomination_id)
                .where(SessionItem.session_id == session_id)
            )
            for item, row in rows:
                tally = Tally(item.agree, item.disagree, members)
                item.result = result(tally, item.threshold, quorum)
                await self._conclude(session, row, Result(item.result), tally, actor, now)
                results.append(
                    ItemResult(
                        row.id,
                        row.code,
                        row.nominee_name,
                        tally,
                        item.threshold,
                        Result(item.result),
                    )
                )
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="council.session_close",
                entity="council_session",
                entity_id=opened.code,
                after={r.code: r.result.value for r in results},
            )
            return tuple(results)

    async def _conclude(
        self,
        session: AsyncSession,
        row: Nomination,
        outcome: Result,
        tally: Tally,
        actor: MemberView,
        now: datetime,
    ) -> None:
        if outcome is Result.UNRULED or row.state != NominationState.UNDER_REVIEW:
            return
        action = Action.RECOMMEND if outcome is Result.PASSED else Action.REJECT
        reason = f"{tally.agree}/{tally.members}"
        change = Change.by(actor, now, reason)
        await FLOW.advance(session, row, TRANSITIONS[action], change)


async def _seated(session: AsyncSession, council_code: str, member_id: int) -> bool:
    found = await session.scalar(
        select(func.count())
        .select_from(CouncilSeat)
        .where(CouncilSeat.council_code == council_code, CouncilSeat.member_id == member_id)
    )
    return bool(found)
