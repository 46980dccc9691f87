"""Moving initiatives through their review: the Office's steps, the council's conclusion and
the head's decision that recognises an initiative (Decree 13/2012 Art. 8).

A transition is the kernel's guarded step (:class:`bot.services.workflow.Workflow`):
two reviewers pressing at once cannot both win, the second is told it was already handled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_initiatives import DEFAULT_CERTIFICATE_FORMAT
from bot.dates import day_text
from bot.dialog_spec import Draft
from bot.domain import InitiativeState
from bot.services.common import MemberView, Signed, audit, next_number
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.initiatives.evaluation import seat_of
from bot.services.initiatives.follow_ups import notify_authors, write_events
from bot.services.initiatives.records import (
    InitiativeView,
    load_view,
)
from bot.services.initiatives.workflow import (
    DECISION_ACTIONS,
    FLOW,
    TRANSITIONS,
    Action,
    initiative_stake,
)
from bot.services.workflow import Change, Transition, require
from bot.texts import Texts
from models import ConditionMark, Initiative, InitiativeAuthor, ScoreEvent

#: Ledger kinds written when an item reaches a state.
EVENTS = {
    InitiativeState.RECOGNIZED: "initiative_recognized",
    InitiativeState.APPLIED: "initiative_applied",
}


class ReviewService:
    """Transitions of initiatives, the council's conclusion and the head's decision."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        zone: ZoneInfo,
        certificate_format: str = DEFAULT_CERTIFICATE_FORMAT,
        initiative_councils: tuple[str, ...] = (),
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._zone = zone
        self._certificate = certificate_format
        self._councils = initiative_councils

    async def act(
        self,
        actor: MemberView,
        item_id: int,
        action: Action,
        *,
        reason: str = "",
        seen_version: int | None = None,
        dialog: Draft | None = None,
    ) -> InitiativeView:
        """Take ``action`` on an item, if the actor's role and the item's state allow it.

        Raises:
            NotAllowed: The actor's role (or authorship) does not allow the action.
            OwnInitiative: The actor would judge an initiative they are an author of.
            IllegalTransition: The item is in a state the action does not start from.
            AlreadyHandled: Someone changed the item after the actor saw it.
            ReasonRequired: The action needs a reason and none was given.
            DecisionRequired: Recognising needs the head's decision (:meth:`recognize`).
            NotEvaluated: A conclusion is recorded before any council member evaluated.
        """
        if action in DECISION_ACTIONS:
            raise errors.DecisionRequired
        step, reason = FLOW.step(action, reason)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            await _check(session, step, actor, item.id, item.author_id)
            values = await _conclusion(session, action, item, actor, reason, now)
            change = Change.by(actor, now, reason)
            await FLOW.advance(
                session, item, step, change, seen_version=seen_version, values=values
            )
            await self._ledger(session, item, now)
            view = await load_view(session, item.id)
            seat = await seat_of(session, actor.id, self._councils)
            skip = actor.id if step.by_author else None
            await notify_authors(session, self._texts, view, item.state, reason, now, skip=skip)
            done = "dialog.done.again.review"
            await drafts.close(session, dialog, done, at=now, code=view.code)
        self._outbox.notify()
        return replace(view, viewer_seat=seat)

    async def recognize(
        self,
        actor: MemberView,
        item_id: int,
        signed: Signed,
        *,
        seen_version: int | None = None,
        dialog: Draft | None = None,
    ) -> InitiativeView:
        """Record the head's decision recognising an initiative the council concluded "đạt":
        it gives the certificate number (``[initiatives] certificate_format``, counted per
        year of the decision), writes the ledger's points and tells the authors.

        Raises:
            InvalidDecision: The number, signer or date is not acceptable.
            NotAllowed: Only the Office and admins record the head's decision.
            OwnInitiative: The actor is an author of the initiative.
            IllegalTransition: The council has not concluded "đạt" on it.
            AlreadyHandled: Someone changed the item after the actor saw it.
        """
        step = TRANSITIONS[Action.RECOGNIZE]
        now = self._clock.now()
        signed = signed.checked(now.astimezone(self._zone).date())
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            await _check(session, step, actor, item.id, item.author_id)
            year = signed.signed_on.year
            number = await next_number(session, f"GCN-SK-{year}")
            values = {
                "decision_number": signed.number,
                "decision_date": signed.signed_on,
                "decision_signer": signed.signer,
                "certificate_number": self._certificate.format(number=number, year=year),
            }
            change = Change.by(actor, now, decision_line(self._texts, signed))
            await FLOW.advance(
                session, item, step, change, seen_version=seen_version, values=values
            )
            await self._ledger(session, item, now)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="initiative.decision",
                entity="initiative",
                entity_id=item.code,
                after={**values, "decision_date": signed.signed_on.isoformat()},
            )
            view = await load_view(session, item.id)
            await notify_authors(
                session,
                self._texts,
                view,
                item.state,
                "",
                now,
                key="initiative.evaluation.notice.recognized",
                decision=decision_line(self._texts, signed),
                certificate=view.certificate_number,
            )
            await drafts.close(session, dialog, "dialog.done.again.review", at=now, code=view.code)
        self._outbox.notify()
        return view

    async def _ledger(self, session: AsyncSession, item: Initiative, now: datetime) -> None:
        kind = EVENTS.get(InitiativeState(item.state))
        if kind is not None:
            await write_events(session, item, kind, now)
        if item.state == InitiativeState.WITHDRAWN:
            written = await session.scalars(
                select(ScoreEvent.kind)
                .where(ScoreEvent.entity == "initiative", ScoreEvent.entity_id == item.id)
                .distinct()
            )
            for earlier in list(written):
                await write_events(session, item, earlier, now, sign=-1)


async def _check(
    session: AsyncSession,
    step: Transition[InitiativeState],
    actor: MemberView,
    item_id: int,
    author_id: int,
) -> None:
    """Refuse a step the actor's role or authorship does not allow, or their own item."""
    coauthors = await session.scalars(
        select(InitiativeAuthor.member_id).where(InitiativeAuthor.initiative_id == item_id)
    )
    require(
        step,
        actor.role,
        is_author=actor.id == author_id,
        has_stake=initiative_stake(actor.id, author_id, coauthors),
        own_item=errors.OwnInitiative,
    )


#: The conclusions the Office records from the council's minutes.
CONCLUSIONS = {Action.CONCLUDE_MET: "pass", Action.CONCLUDE_NOT_MET: "fail"}


async def _conclusion(
    session: AsyncSession,
    action: Action,
    item: Initiative,
    actor: MemberView,
    reason: str,
    now: datetime,
) -> dict[str, object]:
    """The columns a conclusion writes; refused before any seated member evaluated."""
    conclusion = CONCLUSIONS.get(action)
    if conclusion is None:
        return {}
    evaluated = await session.scalar(
        select(func.count(ConditionMark.id)).where(ConditionMark.initiative_id == item.id)
    )
    if not evaluated:
        raise errors.NotEvaluated
    return {
        "conclusion": conclusion,
        "conclusion_reason": reason,
        "concluded_by": actor.id,
        "concluded_at": now,
    }


def decision_line(texts: Texts, signed: Signed) -> str:
    """ "Quyết định số … ngày … của …", as the history and the notices name the decision: plain
    text, escaped where it is put into markup."""
    return texts.raw("initiative.evaluation.decision_line").format(
        number=signed.number, day=day_text(signed.signed_on), signer=signed.signer
    )
