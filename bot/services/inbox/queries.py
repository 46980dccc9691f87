"""Each registered :class:`~bot.services.inbox.registry.Waiting` as one ``SELECT`` for a role.

Every ``SELECT`` has the same columns (task, entity, item, label, title, since), so the inbox
is their ``UNION ALL``: one query whatever the number of items. The member and their unit are
bound parameters (``member_id``, ``unit_id``), so a role's statement is built once and its
compiled form reused for every member; or, for a digest, every active member of a role at once
(:func:`union_of_role`: each ``SELECT`` joined to the role's members, whose id it selects as
``member``), so a role's digests are one query, not one per member.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute

from bot.domain import NomineeKind
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.inbox.registry import Entity, Waiting, Who
from models import (
    Acknowledgement,
    CouncilSeat,
    Initiative,
    InitiativeAuthor,
    Member,
    Nomination,
    Plan,
    Report,
    ReportingPeriod,
    Review,
    Unit,
    VoteList,
)

Query = Select[Any]


@dataclass(frozen=True)
class Subject:
    """Whose inbox a ``SELECT`` reads: the member and unit it compares items with, and, when
    it reads every member of a role at once, the members' subquery it joins."""

    member_id: ColumnElement[int]
    unit_id: ColumnElement[int]
    members: Subquery | None = None


#: One member, given as the parameters ``member_id`` and ``unit_id``.
ONE = Subject(bindparam("member_id", type_=Integer), bindparam("unit_id", type_=Integer))


def _columns(
    waiting: Waiting,
    subject: Subject,
    item: QueryableAttribute[int],
    label: QueryableAttribute[str],
    title: QueryableAttribute[str],
    since: QueryableAttribute[datetime],
) -> Query:
    """The ``SELECT`` of one entry, with the columns every entry has, in the same order (the
    member first when it reads a role's members)."""
    columns: list[ColumnElement[Any]] = [
        literal(waiting.task, String).label("task"),
        literal(waiting.entity.value, String).label("entity"),
        item.label("item"),
        label.label("label"),
        title.label("title"),
        since.label("since"),
    ]
    if subject.members is None:
        return select(*columns)
    query = select(subject.member_id.label("member"), *columns).select_from(item.class_)
    return query.join(subject.members, true())


def _initiatives(waiting: Waiting, subject: Subject) -> Query:
    query = _columns(
        waiting, subject, Initiative.id, Initiative.code, Initiative.title, Initiative.updated_at
    ).where(Initiative.state.in_(waiting.states))
    if waiting.who is Who.AUTHOR:
        return query.where(Initiative.author_id == subject.member_id)
    if waiting.evaluated:
        query = query.where(exists().where(Review.initiative_id == Initiative.id))
    if waiting.who is Who.SEATED:
        seat = exists().where(
            CouncilSeat.member_id == subject.member_id,
            CouncilSeat.council_code.in_(sorted(waiting.councils)),
        )
        done = exists().where(
            Review.initiative_id == Initiative.id, Review.member_id == subject.member_id
        )
        query = query.where(seat, not_(done))
    coauthor = exists().where(
        InitiativeAuthor.initiative_id == Initiative.id,
        InitiativeAuthor.member_id == subject.member_id,
    )
    return query.where(Initiative.author_id != subject.member_id, not_(coauthor))


def _nominations(waiting: Waiting, subject: Subject) -> Query:
    query = _columns(
        waiting,
        subject,
        Nomination.id,
        Nomination.code,
        Nomination.nominee_name,
        Nomination.updated_at,
    ).where(Nomination.state.in_(waiting.states))
    on_sent_list = exists().where(VoteList.id == Nomination.list_id, VoteList.state == "submitted")
    query = query.where(not_(on_sent_list))  # the list waits as one task
    if waiting.besides_awards:
        query = query.where(Nomination.award_code.not_in(sorted(waiting.besides_awards)))
    if waiting.who is Who.AUTHOR:
        return query.where(Nomination.nominator_id == subject.member_id)
    # The stake rule of nominations.nomination_stake, as SQL.
    own_unit = and_(
        Nomination.unit_id == subject.unit_id,
        or_(
            Nomination.nominee_kind == NomineeKind.COLLECTIVE.value,
            Nomination.nominator_id == subject.member_id,
        ),
    )
    nominee = and_(
        Nomination.nominee_member_id.is_not(None),
        Nomination.nominee_member_id == subject.member_id,
    )
    return query.where(not_(or_(nominee, own_unit)))


