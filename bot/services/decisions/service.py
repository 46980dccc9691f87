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
from bot.services.common import MemberView, audit, require_role
from bot.services.conversation import drafts
from bot.services.decisions import rows as rows_of
from bot.services.decisions.notices import DecisionNotices
from bot.services.decisions.records import (
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
    Action,
    NominationView,
    may_act,
    write_ledger,
)
from bot.services.workflow import Change
from models import Decision, DecisionItem, Nomination


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
            rows = await rows_of.waiting(session, award_code, year, submission_id, lock=False)
            units = await rows_of.unit_names(session, rows)
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
            rows = await rows_of.waiting(session, award_code, year, None, lock=True)
            rows_of.same(rows, expected)
            decision = await rows_of.add_decision(
                session, kind, signed, who, award_code, actor, now
            )
            outcomes = {row.id: outcome for row in rows}
            view = await rows_of.apply(
                session,
                decision,
                rows,
                outcomes,
                actor,
                now,
                awards=self._awards,
                merit_tracks=self._merit,
            )
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
            rows = await rows_of.waiting(
                session, submission.award_code, year or 0, submission_id, lock=True
            )
            rows_of.same(rows, expected)
            who = Grantor(submission.authority_code, submission.authority_name, decides_here=False)
            decision = await rows_of.add_decision(
                session, Kind.DECISION, signed, who, submission.award_code, actor, now
            )
            decision.submission_id = submission_id
            outcomes = {
                row.id: Outcome.NOT_AWARDED if row.id in not_awarded else Outcome.AWARDED
                for row in rows
            }
            view = await rows_of.apply(
                session,
                decision,
                rows,
                outcomes,
                actor,
                now,
                awards=self._awards,
                merit_tracks=self._merit,
            )
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

    def today(self) -> date:
        """Today in the organisation's zone: a decision is recorded once signed, never later."""
        return self._today(self._clock.now())

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._notices.zone).date()

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
