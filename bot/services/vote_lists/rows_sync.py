"""A list's rows as nominations: made when the list is sent, kept in place when a returned
list is sent again (a row dropped is withdrawn, a new one added), moved together when the
Office receives or returns the list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.domain import NominationState, NomineeKind, Track
from bot.services.common import FileInfo, MemberView, next_number
from bot.services.nominations import FLOW, TRANSITIONS, Action
from bot.services.vote_lists.eligibility import Row
from bot.services.vote_lists.records import MINUTES, names
from bot.services.workflow import Change
from models import Attachment, Nomination, Unit, VoteList

#: Row states the Office's receiving moves on, and those returning the list moves back.
SENT = frozenset({NominationState.SUBMITTED, NominationState.RESUBMITTED})
RETURNABLE = frozenset({*SENT, NominationState.RECEIVED})


async def replace(
    session: AsyncSession,
    voted: VoteList,
    rows: Sequence[Row],
    actor: MemberView,
    now: datetime,
    summary: str,
    award_names: Mapping[str, str],
) -> None:
    """Make the list's nominations match ``rows``."""
    existing = {
        (n.nominee_member_id, n.award_code): n
        for n in await session.scalars(
            select(Nomination).where(
                Nomination.list_id == voted.id,
                Nomination.state != NominationState.WITHDRAWN.value,
            )
        )
    }
    wanted = {(r.member_id, r.award_code): r for r in rows}
    change = Change.by(actor, now)
    for key, item in existing.items():
        row = wanted.get(key)
        if row is None:
            await FLOW.advance(session, item, TRANSITIONS[Action.WITHDRAW], change)
            continue
        values = {"vote_share": row.vote_share, "basis": row.basis}
        if item.state == NominationState.RETURNED:
            await FLOW.advance(session, item, TRANSITIONS[Action.RESUBMIT], change, values=values)
        else:
            item.vote_share, item.basis, item.updated_at = row.vote_share, row.basis, now
    added = [r for k, r in wanted.items() if k not in existing]
    await _add(session, voted, added, actor, now, summary, award_names)


async def _add(
    session: AsyncSession,
    voted: VoteList,
    rows: Sequence[Row],
    actor: MemberView,
    now: datetime,
    summary: str,
    award_names: Mapping[str, str],
) -> None:
    if not rows:
        return
    filed = now.year
    last = await next_number(session, f"DC-{filed}", len(rows))
    people = await names(session, {r.member_id for r in rows if r.member_id is not None})
    unit_name = await session.scalar(select(Unit.name).where(Unit.id == voted.unit_id)) or ""
    items = [
        Nomination(
            code=f"DC-{filed}-{last - len(rows) + n:04d}",
            year=voted.year,
            track=Track.ANNUAL,
            unit_id=voted.unit_id,
            nominator_id=actor.id,
            nominee_kind=NomineeKind.MEMBER if row.member_id else NomineeKind.COLLECTIVE,
            nominee_member_id=row.member_id,
            nominee_name=people[row.member_id] if row.member_id else unit_name,
            nominee_key=f"m:{row.member_id}" if row.member_id else f"u:{voted.unit_id}",
            award_code=row.award_code,
            award_name=award_names[row.award_code],
            summary=summary,
            list_id=voted.id,
            vote_share=row.vote_share,
            basis=row.basis,
            state=NominationState.SUBMITTED,
            submitted_at=now,
            updated_at=now,
        )
        for n, row in enumerate(rows, start=1)
    ]
    session.add_all(items)
    await session.flush()
    change = Change.by(actor, now)
    for item in items:
        FLOW.record(session, item, "draft", change)


async def receive(
    session: AsyncSession, voted: VoteList, actor: MemberView, now: datetime
) -> None:
    """The list's sent rows become received (rows the Office returned alone stay returned)."""
    change = Change.by(actor, now)
    for item in await _rows(session, voted, SENT):
        await FLOW.advance(session, item, TRANSITIONS[Action.RECEIVE], change)


async def return_all(
    session: AsyncSession, voted: VoteList, actor: MemberView, now: datetime, reason: str
) -> None:
    """The list's rows not yet further than received go back with the list's reason."""
    change = Change.by(actor, now, reason)
    for item in await _rows(session, voted, RETURNABLE):
        await FLOW.advance(session, item, TRANSITIONS[Action.RETURN], change)


async def _rows(
    session: AsyncSession, voted: VoteList, states: frozenset[NominationState]
) -> list[Nomination]:
    return list(
        await session.scalars(
            select(Nomination).where(
                Nomination.list_id == voted.id, Nomination.state.in_([s.value for s in states])
            )
        )
    )


async def attach_minutes(
    session: AsyncSession, list_id: int, files: Sequence[FileInfo], now: datetime
) -> None:
    """The meeting's minutes, in place of those sent before (kept when none are sent).

    Raises:
        MinutesRequired: No minutes were ever sent with the list.
    """
    if not files:
        kept = await session.scalar(
            select(Attachment.id)
            .where(Attachment.entity == MINUTES, Attachment.entity_id == list_id)
            .limit(1)
        )
        if kept is None:
            raise errors.MinutesRequired
        return
    await session.execute(
        delete(Attachment).where(Attachment.entity == MINUTES, Attachment.entity_id == list_id)
    )
    session.add_all(
        Attachment(
            entity=MINUTES,
            entity_id=list_id,
            channel=f.channel,
            file_id=f.file_id,
            name=f.name[:200],
            mime_type=f.mime_type[:100],
            size=f.size,
            created_at=now,
        )
        for f in files
    )
