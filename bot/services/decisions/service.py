"""The competent authority's decision (DESIGN §3.10): the Office records a decision on the items
the council recommended, or the Tờ trình sending them up and later the higher level's result;
and cancels an award (hủy bỏ quyết định khen thưởng).

Only a recorded decision awards: it writes the ledger's points, tells the people concerned and
publishes the result. Each public method is one transaction; the items are moved with the
nominations' guarded step, so a decision over a list someone changed meanwhile is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Authority, Award
from bot.config_organisation import ChatTarget
from bot.dialog_spec import Draft
from bot.domain import NominationState
from bot.roles import OFFICE
from bot.services.common import MemberView, audit, is_postgres, require_role
from bot.services.conversation import drafts
from bot.services.decisions.notices import DecisionNotices
from bot.services.decisions.records import (
    DecidedItem,
    DecisionView,
    Grantor,
    Kind,
    Outcome,
    Pending,
    PendingItem,
    Signed,
    grantor,
)
from bot.services.delivery import OutboxService
from bot.services.nominations import (
    FLOW,
    TRANSITIONS,
    Action,
    NominationView,
    may_act,
    write_ledger,
)
from bot.services.workflow import Change
from models import Decision, DecisionItem, Nomination, Unit

_ENTITY = "decision"


class DecisionService:
    """Recording decisions and Tờ trình on nominations, and cancelling awards."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        outbox_service: OutboxService,
        notices: DecisionNotices,
        *,
        awards: tuple[Award, ...],
        authorities: tuple[Authority, ...],
        merit_tracks: frozenset[str],
        announcement_chat: ChatTarget | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._outbox = outbox_service
        self._notices = notices
        self._awards = {award.code: award for award in awards}
        self._authorities = authorities
        self._merit = merit_tracks
        self._chat = announcement_chat

    def grantor(self, award_code: str) -> Grantor:
        """Who grants the award (the organisation's head for one not in the catalogue)."""
        award = self._awards.get(award_code)
        return grantor(award, self._authorities, self._notices.head)

    async def pending(self, actor: MemberView) -> tuple[Pending, ...]:
        """What waits for the Office: recommended items per award and year, then each Tờ
        trình with items still waiting for the higher level's result.

        Raises:
            NotAllowed: Only the Office and admins record decisions.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            recommended = await session.execute(
                select(
                    Nomination.award_code,
                    func.max(Nomination.award_name),
                    Nomination.year,
                    func.count(),
                )
                .where(Nomination.state == NominationState.RECOMMENDED)
                .group_by(Nomination.award_code, Nomination.year)
                .order_by(Nomination.year, Nomination.award_code)
            )
            groups = [
                Pending(code, name, year, self.grantor(code), count)
                for code, name, year, count in recommended
            ]
            sent = await session.execute(
                select(
                    Decision.id,
                    Decision.number,
                    Decision.award_code,
                    func.max(Nomination.award_name),
                    func.min(Nomination.year),
                    func.count(),
                )
                .join(DecisionItem, DecisionItem.decision_id == Decision.id)
                .join(Nomination, Nomination.id == DecisionItem.nomination_id)
                .where(
                    Decision.kind == Kind.SUBMISSION, Nomination.state == NominationState.SENT_UP
                )
                .group_by(Decision.id, Decision.number, Decision.award_code)
                .order_by(Decision.id)
            )
            groups += [
                Pending(code, name, year, self.grantor(code), count, submission, number)
                for submission, number, code, name, year, count in sent
            ]
        return tuple(groups)

    async def items(
        self, actor: MemberView, award_code: str, year: int, submission_id: int | None = None
    ) -> tuple[PendingItem, ...]:
        """The items of one pending group, by unit and name (as a decision lists them).

        Raises:
            NotAllowed: Only the Office and admins record decisions.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            rows = await _waiting(session, award_code, year, submission_id, lock=False)
            units = await _unit_names(session, rows)
        return tuple(PendingItem(n.id, n.code, n.nominee_name, units[n.unit_id]) for n in rows)

    async def record(
        self,
        actor: MemberView,
        award_code: str,
        year: int,
        signed: Signed,
        expected: Sequence[int],
        *,
        dialog: Draft | None = None,
    ) -> DecisionView:
        """Record the act on the items the council recommended for an award in a year: the
        decision when the award is granted here (the items are awarded), otherwise the Tờ
        trình sending them up.

        ``expected`` are the items the Office saw; if the waiting items differ, nothing is
        recorded.

        Raises:
            NotAllowed: Only the Office and admins record decisions.
            InvalidDecision: The number, signer or date is not acceptable.
            NothingToDecide: No item waits any more.
            DecisionListChanged: The items waiting are not those expected.
            DecisionNumberTaken: The number is already recorded.
        """
        require_role(actor, OFFICE)
        who = self.grantor(award_code)
        kind = Kind.DECISION if who.decides_here else Kind.SUBMISSION
        outcome = Outcome.AWARDED if who.decides_here else Outcome.SENT_UP
        now = self._clock.now()
        signed = signed.checked(self._today(now))
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            rows = await _waiting(session, award_code, year, None, lock=True)
            _same(rows, expected)
            decision = await self._add(session, kind, signed, who, award_code, actor, now)
            outcomes = {row.id: outcome for row in rows}
            view = await self._apply(session, decision, rows, outcomes, actor, now)
            await self._close(session, dialog, view, now, actor)
        self._outbox.notify()
        return view

    async def record_result(
        self,
        actor: MemberView,
        submission_id: int,
        signed: Signed,
        not_awarded: frozenset[int],
        expected: Sequence[int],
        *,
        dialog: Draft | None = None,
    ) -> DecisionView:
        """Record the higher level's decision on a Tờ trình: every item waiting on it is
        awarded except those in ``not_awarded``.

        Raises:
            NotAllowed: Only the Office and admins record decisions.
            InvalidDecision: The number, signer or date is not acceptable.
            NothingToDecide: No item of the Tờ trình waits any more.
            DecisionListChanged: The items waiting are not those expected.
            DecisionNumberTaken: The number is already recorded.
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        signed = signed.checked(self._today(now))
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            submission = await session.get(Decision, submission_id)
            if submission is None or submission.kind != Kind.SUBMISSION:
                raise errors.NothingToDecide
            year = await session.scalar(
                select(func.min(Nomination.year))
                .join(DecisionItem, DecisionItem.nomination_id == Nomination.id)
                .where(DecisionItem.decision_id == submission_id)
            )
            rows = await _waiting(
                session, submission.award_code, year or 0, submission_id, lock=True
            )
            _same(rows, expected)
            who = Grantor(submission.authority_code, submission.authority_name, decides_here=False)
            decision = await self._add(
                session, Kind.DECISION, signed, who, submission.award_code, actor, now
            )
            decision.submission_id = submission_id
            outcomes = {
                row.id: Outcome.NOT_AWARDED if row.id in not_awarded else Outcome.AWARDED
                for row in rows
            }
            view = await self._apply(session, decision, rows, outcomes, actor, now)
            await self._close(session, dialog, view, now, actor)
        self._outbox.notify()
        return view

    async def cancel(
        self,
        actor: MemberView,
        item_id: int,
        reason: str,
        *,
        recovered: bool,
        seen_version: int | None = None,
        dialog: Draft | None = None,
    ) -> NominationView:
        """Cancel an award (hủy bỏ quyết định khen thưởng): its points are taken back, and the
        nominator, the nominee and the Office are told why and whether the reward is recovered.

        Raises:
            NotAllowed: Only the Office and admins cancel awards.
            OwnNomination: The actor has a stake in the nomination.
            ReasonRequired: No reason was given.
            NominationNotFound: No such nomination.
            NominationAlreadyHandled: It changed after the actor saw it.
            NominationIllegalTransition: It is not awarded.
        """
        require_role(actor, OFFICE)
        step, reason = FLOW.step(Action.REVOKE, reason)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            may_act(step, actor, item)  # nobody cancels an award they have a stake in
            await FLOW.advance(
                session, item, step, Change.by(actor, now, reason), seen_version=seen_version
            )
            award = await session.scalar(
                select(DecisionItem)
                .join(Decision, Decision.id == DecisionItem.decision_id)
                .where(
                    DecisionItem.nomination_id == item.id,
                    DecisionItem.outcome == Outcome.AWARDED,
                    DecisionItem.cancelled_at.is_(None),
                )
                .order_by(Decision.recorded_at.desc())
                .limit(1)
            )
            if award is not None:
                award.cancelled_at, award.cancel_reason, award.recovered = now, reason, recovered
            await write_ledger(session, item, now, self._merit)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="decision.cancel",
                entity="nomination",
                entity_id=item.code,
                after={"reason": reason, "recovered": recovered},
            )
            view = await self._notices.cancelled(
                session, item.id, reason, now, actor, recovered=recovered
            )
            done = "dialog.done.again.nomination_review"
            await drafts.close(session, dialog, done, at=now, code=item.code)
        self._outbox.notify()
        return view

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._notices.zone).date()

    async def _add(
        self,
        session: AsyncSession,
        kind: Kind,
        signed: Signed,
        who: Grantor,
        award_code: str,
        actor: MemberView,
        now: datetime,
    ) -> Decision:
        taken = await session.scalar(
            select(Decision.id).where(Decision.kind == kind, Decision.number == signed.number)
        )
        if taken is not None:
            raise errors.DecisionNumberTaken(number=signed.number)
        decision = Decision(
            kind=kind,
            number=signed.number,
            signed_on=signed.signed_on,
            signer=signed.signer,
            authority_code=who.code,
            authority_name=who.name,
            award_code=award_code,
            recorded_by=actor.id,
            recorded_at=now,
        )
        session.add(decision)
        await session.flush()
        return decision

    async def _apply(
        self,
        session: AsyncSession,
        decision: Decision,
        rows: Sequence[Nomination],
        outcomes: dict[int, Outcome],
        actor: MemberView,
        now: datetime,
    ) -> DecisionView:
        change = Change.by(actor, now)
        steps = {
            Outcome.AWARDED: TRANSITIONS[Action.AWARD],
            Outcome.NOT_AWARDED: TRANSITIONS[Action.NOT_AWARD],
            Outcome.SENT_UP: TRANSITIONS[Action.SEND_UP],
        }
        for row in rows:
            await FLOW.advance(session, row, steps[outcomes[row.id]], change)
            session.add(
                DecisionItem(
                    decision_id=decision.id,
                    nomination_id=row.id,
                    outcome=outcomes[row.id],
                    cancel_reason="",
                )
            )
            await write_ledger(session, row, now, self._merit)
        units = await _unit_names(session, rows)
        award = self._awards.get(decision.award_code)
        view = DecisionView(
            id=decision.id,
            kind=Kind(decision.kind),
            number=decision.number,
            signed_on=decision.signed_on,
            signer=decision.signer,
            authority=decision.authority_name,
            award_code=decision.award_code,
            award_name=award.name if award else rows[0].award_name,
            items=tuple(
                DecidedItem(r.id, r.code, r.nominee_name, units[r.unit_id], outcomes[r.id])
                for r in rows
            ),
        )
        audit.record(
            session,
            at=now,
            actor=audit.Actor(actor.full_name, actor.id),
            action=f"{_ENTITY}.{view.kind}",
            entity=_ENTITY,
            entity_id=view.number,
            after={"items": [item.code for item in view.items]},
        )
        return view

    async def _close(
        self,
        session: AsyncSession,
        dialog: Draft | None,
        view: DecisionView,
        now: datetime,
        actor: MemberView,
    ) -> None:
        await self._notices.decided(session, view, now, self._chat, skip=actor.id)
        await drafts.close(session, dialog, "dialog.done.decision", at=now, code=view.number)


async def _waiting(
    session: AsyncSession, award_code: str, year: int, submission_id: int | None, *, lock: bool
) -> list[Nomination]:
    query = select(Nomination).where(Nomination.award_code == award_code)
    if submission_id is None:
        query = query.where(
            Nomination.year == year, Nomination.state == NominationState.RECOMMENDED
        )
    else:
        query = query.join(DecisionItem, DecisionItem.nomination_id == Nomination.id).where(
            DecisionItem.decision_id == submission_id,
            Nomination.state == NominationState.SENT_UP,
        )
    query = query.order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
    if lock and is_postgres(session):
        query = query.with_for_update(of=Nomination)
    return list(await session.scalars(query))


def _same(rows: Sequence[Nomination], expected: Sequence[int]) -> None:
    if not rows:
        raise errors.NothingToDecide
    if {row.id for row in rows} != set(expected):
        raise errors.DecisionListChanged


async def _unit_names(session: AsyncSession, rows: Sequence[Nomination]) -> dict[int, str]:
    wanted = {row.unit_id for row in rows}
    if not wanted:
        return {}
    found = await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted)))
    return dict(found.all())
