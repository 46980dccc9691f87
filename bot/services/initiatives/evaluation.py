"""The initiative council's evaluation (Decree 13/2012 Art. 8): each seated member marks every
statutory condition of ``[initiatives] conditions`` "đạt" or "không đạt" with a comment, and
scores novelty, applicability and benefit (1–5 each).

What admits an evaluator is a seat on a council of kind ``initiative`` (``/hoidong``), not a
role: the emulation council's members and reviewers without a seat are refused, and so is a
seated member who proposed or co-authored the initiative. Evaluating again replaces the
member's marks and scores. Each call is one transaction and writes the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Council
from bot.config_initiatives import InitiativeCondition
from bot.dialog_spec import Draft
from bot.services.common import MemberView, audit, insert_ignoring_duplicates
from bot.services.conversation import drafts
from bot.services.initiatives.records import InitiativeView, MarkView, load_view
from bot.services.initiatives.workflow import EVALUATE_STEP, initiative_stake
from bot.services.workflow import REASON_MAX, require
from models import ConditionMark, CouncilSeat, Initiative, InitiativeAuthor, Member, Review


@dataclass(frozen=True, slots=True)
class Mark:
    """A member's answer on one condition: met ("đạt") or not, and an optional comment."""

    code: str
    met: bool
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Scores:
    """A member's three scores (1–5 each) and a note for the reviewers' eyes only."""

    novelty: int
    applicability: int
    benefit: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class ConditionSummary:
    """How the council's members marked one condition.

    Attributes:
        comments: ``(member, met, comment)`` of each member who commented.
    """

    code: str
    label: str
    kind: str
    met: int
    not_met: int
    comments: tuple[tuple[str, bool, str], ...]


def summarise(marks: Iterable[MarkView]) -> tuple[ConditionSummary, ...]:
    """Per condition, in the order evaluated: how many "đạt", "không đạt", and the comments.

    Nothing is concluded here: the council concludes, and the Office records it.
    """
    grouped: dict[str, list[MarkView]] = {}
    for mark in marks:
        grouped.setdefault(mark.code, []).append(mark)
    return tuple(
        ConditionSummary(
            code=code,
            label=found[0].label,
            kind=found[0].kind,
            met=sum(1 for m in found if m.met),
            not_met=sum(1 for m in found if not m.met),
            comments=tuple((m.member, m.met, m.comment) for m in found if m.comment),
        )
        for code, found in grouped.items()
    )


async def seat_of(session: AsyncSession, member_id: int, councils: Sequence[str]) -> str:
    """The initiative council ``member_id`` is seated on ("" when none)."""
    if not councils:
        return ""
    found = await session.scalar(_seat_query(), {"member": member_id, "councils": councils})
    return found or ""


@cache
def _seat_query() -> Select[str]:
    """Built on first use and kept: every initiative's page asks it (see ``seat_of``)."""
    return (
        select(CouncilSeat.council_code)
        .join(Member, Member.id == CouncilSeat.member_id)
        .where(
            CouncilSeat.member_id == bindparam("member"),
            CouncilSeat.council_code.in_(bindparam("councils", expanding=True)),
            Member.active.is_(True),
        )
        .order_by(CouncilSeat.council_code)
        .limit(1)
    )


class EvaluationService:
    """The seated members' evaluations of initiatives under review."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        conditions: tuple[InitiativeCondition, ...],
        councils: tuple[Council, ...],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.conditions = conditions
        self._councils = tuple(c.code for c in councils if c.kind == "initiative")

    async def seat(self, member: MemberView) -> str:
        """The initiative council the member sits on ("" when none)."""
        async with self._sessions() as session:
            return await seat_of(session, member.id, self._councils)

    async def evaluate(
        self,
        member: MemberView,
        item_id: int,
        marks: Sequence[Mark],
        scores: Scores,
        *,
        dialog: Draft | None = None,
    ) -> InitiativeView:
        """Record (or replace) a seated member's evaluation of an initiative under review.

        Raises:
            InvalidEvaluation: The marks do not answer each configured condition once.
            InvalidScore: A score is not a whole number from 1 to 5.
            InitiativeNotFound: No such initiative.
            NotOnInitiativeCouncil: The member has no seat on an initiative council.
            OwnInitiative: The member proposed or co-authored the initiative.
            IllegalTransition: The initiative is not under review.
        """
        self._check_marks(marks)
        parts = (scores.novelty, scores.applicability, scores.benefit)
        if any(not 1 <= s <= 5 for s in parts):
            raise errors.InvalidScore
        now = self._clock.now()
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
            council = await seat_of(session, member.id, self._councils)
            if not council:
                raise errors.NotOnInitiativeCouncil
            coauthors = await session.scalars(
                select(InitiativeAuthor.member_id).where(InitiativeAuthor.initiative_id == item_id)
            )
            stake = initiative_stake(member.id, author_id, coauthors)
            require(
                EVALUATE_STEP,
                member.role,
                is_author=False,
                has_stake=stake,
                own_item=errors.OwnInitiative,
            )
            if state not in EVALUATE_STEP.sources:
                raise errors.IllegalTransition
            await _save_scores(session, item_id, member.id, scores, now)
            await self._save_marks(session, item_id, member.id, council, marks, now)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(member.full_name, member.id),
                action="initiative.evaluate",
                entity="initiative",
                entity_id=item_id,
                after={
                    "council": council,
                    "marks": {m.code: m.met for m in marks},
                    "novelty": scores.novelty,
                    "applicability": scores.applicability,
                    "benefit": scores.benefit,
                },
            )
            view = await load_view(session, item_id)
            await drafts.close(session, dialog, "dialog.done.again.scored", at=now, code=view.code)
            return replace(view, viewer_seat=council)

    def _check_marks(self, marks: Sequence[Mark]) -> None:
        wanted = [c.code for c in self.conditions]
        if sorted(m.code for m in marks) != sorted(wanted):
            raise errors.InvalidEvaluation

    async def _save_marks(
        self,
        session: AsyncSession,
        item_id: int,
        member_id: int,
        council: str,
        marks: Sequence[Mark],
        now: datetime,
    ) -> None:
        await session.execute(
            delete(ConditionMark).where(
                ConditionMark.initiative_id == item_id, ConditionMark.member_id == member_id
            )
        )
        given = {m.code: m for m in marks}
        session.add_all(
            ConditionMark(
                initiative_id=item_id,
                member_id=member_id,
                council_code=council,
                condition_code=condition.code,
                label=condition.label,
                kind=condition.kind,
                position=position,
                met=given[condition.code].met,
                comment=" ".join(given[condition.code].comment.split())[:REASON_MAX],
                marked_at=now,
            )
            for position, condition in enumerate(self.conditions)
        )


async def _save_scores(
    session: AsyncSession, item_id: int, member_id: int, scores: Scores, now: datetime
) -> None:
    values = {
        "novelty": scores.novelty,
        "applicability": scores.applicability,
        "benefit": scores.benefit,
        "note": scores.note[:REASON_MAX],
        "scored_at": now,
    }
    row = {"initiative_id": item_id, "member_id": member_id, **values}
    await insert_ignoring_duplicates(session, Review, [row])
    await session.execute(
        update(Review)
        .where(Review.initiative_id == item_id, Review.member_id == member_id)
        .values(**values)
    )
