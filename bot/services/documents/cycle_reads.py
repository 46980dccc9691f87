"""Reading the council sessions and recorded decisions the documents are about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import DocumentSubjectNotFound
from bot.services.documents.council_rows import Row, grantor_of, local_day, rows_of
from bot.services.documents.records import Setting, Subject
from models import Ballot, CouncilSession, Decision, DecisionItem, SessionItem

PASSED = "passed"
AWARDED = "awarded"


@dataclass(frozen=True, slots=True)
class Meeting:
    """A council session as the documents cite it."""

    id: int
    code: str
    council_code: str
    council: str
    title: str
    closed: bool
    day: date | None
    members_total: int | None


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a session with its row and its tally."""

    row: Row
    secret: bool
    agree: int
    disagree: int
    threshold: float | None
    result: str


async def meeting(
    session: AsyncSession, session_id: int, setting: Setting, code: str = ""
) -> Meeting:
    """The session ``session_id`` (``code``: how the caller named it).

    Raises:
        DocumentSubjectNotFound: No such session.
    """
    found = await session.get(CouncilSession, session_id)
    if found is None:
        raise DocumentSubjectNotFound(code=code or str(session_id))
    council = setting.councils.get(found.council_code)
    return Meeting(
        found.id,
        found.code,
        found.council_code,
        council.name if council is not None else "",
        found.title,
        found.state == "closed",
        local_day(found.opened_at, setting),
        found.members_total,
    )


async def items(session: AsyncSession, session_id: int) -> tuple[Item, ...]:
    """The session's items in agenda order."""
    found = (
        await session.scalars(
            select(SessionItem)
            .where(SessionItem.session_id == session_id)
            .order_by(SessionItem.id)
        )
    ).all()
    rows = await rows_of(session, [i.nomination_id for i in found])
    return tuple(
        Item(rows[i.nomination_id], i.secret, i.agree, i.disagree, i.threshold, i.result)
        for i in found
        if i.nomination_id in rows
    )


async def voters(session: AsyncSession, session_id: int) -> int:
    """How many members voted on at least one of the session's items."""
    count = await session.scalar(
        select(func.count(func.distinct(Ballot.member_id)))
        .join(SessionItem, SessionItem.id == Ballot.item_id)
        .where(SessionItem.session_id == session_id)
    )
    return int(count or 0)


def passed_here(found: tuple[Item, ...], setting: Setting, *, here: bool) -> tuple[Row, ...]:
    """The passed items whose award the Office decides itself (``here``) or sends up."""
    return tuple(
        i.row
        for i in found
        if i.result == PASSED
        and grantor_of(setting, setting.awards.get(i.row.award_code)).decides_here is here
    )


@dataclass(frozen=True, slots=True)
class Recorded:
    """A recorded decision or Tờ trình with its items (and whether each was cancelled)."""

    id: int
    kind: str
    number: str
    signed_on: date
    signer: str
    authority: str
    award_code: str
    items: tuple[tuple[Row, str, bool], ...]

    def with_outcome(self, outcome: str) -> tuple[tuple[Row, bool], ...]:
        """The items of ``outcome`` and whether each was cancelled."""
        return tuple((row, cancelled) for row, out, cancelled in self.items if out == outcome)


async def recorded(session: AsyncSession, subject: Subject) -> Recorded:
    """The decision ``subject`` names."""
    found = await session.get(Decision, subject.id)
    if found is None:
        raise DocumentSubjectNotFound(code=subject.code)
    entries = (
        await session.scalars(
            select(DecisionItem)
            .where(DecisionItem.decision_id == found.id)
            .order_by(DecisionItem.id)
        )
    ).all()
    rows = await rows_of(session, [e.nomination_id for e in entries])
    return Recorded(
        found.id,
        found.kind,
        found.number,
        found.signed_on,
        found.signer,
        found.authority_name,
        found.award_code,
        tuple(
            (rows[e.nomination_id], e.outcome, e.cancelled_at is not None)
            for e in entries
            if e.nomination_id in rows
        ),
    )


async def session_of(
    session: AsyncSession, nomination_ids: list[int], setting: Setting
) -> Meeting | None:
    """The last closed session in which any of the nominations passed, if one."""
    if not nomination_ids:
        return None
    found = await session.scalar(
        select(CouncilSession.id)
        .join(SessionItem, SessionItem.session_id == CouncilSession.id)
        .where(SessionItem.nomination_id.in_(nomination_ids), SessionItem.result == PASSED)
        .order_by(CouncilSession.id.desc())
        .limit(1)
    )
    return None if found is None else await meeting(session, found, setting)
