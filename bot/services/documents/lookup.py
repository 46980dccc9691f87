"""Finding the subject a code (or a button's kind and id) names, and who may have what.

Codes are those the services hand out (``SK-``, ``DC-``, ``BX-``, ``PH-``, ``CK-``); anything
else is the number of a recorded decision or Tờ trình, compared without regard to case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.roles import OFFICE, Role
from bot.services.common import MemberView
from bot.services.documents.records import DocumentKind, Subject, SubjectKind
from models import (
    CouncilSession,
    Decision,
    Initiative,
    InitiativeAuthor,
    Listing,
    Nomination,
    Unit,
    VoteList,
)

#: The code prefix of each kind of subject that has one.
PREFIXES: dict[str, SubjectKind] = {
    "SK-": SubjectKind.INITIATIVE,
    "DC-": SubjectKind.NOMINATION,
    "BX-": SubjectKind.VOTE_LIST,
    "PH-": SubjectKind.SESSION,
    "CK-": SubjectKind.LISTING,
}
#: The subjects whose documents make a whole dossier.
DOSSIER_SUBJECTS = frozenset({SubjectKind.SESSION, SubjectKind.DECISION})


@dataclass(frozen=True, slots=True)
class Found:
    """A subject and the words that tell a person which one it is."""

    subject: Subject
    title: str


async def by_code(session: AsyncSession, code: str) -> Found | None:
    """The subject ``code`` names, or ``None``."""
    text = code.strip()
    kind = PREFIXES.get(text[:3].upper())
    if kind is not None:
        return await _coded(session, kind, code=text.upper())
    return await _decision(session, number=text)


async def by_id(session: AsyncSession, kind: SubjectKind, id_: int) -> Found | None:
    """The subject of ``kind`` with ``id_`` (a button's payload), or ``None``."""
    if kind is SubjectKind.DECISION:
        return await _decision(session, id_=id_)
    return await _coded(session, kind, id_=id_)


async def _coded(
    session: AsyncSession, kind: SubjectKind, *, id_: int | None = None, code: str | None = None
) -> Found | None:
    model, title, unit = _COLUMNS[kind]
    query = select(model.id, model.code, title, unit)
    if kind is SubjectKind.VOTE_LIST:
        query = query.join(Unit, Unit.id == VoteList.unit_id)
    query = query.where(model.code == code) if code is not None else query.where(model.id == id_)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return Found(Subject(kind, row[0], row[1], row[3]), row[2])


async def _decision(
    session: AsyncSession, *, number: str | None = None, id_: int | None = None
) -> Found | None:
    query = select(Decision.id, Decision.number, Decision.authority_name)
    if id_ is not None:
        query = query.where(Decision.id == id_)
    # SQL's upper() leaves "đ" alone, so the numbers are compared here (there are few).
    rows = (await session.execute(query.order_by(Decision.kind, Decision.id))).all()
    wanted = None if number is None else number.casefold()
    row = next((r for r in rows if wanted is None or r[1].casefold() == wanted), None)
    if row is None:
        return None
    return Found(Subject(SubjectKind.DECISION, row[0], row[1]), row[2])


_COLUMNS: dict[SubjectKind, tuple[Any, Any, Any]] = {
    SubjectKind.INITIATIVE: (Initiative, Initiative.title, Initiative.unit_id),
    SubjectKind.NOMINATION: (Nomination, Nomination.nominee_name, Nomination.unit_id),
    SubjectKind.VOTE_LIST: (VoteList, Unit.name, VoteList.unit_id),
    SubjectKind.SESSION: (CouncilSession, CouncilSession.title, null()),
    SubjectKind.LISTING: (Listing, Listing.title, null()),
}


async def may_have(
    session: AsyncSession, actor: MemberView | None, subject: Subject, kind: DocumentKind
) -> bool:
    """Whether ``actor`` may have document ``kind`` of ``subject`` (see :func:`allowed`)."""
    if allowed(actor, subject.kind, kind, unit_id=subject.unit_id, authored=False):
        return True
    if kind is DocumentKind.APPLICATION and subject.kind is SubjectKind.INITIATIVE:
        assert actor is not None, "the terminal may have every document"
        return await _authored(session, actor.id, subject.id)
    return False


def allowed(
    actor: MemberView | None,
    subject: SubjectKind,
    kind: DocumentKind,
    *,
    unit_id: int | None,
    authored: bool,
) -> bool:
    """Whether ``actor`` may have document ``kind`` of a ``subject`` of unit ``unit_id``.

    The Office and admins may have every document (``None`` is the operator at the terminal);
    a unit head the achievement report of their unit's nominee (to complete it) and the
    application of their unit's initiative; an author (``authored``) the application of
    their initiative.
    """
    if actor is None or actor.role in OFFICE:
        return True
    own_unit = actor.role is Role.UNIT_HEAD and unit_id is not None and unit_id == actor.unit.id
    if kind is DocumentKind.ACHIEVEMENT and subject is SubjectKind.NOMINATION:
        return own_unit
    if kind is DocumentKind.APPLICATION and subject is SubjectKind.INITIATIVE:
        return own_unit or authored
    return False


async def _authored(session: AsyncSession, member_id: int, initiative_id: int) -> bool:
    query = (
        select(Initiative.id)
        .outerjoin(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id)
        .where(Initiative.id == initiative_id)
        .where(or_(Initiative.author_id == member_id, InitiativeAuthor.member_id == member_id))
        .limit(1)
    )
    return (await session.execute(query)).first() is not None
