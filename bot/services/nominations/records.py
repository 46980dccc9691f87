"""The values and shared steps of the nomination use cases: what a draft holds, what a reader
sees, and the history, ledger and notification rows written with each change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.callbacks import NominationOpen
from bot.domain import NominationState, NomineeKind, Track
from bot.ports import Button
from bot.services import workflow
from bot.services.common import AttachmentView, ChangeView, FileInfo
from bot.services.nominations.workflow import FLOW
from bot.texts import Texts
from models import (
    Decision,
    DecisionItem,
    Initiative,
    Member,
    Movement,
    Nomination,
    NominationInitiative,
    ScoreEvent,
    Unit,
)

__all__ = [
    "AWARDED_EVENT",
    "ENTITY",
    "NAME_MAX",
    "NOTICES",
    "SUMMARY_MAX",
    "CitedInitiative",
    "DecisionRef",
    "NominationDraft",
    "NominationState",
    "NominationView",
    "Nominee",
    "NomineeKind",
    "Track",
    "load_view",
    "notify_change",
    "write_ledger",
]

ENTITY = FLOW.entity
SUMMARY_MAX = 3000
NAME_MAX = 200
#: The ledger kind written when a decision awards a nomination (points in ``[scoring]``).
AWARDED_EVENT = "nomination_awarded"
#: The notice sent to the nominator when a nomination reaches a state by one person's step
#: (literal keys, so the catalogue test sees them used); a decision's steps say more
#: (:mod:`bot.services.decisions`).
NOTICES: dict[NominationState, str] = {
    NominationState.RECEIVED: "nomination.notice.received",
    NominationState.RETURNED: "nomination.notice.returned",
    NominationState.RESUBMITTED: "nomination.notice.resubmitted",
    NominationState.UNDER_REVIEW: "nomination.notice.under_review",
    NominationState.RECOMMENDED: "nomination.notice.recommended",
    NominationState.REJECTED: "nomination.notice.rejected",
    NominationState.WITHDRAWN: "nomination.notice.withdrawn",
}


@dataclass(frozen=True, slots=True)
class Nominee:
    """Who is nominated: a member of the unit, a person not registered, or the unit itself.

    Attributes:
        kind: Member, person or collective.
        unit_id: The unit proposing (and, for a collective, the nominee).
        member_id: The member, for ``NomineeKind.MEMBER``.
        name: The typed name, for ``NomineeKind.PERSON``.
    """

    kind: NomineeKind
    unit_id: int
    member_id: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class NominationDraft:
    """What the nomination dialog collected.

    Attributes:
        track: Annual, thematic or ad-hoc.
        nominee: Who is nominated, and by which unit.
        award_code: The award of the catalogue (``[[awards]]``).
        summary: The achievements (1–3000 characters).
        movement: The movement's code; required for the thematic track only.
        initiative_ids: Recognised initiatives cited as evidence.
        files: Evidence files (minh chứng) the nominator sent.
        year: The year of the achievement (this year or the last; ``None``: this year): the
            duplicate check and the exports go by it.
    """

    track: Track
    nominee: Nominee
    award_code: str
    summary: str
    movement: str = ""
    initiative_ids: tuple[int, ...] = ()
    files: tuple[FileInfo, ...] = ()
    year: int | None = None


@dataclass(frozen=True, slots=True)
class CitedInitiative:
    """A recognised initiative cited by a nomination (or one that could be)."""

    id: int
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class DecisionRef:
    """A decision or Tờ trình that covers the nomination, and what it did to it.

    Attributes:
        kind: ``decision`` or ``submission``.
        outcome: ``awarded``, ``not_awarded`` or ``sent_up``.
        cancel_reason: Why the award was cancelled (empty: it stands).
        recovered: Whether a cancelled award's reward is recovered.
    """

    kind: str
    number: str
    signed_on: date
    authority: str
    outcome: str
    cancel_reason: str = ""
    recovered: bool | None = None


@dataclass(frozen=True, slots=True)
class NominationView:
    """Everything about one nomination."""

    id: int
    code: str
    year: int
    track: Track
    movement: str
    unit_id: int
    unit: str
    nominator_id: int | None
    nominator: str
    nominee_kind: NomineeKind
    nominee_member_id: int | None
    nominee_name: str
    award_code: str
    award_name: str
    summary: str
    state: NominationState
    version: int
    submitted_at: datetime
    updated_at: datetime
    initiatives: tuple[CitedInitiative, ...]
    history: tuple[ChangeView, ...]
    files: tuple[AttachmentView, ...] = ()
    decisions: tuple[DecisionRef, ...] = ()


async def load_view(session: AsyncSession, item_id: int) -> NominationView:
    """Read a nomination with its cited initiatives and history (three small queries)."""
    row = (
        await session.execute(
            select(Nomination, Unit.name, Movement.name, Member.full_name)
            .join(Unit, Unit.id == Nomination.unit_id)
            .outerjoin(Movement, Movement.id == Nomination.movement_id)
            .outerjoin(Member, Member.id == Nomination.nominator_id)
            .where(Nomination.id == item_id)
        )
    ).first()
    if row is None:
        raise errors.NominationNotFound
    item, unit, movement, nominator = row
    cited = await session.execute(
        select(Initiative.id, Initiative.code, Initiative.title)
        .join(NominationInitiative, NominationInitiative.initiative_id == Initiative.id)
        .where(NominationInitiative.nomination_id == item_id)
        .order_by(Initiative.code)
    )
    return NominationView(
        id=item.id,
        code=item.code,
        year=item.year,
        track=Track(item.track),
        movement=movement or "",
        unit_id=item.unit_id,
        unit=unit,
        nominator_id=item.nominator_id,
        nominator=nominator or "",
        nominee_kind=NomineeKind(item.nominee_kind),
        nominee_member_id=item.nominee_member_id,
        nominee_name=item.nominee_name,
        award_code=item.award_code,
        award_name=item.award_name,
        summary=item.summary,
        state=NominationState(item.state),
        version=item.version,
        submitted_at=item.submitted_at,
        updated_at=item.updated_at,
        initiatives=tuple(CitedInitiative(*c) for c in cited),
        files=await FLOW.files(session, item_id),
        history=await FLOW.history(session, item_id),
        decisions=await _decisions(session, item_id),
    )


async def _decisions(session: AsyncSession, item_id: int) -> tuple[DecisionRef, ...]:
    rows = await session.execute(
        select(
            Decision.kind,
            Decision.number,
            Decision.signed_on,
            Decision.authority_name,
            DecisionItem.outcome,
            DecisionItem.cancel_reason,
            DecisionItem.recovered,
        )
        .join(DecisionItem, DecisionItem.decision_id == Decision.id)
        .where(DecisionItem.nomination_id == item_id)
        .order_by(Decision.recorded_at, Decision.id)
    )
    return tuple(DecisionRef(*row) for row in rows)


async def write_ledger(
    session: AsyncSession, item: Nomination, now: datetime, merit: frozenset[str]
) -> None:
    """Score an award, or take the points of a revoked one back.

    Only the tracks in ``merit`` (``[nominations] merit_tracks``) count: ad-hoc and thematic
    results are not annual merit by default (Decree 98/2023 Art. 4). A member nominee earns
    the points personally; a collective or a person who is not registered counts for the unit
    only (``member_id`` is ``None``).
    """
    if item.track not in merit:
        return
    if item.state == NominationState.AWARDED:
        session.add(_event(item, AWARDED_EVENT, 100, now))
    elif item.state == NominationState.REVOKED:
        written = await session.execute(
            select(ScoreEvent.kind, ScoreEvent.share).where(
                ScoreEvent.entity == ENTITY, ScoreEvent.entity_id == item.id
            )
        )
        net: dict[str, int] = {}
        for kind, share in written:
            net[kind] = net.get(kind, 0) + share
        session.add_all(_event(item, kind, -share, now) for kind, share in net.items() if share)


def _event(item: Nomination, kind: str, share: int, now: datetime) -> ScoreEvent:
    return ScoreEvent(
        kind=kind,
        member_id=item.nominee_member_id,
        unit_id=item.unit_id,
        share=share,
        entity=ENTITY,
        entity_id=item.id,
        at=now,
    )


async def notify_change(
    session: AsyncSession,
    texts: Texts,
    view: NominationView,
    reason: str,
    now: datetime,
    *,
    skip: int | None = None,
) -> int:
    """Tell the nominator (and, when the council recommends, the nominee member) of the
    nomination's new state."""
    key = NOTICES.get(view.state)
    if key is None:
        return 0
    wanted = {view.nominator_id}
    if view.state is NominationState.RECOMMENDED:
        wanted.add(view.nominee_member_id)
    members = [m for m in wanted if m is not None and m != skip]
    text = texts.t(key, code=view.code, name=view.nominee_name, award=view.award_name)
    reply = workflow.notice(texts, text, reason)
    # Only the nominator may open the nomination; the nominee member just reads the news.
    opens = workflow.notice(
        texts,
        text,
        reason,
        Button(texts.t("nomination.review.button.open"), NominationOpen(view.id).pack()),
    )
    nominator = [m for m in members if m == view.nominator_id]
    others = [m for m in members if m != view.nominator_id]
    return await workflow.tell(session, nominator, [opens], now) + await workflow.tell(
        session, others, [reply], now
    )
