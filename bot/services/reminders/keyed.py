"""Reminders the configuration names by key: ``[[reminders]]`` defaults, and the reminders of
``[[milestones]]``. A new key becomes a row; a known one takes the configured values but keeps
the Office's pause and deletion; keys of a family the configuration no longer names are
deleted (so a milestone's old reminder days stop)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.broadcasts import Audience
from bot.services.common import audit
from models import Reminder


@dataclass(frozen=True, slots=True)
class KeyedReminder:
    """A reminder as the configuration names it."""

    key: str
    name: str
    text: str
    audience: Audience
    cron: str
    urgent: bool = False
    paused: bool = False


async def upsert(session: AsyncSession, reminder: KeyedReminder, now: datetime) -> None:
    """Create the reminder, or update the values the configuration sets."""
    values = {
        "name": reminder.name,
        "text": reminder.text,
        "audience": reminder.audience.to_json(),
        "cron": reminder.cron,
        "urgent": reminder.urgent,
    }
    row = await session.scalar(select(Reminder).where(Reminder.key == reminder.key))
    if row is None:
        session.add(
            Reminder(
                key=reminder.key,
                paused=reminder.paused,
                deleted=False,
                created_at=now,
                updated_at=now,
                **values,
            )
        )
    elif any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now


async def retire(session: AsyncSession, prefix: str, keep: Collection[str], now: datetime) -> None:
    """Delete the live reminders whose key starts with ``prefix`` and is not in ``keep``."""
    rows = await session.scalars(
        select(Reminder).where(
            Reminder.key.startswith(prefix, autoescape=True), Reminder.deleted.is_(False)
        )
    )
    for row in rows:
        if row.key in keep:
            continue
        row.deleted, row.updated_at = True, now
        audit.record(
            session,
            at=now,
            actor=audit.SYSTEM,
            action="reminder.retire",
            entity="reminder",
            entity_id=row.id,
            after={"key": str(row.key)},
        )
