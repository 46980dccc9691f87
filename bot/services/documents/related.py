"""What belongs in a session's or a decision's dossier beside its own documents: the
nominations on it, the recognised initiatives they cite, the unit vote lists they came from
and the public listings they were published on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import null, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import InitiativeState
from bot.services.documents.records import Subject, SubjectKind
from models import (
    CouncilSession,
    DecisionItem,
    Initiative,
    Listing,
    ListingItem,
    Nomination,
    NominationInitiative,
    SessionItem,
    VoteList,
)

#: An initiative cited by a nomination counts once the head recognised it (and after).
_RECOGNISED = (InitiativeState.RECOGNIZED, InitiativeState.APPLIED)


async def _subjects(session: AsyncSession, kind: SubjectKind, query: Any) -> tuple[Subject, ...]:
    """``(id, code, unit)`` rows of ``query`` as subjects of ``kind``, each once."""
    seen: dict[int, Subject] = {}
    for id_, code, unit in (await session.execute(query)).all():
        seen.setdefault(id_, Subject(kind, id_, code, unit))
    return tuple(seen.values())


async def _around(session: AsyncSession, ids: Sequence[int]) -> tuple[Subject, ...]:
    """The nominations ``ids``, then their initiatives, vote lists and listings."""
    nominations = await _subjects(
        session,
        SubjectKind.NOMINATION,
        select(Nomination.id, Nomination.code, Nomination.unit_id)
        .where(Nomination.id.in_(ids))
        .order_by(Nomination.id),
    )
    order = {n: at for at, n in enumerate(ids)}
    nominations = tuple(sorted(nominations, key=lambda s: order.get(s.id, len(order))))
    initiatives = await _subjects(
        session,
        SubjectKind.INITIATIVE,
        select(Initiative.id, Initiative.code, Initiative.unit_id)
        .join(NominationInitiative, NominationInitiative.initiative_id == Initiative.id)
        .where(NominationInitiative.nomination_id.in_(ids), Initiative.state.in_(_RECOGNISED))
        .order_by(Initiative.id),
    )
    lists = await _subjects(
        session,
        SubjectKind.VOTE_LIST,
        select(VoteList.id, VoteList.code, VoteList.unit_id)
        .join(Nomination, Nomination.list_id == VoteList.id)
        .where(Nomination.id.in_(ids))
        .order_by(VoteList.id),
    )
    listings = await _subjects(
        session,
        SubjectKind.LISTING,
        select(Listing.id, Listing.code, null())
        .join(ListingItem, ListingItem.listing_id == Listing.id)
        .where(ListingItem.nomination_id.in_(ids))
        .order_by(Listing.id),
    )
    return (*nominations, *initiatives, *lists, *listings)


async def _ids(session: AsyncSession, query: Any) -> list[int]:
    return list((await session.scalars(query)).all())


async def related(session: AsyncSession, subject: Subject) -> tuple[Subject, ...]:
    """The subjects whose documents belong in ``subject``'s dossier, without ``subject``.

    A session's: each item's nomination, the recognised initiatives they cite, the vote lists
    and the listings they came through. A decision's: the same for its items, and the session
    they passed in, when one is found.
    """
    if subject.kind is SubjectKind.SESSION:
        ids = await _ids(
            session,
            select(SessionItem.nomination_id)
            .where(SessionItem.session_id == subject.id)
            .order_by(SessionItem.id),
        )
        return await _around(session, ids)
    if subject.kind is not SubjectKind.DECISION:
        return ()
    ids = await _ids(
        session,
        select(DecisionItem.nomination_id)
        .where(DecisionItem.decision_id == subject.id)
        .order_by(DecisionItem.id),
    )
    sessions = await _subjects(
        session,
        SubjectKind.SESSION,
        select(CouncilSession.id, CouncilSession.code, null())
        .join(SessionItem, SessionItem.session_id == CouncilSession.id)
        .where(SessionItem.nomination_id.in_(ids), SessionItem.result == "passed")
        .order_by(CouncilSession.id),
    )
    return (*sessions, *await _around(session, ids))
