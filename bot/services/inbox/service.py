"""The to-do inbox: every item that waits for this person's action, computed when asked.

Nothing is stored: the inbox is read from the workflows' states, the person's role and unit,
and the registry of what waits for whom (:mod:`bot.services.inbox.registry`), so it is never
out of date. Each screen is one query (a ``UNION ALL`` of the registry's ``SELECT`` s).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.inbox.queries import parameters, union_for
from bot.services.inbox.registry import WAITING, Entity, Waiting

#: The most items one screen lists (the oldest first); the rest are counted.
SHOWN = 20


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One item waiting for the person.

    Attributes:
        task: What to do (text ``inbox.task.<task>``).
        entity: The kind of item, which decides how it opens.
        item: The item's id (a plan's version for plans).
        label: Its code, or its name when it has none.
        title: Its title, or what it is about.
        since: When it started waiting (its last change).
    """

    task: str
    entity: Entity
    item: int
    label: str
    title: str
    since: datetime


@dataclass(frozen=True, slots=True)
class Inbox:
    """The oldest items waiting for a person and how many wait in all."""

    items: tuple[InboxItem, ...]
    total: int


class InboxService:
    """Reads a person's inbox; each public method is one transaction of one query."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        waiting: tuple[Waiting, ...] = WAITING,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._waiting = waiting

    async def inbox(self, member: MemberView, *, shown: int = SHOWN) -> Inbox:
        """The oldest ``shown`` items waiting for ``member``, and the count of all."""
        statement = _statement(member.role, self._waiting, shown)
        if statement is None:
            return Inbox((), 0)
        async with self._sessions.begin() as session:
            found = await (await session.connection()).execute(statement, parameters(member))
            rows = found.all()
        return Inbox(tuple(to_item(row) for row in rows), rows[0].total if rows else 0)

    async def count(self, member: MemberView) -> int:
        """How many items wait for ``member`` (for the count in the menu)."""
        statement = _count(member.role, self._waiting)
        if statement is None:
            return 0
        async with self._sessions.begin() as session:
            found = await (await session.connection()).scalar(statement, parameters(member))
            return int(found or 0)

    def age(self, item: InboxItem) -> int:
        """Whole days the item has waited."""
        return max(0, (self._clock.now() - item.since).days)


def to_item(row: Row[Any]) -> InboxItem:
    """An item from a row of a union's columns."""
    # A column read through a UNION may come back naive; everything is stored in UTC.
    since = row.since if row.since.tzinfo else row.since.replace(tzinfo=UTC)
    return InboxItem(row.task, Entity(row.entity), row.item, row.label, row.title, since)


@functools.cache
def _count(role: Role, waiting: tuple[Waiting, ...]) -> Select[int] | None:
    """How many items wait for ``role`` (parameters ``member_id``, ``unit_id``), built once."""
    every = union_for(role, waiting)
    return None if every is None else select(func.count()).select_from(every)


@functools.cache
def _statement(role: Role, waiting: tuple[Waiting, ...], shown: int) -> Select[Any] | None:
    """The inbox's query for ``role``, built once: building a statement of this size costs
    more than running it. Parameters: ``member_id``, ``unit_id``."""
    every = union_for(role, waiting)
    if every is None:
        return None
    total = func.count().over().label("total")
    return select(every, total).order_by(every.c.since, every.c.label).limit(shown)
