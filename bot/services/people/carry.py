"""What goes with people and units when the organisation changes: members' unit, open items,
and (when ``[people] moved_items = "follow"``) a moved member's points of the year.

The rule for open items (docs/organisation.md): when a unit is merged or split, its items still
under way go to the unit that carries on its work, because nobody is left to act for the old
one; items already decided stay where they were decided (history). A report or a vote list
moves only when the receiving unit has none for that period or year; otherwise it stays and is
counted as kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import InitiativeState, NominationState, ReportState
from models import (
    Initiative,
    Member,
    MemberChange,
    MemberChangeKind,
    Nomination,
    Report,
    ScoreEvent,
    VoteList,
)

#: Initiatives and nominations whose outcome is known stay with the unit they belonged to.
CLOSED_INITIATIVES = frozenset(
    {
        InitiativeState.RECOGNIZED,
        InitiativeState.NOT_RECOGNIZED,
        InitiativeState.APPLIED,
        InitiativeState.WITHDRAWN,
    }
)
CLOSED_NOMINATIONS = frozenset(
    {
        NominationState.REJECTED,
        NominationState.AWARDED,
        NominationState.NOT_AWARDED,
        NominationState.REVOKED,
        NominationState.WITHDRAWN,
    }
)
OPEN_REPORTS = frozenset({ReportState.SUBMITTED, ReportState.RETURNED})


@dataclass(frozen=True, slots=True)
class Carried:
    """How many open items moved, and how many stayed because the new unit had its own."""

    moved: int = 0
    kept: int = 0

    def __add__(self, other: Carried) -> Carried:
        return Carried(self.moved + other.moved, self.kept + other.kept)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def carry_unit_items(
    session: AsyncSession, source: int, target: int, *, year: int
) -> Carried:
    """Move ``source``'s open items to ``target``."""
    moved = _count(
        await session.execute(
            update(Initiative)
            .where(Initiative.unit_id == source, Initiative.state.not_in(CLOSED_INITIATIVES))
            .values(unit_id=target)
        )
    )
    moved += _count(
        await session.execute(
            update(Nomination)
            .where(Nomination.unit_id == source, Nomination.state.not_in(CLOSED_NOMINATIONS))
            .values(unit_id=target)
        )
    )
    return (
        Carried(moved)
        + await _carry_reports(session, source, target)
        + (await _carry_lists(session, source, target, year))
    )


async def _carry_reports(session: AsyncSession, source: int, target: int) -> Carried:
    taken = select(Report.period_id).where(Report.unit_id == target).scalar_subquery()
    open_ = and_(Report.unit_id == source, Report.state.in_(OPEN_REPORTS))
    moved = _count(
        await session.execute(
            update(Report).where(open_, Report.period_id.not_in(taken)).values(unit_id=target)
        )
    )
    kept = len((await session.scalars(select(Report.id).where(open_))).all())
    return Carried(moved, kept)


async def _carry_lists(session: AsyncSession, source: int, target: int, year: int) -> Carried:
    taken = select(VoteList.year).where(VoteList.unit_id == target).scalar_subquery()
    current = and_(VoteList.unit_id == source, VoteList.year >= year)
    moved = _count(
        await session.execute(
            update(VoteList).where(current, VoteList.year.not_in(taken)).values(unit_id=target)
        )
    )
    kept = len((await session.scalars(select(VoteList.id).where(current))).all())
    return Carried(moved, kept)


async def move_members(
    session: AsyncSession,
    member_ids: list[int],
    target: int,
    *,
    effective: date,
    now: datetime,
    actor_id: int | None,
    unit_change_id: int | None = None,
    reason: str = "",
) -> None:
    """Put members in ``target`` and record each move with its day."""
    if not member_ids:
        return
    rows = (
        await session.execute(
            select(Member.id, Member.unit_id, Member.role).where(Member.id.in_(member_ids))
        )
    ).all()
    await session.execute(
        insert(MemberChange),
        [
            {
                "member_id": member_id,
                "kind": MemberChangeKind.MOVE,
                "effective_on": effective,
                "from_unit_id": unit_id,
                "to_unit_id": target,
                "old_role": role,
                "new_role": role,
                "reason": reason,
                "unit_change_id": unit_change_id,
                "actor_id": actor_id,
                "created_at": now,
            }
            for member_id, unit_id, role in rows
        ],
    )
    await session.execute(update(Member).where(Member.id.in_(member_ids)).values(unit_id=target))


async def carry_member_points(
    session: AsyncSession, member_id: int, source: int, target: int, *, since: datetime
) -> int:
    """Take a member's points since ``since`` from ``source`` to ``target``: the ledger is
    append-only, so each event gets a compensating one at the old unit and a copy at the new
    one, at the event's own time (the same period). Return how many events were carried."""
    events = (
        await session.execute(
            select(
                ScoreEvent.kind,
                ScoreEvent.share,
                ScoreEvent.entity,
                ScoreEvent.entity_id,
                ScoreEvent.at,
            ).where(
                ScoreEvent.member_id == member_id,
                ScoreEvent.unit_id == source,
                ScoreEvent.at >= since,
            )
        )
    ).all()
    rows = [
        {
            "kind": kind,
            "member_id": member_id,
            "unit_id": unit,
            "share": sign * share,
            "entity": entity,
            "entity_id": entity_id,
            "at": at,
        }
        for kind, share, entity, entity_id, at in events
        for unit, sign in ((source, -1), (target, 1))
        if share
    ]
    if rows:
        await session.execute(insert(ScoreEvent), rows)
    return len(rows) // 2