def _reports(waiting: Waiting, subject: Subject) -> Query:
    query = _columns(
        waiting, subject, Report.id, ReportingPeriod.name, Unit.name, Report.updated_at
    )
    query = query.join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
    query = query.join(Unit, Unit.id == Report.unit_id)
    query = query.where(Report.state.in_(waiting.states))
    if waiting.who is Who.UNIT_HEADS:
        # A report returned before its period closed can no longer be sent again.
        return query.where(Report.unit_id == subject.unit_id, ReportingPeriod.open.is_(True))
    return query


def _periods(waiting: Waiting, subject: Subject) -> Query:
    sent = exists().where(
        Report.period_id == ReportingPeriod.id, Report.unit_id == subject.unit_id
    )
    return _columns(
        waiting,
        subject,
        ReportingPeriod.id,
        ReportingPeriod.name,
        ReportingPeriod.name,
        ReportingPeriod.opened_at,
    ).where(ReportingPeriod.open.is_(True), not_(sent))


def _plans(waiting: Waiting, subject: Subject) -> Query:
    newest = select(func.max(Plan.version)).scalar_subquery()
    confirmed = exists().where(
        Acknowledgement.plan_id == Plan.id, Acknowledgement.member_id == subject.member_id
    )
    return _columns(
        waiting, subject, Plan.version, Plan.title, Plan.title, Plan.published_at
    ).where(Plan.version == newest, not_(confirmed))


#: A sent list's time of sending (set whenever it is sent: the only state that waits).
_LIST_SENT = cast("QueryableAttribute[datetime]", VoteList.submitted_at)


def _vote_lists(waiting: Waiting, subject: Subject) -> Query:
    query = _columns(waiting, subject, VoteList.id, VoteList.code, Unit.name, _LIST_SENT)
    return query.join(Unit, Unit.id == VoteList.unit_id).where(VoteList.state.in_(waiting.states))


_QUERIES: dict[Entity, Callable[[Waiting, Subject], Query]] = {
    Entity.INITIATIVE: _initiatives,
    Entity.NOMINATION: _nominations,
    Entity.REPORT: _reports,
    Entity.PERIOD: _periods,
    Entity.PLAN: _plans,
    Entity.VOTE_LIST: _vote_lists,
}


#: When an item of each kind last started waiting (the ``since`` of its entries).
_SINCE: dict[Entity, QueryableAttribute[datetime]] = {
    Entity.INITIATIVE: Initiative.updated_at,
    Entity.NOMINATION: Nomination.updated_at,
    Entity.REPORT: Report.updated_at,
    Entity.PERIOD: ReportingPeriod.opened_at,
    Entity.PLAN: Plan.published_at,
    Entity.VOTE_LIST: _LIST_SENT,
}


def last_change(waiting: tuple[Waiting, ...]) -> Select[datetime | None]:
    """When any item of the entries' kinds last started waiting, whoever it waits for: a run
    of the notices with nothing newer than every mark has nothing to tell."""
    kinds = sorted({w.entity for w in waiting})
    each = union_all(*(select(func.max(_SINCE[kind]).label("at")) for kind in kinds)).subquery()
    return select(func.max(each.c.at))


@functools.cache
def union_for(role: Role, waiting: tuple[Waiting, ...]) -> Subquery | None:
    """The ``UNION ALL`` of the entries that may wait for ``role``, in the entries' order
    (``None`` when none may); its parameters are ``member_id`` and ``unit_id``."""
    queries = [_QUERIES[w.entity](w, ONE) for w in waiting if role in w.roles]
    return union_all(*queries).subquery("waiting") if queries else None


@functools.cache
def union_of_role(role: Role, waiting: tuple[Waiting, ...]) -> Subquery | None:
    """The same union for every active member of ``role`` at once, each row with its
    ``member``; no parameters."""
    members = (
        select(Member.id, Member.unit_id)
        .where(Member.active.is_(True), Member.role == role.value)
        .subquery("members")
    )
    subject = Subject(members.c.id, members.c.unit_id, members)
    queries = [_QUERIES[w.entity](w, subject) for w in waiting if role in w.roles]
    return union_all(*queries).subquery("waiting") if queries else None


def parameters(member: MemberView) -> dict[str, int]:
    """The values of a union's parameters for ``member``."""
    return {"member_id": member.id, "unit_id": member.unit.id}
