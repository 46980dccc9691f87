"""Audiences as data, and resolving one to the people (and chat accounts) it means today.

"Those who have not acted" are computed at resolution time, so a reminder that fires next
month reaches whoever has still not acted then.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dates import day_text
from bot.domain import InitiativeState, NominationState, NomineeKind, ReportState
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.pending import YearTask, pending_heads
from bot.services.delivery import Address, addresses
from bot.services.plans import latest
from models import (
    Acknowledgement,
    CouncilSeat,
    Initiative,
    InitiativeAuthor,
    Member,
    Nomination,
    Report,
    ReportingPeriod,
    Review,
    Unit,
)

if TYPE_CHECKING:
    from sqlalchemy import Select

    _MemberRows = Select[int, str, str]

_NOT_COUNTED = (InitiativeState.DRAFT.value, InitiativeState.WITHDRAWN.value)
_OFFICE_QUEUE_INITIATIVES = (InitiativeState.SUBMITTED.value, InitiativeState.RESUBMITTED.value)
_OFFICE_QUEUE_NOMINATIONS = (NominationState.SUBMITTED.value, NominationState.RESUBMITTED.value)


class AudienceKind(StrEnum):
    """Who a broadcast or reminder is for."""

    EVERYONE = "everyone"
    UNITS = "units"
    ROLES = "roles"
    NOT_CONFIRMED = "not_confirmed"
    NO_INITIATIVE = "no_initiative"
    REPORT_MISSING = "report_missing"
    REVIEWS_PENDING = "reviews_pending"
    #: Scheduled leaderboard posts: the board to the announcement chat, and each unit head
    #: their unit's board (a reminder of these kinds posts a chart instead of a text).
    BOARD_ANNOUNCEMENT = "board_announcement"
    BOARD_UNIT_HEADS = "board_unit_heads"
    #: Heads of the units that have not registered their targets, sent their vote list, or
    #: sent the report of the period due by then (the year's milestones, /lichthidua).
    TARGETS_MISSING = "targets_missing"
    VOTE_LIST_MISSING = "vote_list_missing"
    REPORT_DUE_MISSING = "report_due_missing"


#: The kinds that post a leaderboard rather than a text.
BOARD_POSTS = (AudienceKind.BOARD_ANNOUNCEMENT, AudienceKind.BOARD_UNIT_HEADS)
#: The kinds that mean "those who have not acted yet".
NOT_ACTED = (
    AudienceKind.NOT_CONFIRMED,
    AudienceKind.NO_INITIATIVE,
    AudienceKind.REPORT_MISSING,
    AudienceKind.REVIEWS_PENDING,
    AudienceKind.TARGETS_MISSING,
    AudienceKind.VOTE_LIST_MISSING,
    AudienceKind.REPORT_DUE_MISSING,
)
#: The kinds that mean the heads of the units that have not done a task of the year.
YEAR_TASKS = {
    AudienceKind.TARGETS_MISSING: YearTask.REGISTRATION,
    AudienceKind.VOTE_LIST_MISSING: YearTask.VOTE_LIST,
    AudienceKind.REPORT_DUE_MISSING: YearTask.REPORT,
}


@dataclass(frozen=True, slots=True)
class Audience:
    """An audience.

    Attributes:
        kind: What the audience is.
        units: Unit ids: the chosen units for ``UNITS``; for any other kind, when not empty,
            only members of these units (a unit head's broadcasts are limited so).
        roles: The chosen roles for ``ROLES``.
        due_in_days: For ``REPORT_MISSING``: only periods whose deadline is this many days
            away (empty: every open period). For a kind of :data:`YEAR_TASKS`: the task is
            the one due that many days from the firing (its first number; empty: today).
    """

    kind: AudienceKind
    units: tuple[int, ...] = ()
    roles: tuple[Role, ...] = ()
    due_in_days: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The audience as stored on a broadcast or reminder row."""
        return {
            "kind": self.kind.value,
            "units": list(self.units),
            "roles": [role.value for role in self.roles],
            "due_in_days": list(self.due_in_days),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        """Rebuild a stored audience."""
        return cls(
            AudienceKind(data["kind"]),
            tuple(int(u) for u in data.get("units", ())),
            tuple(Role(r) for r in data.get("roles", ())),
            tuple(int(d) for d in data.get("due_in_days", ())),
        )


class Reach(StrEnum):
    """Whether a recipient can be sent to."""

    OK = "ok"
    BLOCKED = "blocked"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, slots=True)
class Recipient:
    """A member an audience resolved to, with the account to send to.

    Attributes:
        context: Values for the text's placeholders (e.g. the report period and deadline).
    """

    member_id: int
    full_name: str
    unit_name: str
    reach: Reach
    channel: Channel | None = None
    chat_id: str | None = None
    context: dict[str, str] = field(default_factory=dict)


async def resolve(
    session: AsyncSession,
    audience: Audience,
    *,
    now: datetime,
    zone: ZoneInfo,
    initiative_councils: Collection[str] = (),
) -> list[Recipient]:
    """Return the audience's members (active ones in active units), by unit then name.

    ``initiative_councils`` are the codes of the councils of kind ``initiative``: their seated
    members are who evaluates initiatives (``REVIEWS_PENDING``); none means nobody.
    """
    if audience.kind is AudienceKind.UNITS and not audience.units:
        return []  # "chosen units" with none chosen is nobody, not everyone
    if audience.kind is AudienceKind.BOARD_ANNOUNCEMENT:
        return []  # a chat, not members
    today = now.astimezone(zone).date()
    contexts: dict[int, dict[str, str]] = {}
    query = _members()
    if audience.units:
        query = query.where(Member.unit_id.in_(audience.units))
    if audience.kind is AudienceKind.ROLES:
        query = query.where(Member.role.in_([role.value for role in audience.roles]))
    elif audience.kind is AudienceKind.BOARD_UNIT_HEADS:
        query = query.where(Member.role == Role.UNIT_HEAD.value)
    elif audience.kind is AudienceKind.NOT_CONFIRMED:
        query = await _not_confirmed(session, query)
    elif audience.kind is AudienceKind.NO_INITIATIVE:
        query = query.where(~_has_initiative(today.year))
    elif audience.kind is AudienceKind.REPORT_MISSING:
        contexts = await _report_missing(session, today, audience.due_in_days)
        query = query.where(Member.id.in_(contexts))
    elif audience.kind is AudienceKind.REVIEWS_PENDING:
        query = query.where(_reviews_pending(initiative_councils))
    elif audience.kind in YEAR_TASKS:
        ahead = audience.due_in_days[0] if audience.due_in_days else 0
        due = today + timedelta(days=ahead)
        query = query.where(await pending_heads(session, YEAR_TASKS[audience.kind], due))
    rows = (await session.execute(query)).all()
    found = await addresses(session, [row.id for row in rows])
    return [
        _recipient(row.id, row.full_name, row.unit_name, found.get(row.id), contexts)
        for row in rows
    ]


def _members() -> _MemberRows:
    return (
        select(Member.id, Member.full_name, Unit.name.label("unit_name"))
        .join(Unit, Unit.id == Member.unit_id)
        .where(Member.active.is_(True), Unit.active.is_(True))
        .order_by(Unit.id, Member.full_name, Member.id)
    )


async def _not_confirmed(session: AsyncSession, query: _MemberRows) -> _MemberRows:
    plan = await latest(session)
    if plan is None:
        return query.where(false())
    confirmed = exists().where(
        Acknowledgement.plan_id == plan.id, Acknowledgement.member_id == Member.id
    )
    return query.where(~confirmed)


def _has_initiative(year: int) -> Any:
    counted = and_(Initiative.year == year, Initiative.state.not_in(_NOT_COUNTED))
    as_author = exists().where(Initiative.author_id == Member.id, counted)
    as_coauthor = exists().where(
        InitiativeAuthor.member_id == Member.id,
        Initiative.id == InitiativeAuthor.initiative_id,
        counted,
    )
    return or_(as_author, as_coauthor)


async def _report_missing(
    session: AsyncSession, today: date, due_in_days: Sequence[int]
) -> dict[int, dict[str, str]]:
    """Heads of units without a report (or with a returned one) in an open period."""
    periods = (
        await session.scalars(
            select(ReportingPeriod)
            .where(ReportingPeriod.open.is_(True))
            .order_by(ReportingPeriod.deadline, ReportingPeriod.id)
        )
    ).all()
    if due_in_days:
        periods = [p for p in periods if (p.deadline - today).days in due_in_days]
    contexts: dict[int, dict[str, str]] = {}
    for period in periods:
        sent = exists().where(
            Report.period_id == period.id,
            Report.unit_id == Member.unit_id,
            Report.state != ReportState.RETURNED.value,
        )
        heads = await session.scalars(
            select(Member.id).where(
                Member.active.is_(True), Member.role == Role.UNIT_HEAD.value, ~sent
            )
        )
        for member_id in heads:
            contexts.setdefault(
                member_id,
                {"ky_bao_cao": period.name, "han_nop": day_text(period.deadline)},
            )
    return contexts


def _reviews_pending(initiative_councils: Collection[str]) -> Any:
    # Nobody is asked to judge their own item: the SQL twins of ``initiative_stake`` and
    # ``nomination_stake`` (bot.services.*_workflow) leave those items out.
    office_queue = or_(
        exists().where(Initiative.state.in_(_OFFICE_QUEUE_INITIATIVES), ~_own_initiative()),
        exists().where(Nomination.state.in_(_OFFICE_QUEUE_NOMINATIONS), ~_own_nomination()),
    )
    # The member is two queries up: correlate explicitly, or "members" becomes a FROM of its
    # own and one council member's review would count as everyone's.
    scored = (
        exists()
        .where(Review.initiative_id == Initiative.id, Review.member_id == Member.id)
        .correlate_except(Review)
    )
    unscored = exists().where(
        Initiative.state == InitiativeState.UNDER_REVIEW.value, ~scored, ~_own_initiative()
    )
    # Who evaluates is who the evaluation admits: a seat on an initiative council, any role.
    seated = exists().where(
        CouncilSeat.member_id == Member.id,
        CouncilSeat.council_code.in_(sorted(initiative_councils)),
    )
    return or_(
        and_(Member.role.in_([Role.OFFICE.value, Role.ADMIN.value]), office_queue),
        and_(seated, unscored),
    )


def _own_initiative() -> Any:
    """The member (of the outer query) proposed or co-authored the initiative."""
    coauthor = (
        exists()
        .where(
            InitiativeAuthor.initiative_id == Initiative.id,
            InitiativeAuthor.member_id == Member.id,
        )
        .correlate_except(InitiativeAuthor)
    )
    return or_(Initiative.author_id == Member.id, coauthor)


def _own_nomination() -> Any:
    """The member is the nominee, or of the nominee's unit and its collective or nominator."""
    # The nominee may be NULL: "IS NOT DISTINCT FROM" keeps the negation two-valued.
    return or_(
        Nomination.nominee_member_id.is_not_distinct_from(Member.id),
        and_(
            Nomination.unit_id == Member.unit_id,
            or_(
                Nomination.nominee_kind == NomineeKind.COLLECTIVE.value,
                Nomination.nominator_id.is_not_distinct_from(Member.id),
            ),
        ),
    )


def _recipient(
    member_id: int,
    full_name: str,
    unit_name: str,
    address: Address | None,
    contexts: dict[int, dict[str, str]],
) -> Recipient:
    context = {"ho_ten": full_name, "don_vi": unit_name, **contexts.get(member_id, {})}
    if address is None:
        return Recipient(member_id, full_name, unit_name, Reach.UNREACHABLE, context=context)
    reach = Reach.BLOCKED if address.blocked else Reach.OK
    return Recipient(
        member_id, full_name, unit_name, reach, address.channel, address.chat_id, context=context
    )
