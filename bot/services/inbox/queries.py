"""Each registered :class:`~bot.services.inbox.registry.Waiting` as one ``SELECT`` for a role.

Every ``SELECT`` has the same columns (task, entity, item, label, title, since), so the inbox
is their ``UNION ALL``: one query whatever the number of items. The member and their unit are
bound parameters (``member_id``, ``unit_id``), so a role's statement is built once and its
compiled form reused for every member.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

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
    union_all,
)

from bot.domain import NomineeKind
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.inbox.registry import Entity, Waiting, Who
from models import (
    Acknowledgement,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Plan,
    Report,
    ReportingPeriod,
    Unit,
)

Query = Select[str, str, int, str, str, datetime]
MEMBER_ID = bindparam("member_id", type_=Integer)
UNIT_ID = bindparam("unit_id", type_=Integer)


def _head(waiting: Waiting) -> tuple[ColumnElement[str], ColumnElement[str]]:
    return (
        literal(waiting.task, String).label("task"),
        literal(waiting.entity.value, String).label("entity"),
    )


def _initiatives(waiting: Waiting) -> Query:
    query = select(
        *_head(waiting),
        Initiative.id.label("item"),
        Initiative.code.label("label"),
        Initiative.title.label("title"),
        Initiative.updated_at.label("since"),
    ).where(Initiative.state.in_(waiting.states))
    if waiting.who is Who.AUTHOR:
        return query.where(Initiative.author_id == MEMBER_ID)
    coauthor = exists().where(
        InitiativeAuthor.initiative_id == Initiative.id, InitiativeAuthor.member_id == MEMBER_ID
    )
    return query.where(Initiative.author_id != MEMBER_ID, not_(coauthor))


def _nominations(waiting: Waiting) -> Query:
    query = select(
        *_head(waiting),
        Nomination.id.label("item"),
        Nomination.code.label("label"),
        Nomination.nominee_name.label("title"),
        Nomination.updated_at.label("since"),
    ).where(Nomination.state.in_(waiting.states))
    if waiting.who is Who.AUTHOR:
        return query.where(Nomination.nominator_id == MEMBER_ID)
    # The stake rule of nominations.nomination_stake, as SQL.
    own_unit = and_(
        Nomination.unit_id == UNIT_ID,
        or_(
            Nomination.nominee_kind == NomineeKind.COLLECTIVE.value,
            Nomination.nominator_id == MEMBER_ID,
        ),
    )
    nominee = and_(
        Nomination.nominee_member_id.is_not(None), Nomination.nominee_member_id == MEMBER_ID
    )
    return query.where(not_(or_(nominee, own_unit)))


def _reports(waiting: Waiting) -> Query:
    query = select(
        *_head(waiting),
        Report.id.label("item"),
        ReportingPeriod.name.label("label"),
        Unit.name.label("title"),
        Report.updated_at.label("since"),
    )
    query = query.join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
    query = query.join(Unit, Unit.id == Report.unit_id)
    query = query.where(Report.state.in_(waiting.states))
    if waiting.who is Who.UNIT_HEADS:
        return query.where(Report.unit_id == UNIT_ID)
    return query


def _periods(waiting: Waiting) -> Query:
    sent = exists().where(Report.period_id == ReportingPeriod.id, Report.unit_id == UNIT_ID)
    return select(
        *_head(waiting),
        ReportingPeriod.id.label("item"),
        ReportingPeriod.name.label("label"),
        ReportingPeriod.name.label("title"),
        ReportingPeriod.opened_at.label("since"),
    ).where(ReportingPeriod.open.is_(True), not_(sent))


def _plans(waiting: Waiting) -> Query:
    newest = select(func.max(Plan.version)).scalar_subquery()
    confirmed = exists().where(
        Acknowledgement.plan_id == Plan.id, Acknowledgement.member_id == MEMBER_ID
    )
    return select(
        *_head(waiting),
        Plan.version.label("item"),
        Plan.title.label("label"),
        Plan.title.label("title"),
        Plan.published_at.label("since"),
    ).where(Plan.version == newest, not_(confirmed))


_QUERIES: dict[Entity, Callable[[Waiting], Query]] = {
    Entity.INITIATIVE: _initiatives,
    Entity.NOMINATION: _nominations,
    Entity.REPORT: _reports,
    Entity.PERIOD: _periods,
    Entity.PLAN: _plans,
}


@functools.cache
def union_for(role: Role, waiting: tuple[Waiting, ...]) -> Subquery | None:
    """The ``UNION ALL`` of the entries that may wait for ``role``, in the entries' order
    (``None`` when none may); its parameters are ``member_id`` and ``unit_id``."""
    queries = [_QUERIES[w.entity](w) for w in waiting if role in w.roles]
    return union_all(*queries).subquery("waiting") if queries else None


def parameters(member: MemberView) -> dict[str, int]:
    """The values of a union's parameters for ``member``."""
    return {"member_id": member.id, "unit_id": member.unit.id}
