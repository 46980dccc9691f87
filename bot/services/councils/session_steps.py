"""The steps behind the council sessions' use cases, inside their transactions: checking the
items put on a session, casting ballots, tallying the items and moving each by its result."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.config_awards import Award
from bot.domain import NominationState
from bot.services.common import MemberView, audit, is_postgres
from bot.services.councils.session_rows import ClosingRow, on_open_sessions, tallies_of
from bot.services.councils.session_views import ItemResult
from bot.services.councils.tally import Result, Tally, result
from bot.services.nominations import FLOW, TRANSITIONS, Action
from bot.services.workflow import Change
from models import Ballot, CouncilSession, Nomination, SessionItem

#: The item states a session's result moves an item to.
CONCLUDES: dict[Result, Action] = {Result.PASSED: Action.RECOMMEND, Result.FAILED: Action.REJECT}
#: The sentence a concluded item keeps as its reason, for its tally and threshold.
Reasoning = Callable[[Tally, float | None], str]


async def agenda_rows(
    session: AsyncSession, awards: Mapping[str, Award], council_code: str, item_ids: Sequence[int]
) -> list[Nomination]:
    """The nominations to put on a session, checked (and locked on PostgreSQL)."""
    wanted = set(item_ids)
    query = (
        select(Nomination)
        .where(Nomination.id.in_(wanted))
        .order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
    )
    if is_postgres(session):
        query = query.with_for_update()
    rows = list(await session.scalars(query))
    if not rows or len(rows) != len(wanted):
        raise errors.NominationNotFound
    busy = set(
        await session.scalars(on_open_sessions().where(SessionItem.nomination_id.in_(wanted)))
    )
    for row in rows:
        award = awards.get(row.award_code)
        if (
            row.state != NominationState.UNDER_REVIEW
            or award is None
            or award.council != council_code
            or row.id in busy
        ):
            raise errors.SessionListChanged
    return rows


async def cast(
    session: AsyncSession,
    opened: CouncilSession,
    rows: Sequence[tuple[SessionItem, Nomination]],
    member: MemberView,
    now: datetime,
    *,
    agree: bool,
) -> None:
    """Record the member's votes on ``rows`` and count them on the items; a secret item keeps
    no choice, in its ballot or its audit entry."""
    if not rows:
        return
    choice = "agree" if agree else "disagree"
    session.add_all(
        Ballot(
            item_id=item.id,
            member_id=member.id,
            choice=None if item.secret else choice,
            cast_at=now,
        )
        for item, _ in rows
    )
    await session.flush()  # the unique ballots first: a second vote fails here
    column = SessionItem.agree if agree else SessionItem.disagree
    await session.execute(
        update(SessionItem)
        .where(SessionItem.id.in_([item.id for item, _ in rows]))
        .values({column.key: column + 1})
        .execution_options(synchronize_session=False)
    )
    for item, row in rows:
        audit.record(
            session,
            at=now,
            actor=audit.Actor(member.full_name, member.id),
            action="council.vote",
            entity="session_item",
            entity_id=f"{opened.code}:{row.code}",
            after=None if item.secret else {"choice": choice},
        )


async def conclude(
    session: AsyncSession,
    outcomes: Sequence[tuple[ClosingRow, Result, str]],
    actor: MemberView,
    now: datetime,
    batch: str,
) -> list[tuple[ClosingRow, str]]:
    """Move the items still under review by the session's results, all at once (a session
    may hold thousands); return the items moved, each in its new state and with its reason.
    Items without a rule, or short of the quorum, stay."""
    change = Change.by(actor, now)
    moved: list[tuple[ClosingRow, str]] = []
    for result_of, action in CONCLUDES.items():
        step = TRANSITIONS[action]
        group = [
            (row, reason)
            for row, outcome, reason in outcomes
            if outcome is result_of and row.state == NominationState.UNDER_REVIEW
        ]
        await FLOW.advance_all(session, step, group, change, batch=batch)
        moved += [(row._replace(state=step.target.value), reason) for row, reason in group]
    return moved


async def record_results(session: AsyncSession, results: Sequence[tuple[int, Result]]) -> None:
    """Store each item's result (by item id): one UPDATE per result rather than one per item."""
    for outcome in {r for _, r in results}:
        ids = [item for item, r in results if r is outcome]
        for start in range(0, len(ids), 500):
            await session.execute(
                update(SessionItem)
                .where(SessionItem.id.in_(ids[start : start + 500]))
                .values(result=outcome.value)
                .execution_options(synchronize_session=False)
            )


async def tally_items(
    session: AsyncSession,
    session_id: int,
    members: int,
    quorum: float | None,
    reason: Reasoning,
) -> tuple[list[ItemResult], list[tuple[ClosingRow, Result, str]]]:
    """Each item's tally against all the council's ``members`` and its result, and the
    outcomes (row, result, reason) :func:`conclude` moves the items by."""
    results: list[ItemResult] = []
    outcomes: list[tuple[ClosingRow, Result, str]] = []
    reasons: dict[tuple[Tally, float | None], str] = {}  # a few tallies, many items
    for row in await tallies_of(session, session_id):
        tally = Tally(row.agree, row.disagree, members)
        outcome = result(tally, row.threshold, quorum)
        if (tally, row.threshold) not in reasons:
            reasons[tally, row.threshold] = reason(tally, row.threshold)
        outcomes.append((row, outcome, reasons[tally, row.threshold]))
        results.append(
            ItemResult(
                row.id, row.code, row.nominee_name, tally, row.threshold, outcome, row.award_name
            )
        )
    return results, outcomes
