"""What started waiting for each member of a role since they were last told, in one query.

A member's mark (``inbox_notices.told_until``) bounds their rows; items a member moved there
themselves are left out (they know); a member without a mark yet is told of nothing (their
menu's count and ``/viecchoxuly`` show what waited before).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.roles import Role
from bot.services.inbox.queries import union_of_role
from bot.services.inbox.registry import Waiting
from bot.services.inbox.service import Inbox, to_item
from models import InboxNotice, StateChange


async def read_arrivals(
    session: AsyncSession,
    role: Role,
    waiting: tuple[Waiting, ...],
    *,
    until: datetime,
    shown: int,
) -> dict[int, Inbox]:
    """For each member of ``role`` told before, the oldest ``shown`` items of ``waiting`` that
    started waiting for them after their mark and by ``until``, and how many there are."""
    statement = _statement(role, waiting, shown)
    if statement is None:
        return {}
    rows = (await (await session.connection()).execute(statement, {"until": until})).all()
    by_member: dict[int, list[Row[Any]]] = {}
    for row in rows:
        by_member.setdefault(row.member, []).append(row)
    return {
        member: Inbox(tuple(to_item(row) for row in found), found[0].total)
        for member, found in by_member.items()
    }


@functools.cache
def _statement(role: Role, waiting: tuple[Waiting, ...], shown: int) -> Select[Any] | None:
    """The arrivals' query for every member of ``role``, built once; parameter ``until``."""
    every = union_of_role(role, waiting)
    if every is None:
        return None
    moved_by_member = exists().where(
        StateChange.entity == every.c.entity,
        StateChange.entity_id == every.c.item,
        StateChange.at == every.c.since,
        StateChange.actor_member_id == every.c.member,
    )
    new = (
        select(every)
        .join(InboxNotice, InboxNotice.member_id == every.c.member)
        .where(
            every.c.since > InboxNotice.told_until,
            every.c.since <= bindparam("until"),
            ~moved_by_member,
        )
        .subquery()
    )
    order = (new.c.since, new.c.label)
    ranked = select(
        new,
        func.count().over(partition_by=new.c.member).label("total"),
        func.row_number().over(partition_by=new.c.member, order_by=order).label("rank"),
    ).subquery()
    return select(ranked).where(ranked.c.rank <= shown).order_by(ranked.c.member, ranked.c.rank)
