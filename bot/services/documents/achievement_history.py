"""What an achievement report cites from the database: the recognised initiatives of the
nomination and the nominee's earlier awards (Section III of the NĐ 98/2023 report forms)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config_awards import Award
from bot.documents import Fields, short_date
from bot.domain import NomineeKind
from models import Decision, DecisionItem, Initiative, Nomination, NominationInitiative

#: The row an empty table shows: the template says the system holds nothing, never "none".
_EMPTY: Final = ({"empty": True},)


@dataclass(frozen=True, slots=True)
class History:
    """The rows of the two tables of Section III."""

    titles: tuple[Mapping[str, object], ...]
    commendations: tuple[Mapping[str, object], ...]


async def cited_initiatives(
    session: AsyncSession, fields: Fields, nomination_id: int
) -> list[dict[str, str]]:
    """The recognised initiatives the nomination cites, with the decision recognising each."""
    rows = await session.scalars(
        select(Initiative)
        .join(NominationInitiative, NominationInitiative.initiative_id == Initiative.id)
        .where(NominationInitiative.nomination_id == nomination_id)
        .order_by(Initiative.code)
    )
    return [
        {
            "code": i.code,
            "title": i.title,
            "decision_number": fields.text(
                "documents.person_field.initiative_decision", i.decision_number
            ),
            "decision_date": fields.day(
                "documents.person_field.initiative_decision", i.decision_date
            ),
        }
        for i in rows
    ]


async def earlier_awards(
    session: AsyncSession,
    fields: Fields,
    nomination: Nomination,
    awards: Mapping[str, Award],
) -> History:
    """The nominee's awards recorded by earlier decisions (awarded, not cancelled), split by
    the catalogue into titles (danh hiệu) and commendations; an award no longer in the
    catalogue counts as a commendation, the catalogue's default kind.

    A member is found by their member id, a collective by its unit; a person outside the
    register has no identity to match, so nothing is looked up for them.
    """
    rows: list[tuple[Nomination, Decision]] = []
    match = _same_nominee(nomination)
    if match is not None:
        result = await session.execute(
            select(Nomination, Decision)
            .join(DecisionItem, DecisionItem.nomination_id == Nomination.id)
            .join(Decision, Decision.id == DecisionItem.decision_id)
            .where(
                match,
                Nomination.id != nomination.id,
                Decision.kind == "decision",
                DecisionItem.outcome == "awarded",
                DecisionItem.cancelled_at.is_(None),
            )
            .order_by(Decision.signed_on, Decision.id)
        )
        rows = [(n, d) for n, d in result]
    titles: list[Mapping[str, object]] = []
    commendations: list[Mapping[str, object]] = []
    for earlier, decision in rows:
        award = awards.get(earlier.award_code)
        row = {
            "year": str(earlier.year),
            "name": earlier.award_name,
            "number": decision.number,
            "signed_on": short_date(decision.signed_on),
            "authority": decision.authority_name,
        }
        (titles if award is not None and award.kind == "title" else commendations).append(row)
    if not titles:
        fields.note("documents.person_field.earlier_titles")
    if not commendations:
        fields.note("documents.person_field.earlier_commendations")
    return History(tuple(titles) or _EMPTY, tuple(commendations) or _EMPTY)


def _same_nominee(nomination: Nomination) -> ColumnElement[bool] | None:
    """The condition that finds the nominee's other nominations, if they can be found."""
    if nomination.nominee_kind == NomineeKind.MEMBER and nomination.nominee_member_id:
        return and_(
            Nomination.nominee_kind == NomineeKind.MEMBER.value,
            Nomination.nominee_member_id == nomination.nominee_member_id,
        )
    if nomination.nominee_kind == NomineeKind.COLLECTIVE:
        return and_(
            Nomination.nominee_kind == NomineeKind.COLLECTIVE.value,
            Nomination.unit_id == nomination.unit_id,
        )
    return None
