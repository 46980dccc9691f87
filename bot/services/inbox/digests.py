"""The digest of what still waits: on each role's schedule, one message per member of the role
with how many items wait for each task and the oldest of them (nothing when nothing waits).

Each role's cursor (``inbox_digests.slot_at``) is the last slot handled. Moving it is a
conditional ``UPDATE`` in the transaction that queues the digests, so neither a restart nor a
second process sends a slot twice; a slot missed while the bot was down is sent once when at
most ``grace`` old, later ones are skipped and written to the audit log (as reminders are).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config_schedules import DigestSettings
from bot.labels import shorten
from bot.roles import Role
from bot.services.common import audit, insert_ignoring_duplicates
from bot.services.inbox.queries import union_of_role
from bot.services.inbox.registry import Waiting
from bot.services.inbox.service import InboxItem, to_item
from bot.services.reminders import cron
from bot.texts import Safe, Texts
from models import InboxDigest

#: The most items a digest names (the oldest); every task is counted.
SHOWN = 5
#: How many characters of an item's title its line shows.
TITLE_SHOWN = 60


@dataclass(frozen=True, slots=True)
class TaskCount:
    """How many items wait for one task, and since when the oldest waits."""

    task: str
    count: int
    oldest: datetime


@dataclass(frozen=True, slots=True)
class Digest:
    """What waits for one member: the count of each task, and the oldest items."""

    tasks: tuple[TaskCount, ...]
    oldest: tuple[InboxItem, ...]

    @property
    def total(self) -> int:
        """How many items wait in all."""
        return sum(task.count for task in self.tasks)


@dataclass(frozen=True, slots=True)
class DigestTimes:
    """When digests are due.

    Attributes:
        schedules: Each role's schedule (``[inbox.digest]``).
        zone: The organisation's time zone.
        grace: A slot missed by longer than this is skipped.
        day_off: Whether a local date is a day off (no daily digest then).
    """

    schedules: DigestSettings
    zone: ZoneInfo
    grace: timedelta
    day_off: Callable[[date], bool]


async def due_roles(session: AsyncSession, times: DigestTimes, now: datetime) -> list[Role]:
    """The roles whose digest is due now, each slot claimed once (a role seen for the first
    time starts from now)."""
    crons = {role: expr for role in Role if (expr := times.schedules.of(role).cron)}
    if not crons:
        return []
    rows = await session.execute(select(InboxDigest.role, InboxDigest.slot_at))
    cursors = {Role(role): slot_at for role, slot_at in rows.all()}
    new = [{"role": role.value, "slot_at": now} for role in crons if role not in cursors]
    if new:
        await insert_ignoring_duplicates(session, InboxDigest, new)
    due: list[Role] = []
    for role, expr in crons.items():
        if role not in cursors:
            continue
        slot = cron.latest_due(expr, times.zone, cursors[role], now)
        if slot is None or not await _advance(session, role, slot):
            continue
        if now - slot > times.grace:
            _missed(session, role, slot, now)
        elif times.schedules.of(role).every == "weekly" or not times.day_off(
            slot.astimezone(times.zone).date()
        ):
            due.append(role)
    return due


async def _advance(session: AsyncSession, role: Role, slot: datetime) -> bool:
    won = await session.scalar(
        update(InboxDigest)
        .where(InboxDigest.role == role.value, InboxDigest.slot_at < slot)
        .values(slot_at=slot)
        .returning(InboxDigest.role)
    )
    return won is not None


def _missed(session: AsyncSession, role: Role, slot: datetime, now: datetime) -> None:
    audit.record(
        session,
        at=now,
        actor=audit.SYSTEM,
        action="inbox.digest_missed",
        entity="inbox_digest",
        entity_id=role.value,
        after={"due": slot.isoformat()},
    )


async def read_digests(
    session: AsyncSession, role: Role, waiting: tuple[Waiting, ...]
) -> dict[int, Digest]:
    """What waits for each active member of ``role`` for whom anything does, in one query:
    each task's count, and the oldest items."""
    statement = _statement(role, waiting)
    if statement is None:
        return {}
    rows = (await (await session.connection()).execute(statement)).all()
    by_member: dict[int, list[Row[Any]]] = {}
    for row in rows:
        by_member.setdefault(row.member, []).append(row)
    place = {entry.task: index for index, entry in enumerate(waiting)}
    return {member: _digest(found, place) for member, found in by_member.items()}


def _digest(rows: list[Row[Any]], place: dict[str, int]) -> Digest:
    firsts = sorted((row for row in rows if row.task_rank == 1), key=lambda r: place[r.task])
    tasks = tuple(TaskCount(row.task, row.in_task, to_item(row).since) for row in firsts)
    return Digest(tasks, tuple(to_item(row) for row in rows if row.rank <= SHOWN))


@functools.cache
def _statement(role: Role, waiting: tuple[Waiting, ...]) -> Select[Any] | None:
    """The digests' query for every member of ``role``, built once: each member's rows
    ranked apart (a statement of this size costs more to build than to run)."""
    every = union_of_role(role, waiting)
    if every is None:
        return None
    order = (every.c.since, every.c.label)
    task = (every.c.member, every.c.task)
    ranked = select(
        every,
        func.count().over(partition_by=task).label("in_task"),
        func.row_number().over(partition_by=task, order_by=order).label("task_rank"),
        func.row_number().over(partition_by=every.c.member, order_by=order).label("rank"),
    ).subquery()
    return (
        select(ranked)
        .where(or_(ranked.c.rank <= SHOWN, ranked.c.task_rank == 1))
        .order_by(ranked.c.member, ranked.c.rank)
    )


def digest_text(texts: Texts, digest: Digest, now: datetime) -> str:
    """The digest's message."""
    t = texts.t
    lines = [t("inbox.digest.title", count=digest.total)]
    for task in digest.tasks:
        days = _days(now, task.oldest)
        waited = (
            t("inbox.digest.since_days", days=days)
            if days
            else t("inbox.digest.since_under_a_day")
        )
        lines.append(
            t("inbox.digest.task", task=t(f"inbox.task.{task.task}"), count=task.count, age=waited)
        )
    lines.append(t("inbox.digest.oldest"))
    lines += [_item_line(texts, item, now) for item in digest.oldest]
    return "\n".join(lines)


def _item_line(texts: Texts, item: InboxItem, now: datetime) -> str:
    t = texts.t
    days = _days(now, item.since)
    title = shorten(item.title, TITLE_SHOWN) if item.title != item.label else ""
    return t(
        "inbox.digest.item",
        task=t(f"inbox.task.{item.task}"),
        label=item.label,
        title=Safe(t("inbox.title_part", title=title)) if title else "",
        age=t("inbox.age.days", days=days) if days else t("inbox.age.today"),
    )


def _days(now: datetime, since: datetime) -> int:
    return max(0, (now - since).days)
