"""The rows of a decision: the items waiting for it, the decision and its items.

Helpers of :class:`bot.services.decisions.service.DecisionService`, each inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.config_awards import Award
from bot.domain import NominationState
from bot.services.common import MemberView, audit, is_postgres
from bot.services.decisions.records import (
    DecidedItem,
    DecisionView,
    Grantor,
    Kind,
    Outcome,
    Signed,
)
from bot.services.nominations import FLOW, TRANSITIONS, Action, write_ledger
from bot.services.workflow import Change
from models import Decision, DecisionItem, Nomination, Unit

ENTITY = "decision"


async def add_decision(
    session: AsyncSession,
    kind: Kind,
    signed: Signed,
    who: Grantor,
    award_code: str,
    actor: MemberView,
    now: datetime,
) -> Decision:
    """Add the decision (or Tờ trình) row, refusing a number already recorded."""
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


async def apply(
    session: AsyncSession,
    decision: Decision,
    rows: Sequence[Nomination],
    outcomes: dict[int, Outcome],
    actor: MemberView,
    now: datetime,
    *,
    awards: Mapping[str, Award],
    merit_tracks: frozenset[str],
) -> DecisionView:
    """Move each item by its outcome, list it on the decision, write the ledger, and
    audit the act; return the decision as shown."""
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
        await write_ledger(session, row, now, merit_tracks)
    units = await unit_names(session, rows)
    award = awards.get(decision.award_code)
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
        action=f"{ENTITY}.{view.kind}",
        entity=ENTITY,
        entity_id=view.number,
        after={"items": [item.code for item in view.items]},
    )
    return view


async def waiting(
    session: AsyncSession, award_code: str, year: int, submission_id: int | None, *, lock: bool
) -> list[Nomination]:
    """The items waiting for a decision: recommended for the award in the year, or sent up
    with a Tờ trình (locked on PostgreSQL when about to be moved)."""
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


def same(rows: Sequence[Nomination], expected: Sequence[int]) -> None:
    """Refuse a decision over nothing, or over other items than the Office saw."""
    if not rows:
        raise errors.NothingToDecide
    if {row.id for row in rows} != set(expected):
        raise errors.DecisionListChanged


async def unit_names(session: AsyncSession, rows: Sequence[Nomination]) -> dict[int, str]:
    """The names of the items' units, by unit id."""
    wanted = {row.unit_id for row in rows}
    if not wanted:
        return {}
    found = await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted)))
    return dict(found.all())
