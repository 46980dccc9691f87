"""Moving initiatives through their review, and the council's scores.

A transition is the kernel's guarded step (:class:`bot.services.workflow.Workflow`):
two reviewers pressing at once cannot both win, the second is told it was already handled.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.domain import InitiativeState
from bot.services.common import MemberView, audit, insert_ignoring_duplicates
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.initiatives.records import (
    InitiativeView,
    load_view,
    notify_authors,
    write_events,
)
from bot.services.initiatives.workflow import FLOW, SCORE_STEP, Action, initiative_stake
from bot.services.workflow import REASON_MAX, Change, Transition, require
from bot.texts import Texts
from models import Initiative, InitiativeAuthor, Review, ScoreEvent

#: Ledger kinds written when an item reaches a state.
EVENTS = {
    InitiativeState.RECOGNIZED: "initiative_recognized",
    InitiativeState.APPLIED: "initiative_applied",
}


class ReviewService:
    """Transitions and council scores of initiatives."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service

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
        """
        step, reason = FLOW.step(action, reason)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            await _check(session, step, actor, item.id, item.author_id)
            change = Change.by(actor, now, reason)
            await FLOW.advance(session, item, step, change, seen_version=seen_version)
            await self._ledger(session, item, now)
            view = await load_view(session, item.id)
            skip = actor.id if step.by_author else None
            await notify_authors(session, self._texts, view, item.state, reason, now, skip=skip)
            done = "dialog.done.again.review"
            await drafts.close(session, dialog, done, at=now, code=view.code)
        self._outbox.notify()
        return view

    async def score(
        self,
        scorer: MemberView,
        item_id: int,
        novelty: int,
        applicability: int,
        benefit: int,
        note: str = "",
        *,
        dialog: Draft | None = None,
    ) -> InitiativeView:
        """Record (or replace) a council member's scores of an item under review.

        Raises:
            NotAllowed: The scorer's role does not score.
            OwnInitiative: The scorer is an author of the item.
        """
        if scorer.role not in SCORE_STEP.roles:
            raise errors.NotAllowed
        if any(not 1 <= s <= 5 for s in (novelty, applicability, benefit)):
            raise errors.InvalidScore
        now = self._clock.now()
        values = {
            "novelty": novelty,
            "applicability": applicability,
            "benefit": benefit,
            "note": note[:REASON_MAX],
            "scored_at": now,
        }
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            found = (
                await session.execute(
                    select(Initiative.state, Initiative.author_id).where(Initiative.id == item_id)
                )
            ).first()
            if found is None:
                raise errors.InitiativeNotFound
            state, author_id = found
            await _check(session, SCORE_STEP, scorer, item_id, author_id)
            if state not in SCORE_STEP.sources:
                raise errors.IllegalTransition
            row = {"initiative_id": item_id, "member_id": scorer.id, **values}
            await insert_ignoring_duplicates(session, Review, [row])
            await session.execute(
                update(Review)
                .where(Review.initiative_id == item_id, Review.member_id == scorer.id)
                .values(**values)
            )
            audit.record(
                session,
                at=now,
                actor=audit.Actor(scorer.full_name, scorer.id),
                action="initiative.score",
                entity="initiative",
                entity_id=item_id,
                after={k: values[k] for k in ("novelty", "applicability", "benefit")},
            )
            view = await load_view(session, item_id)
            done = "dialog.done.again.scored"
            await drafts.close(session, dialog, done, at=now, code=view.code)
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
