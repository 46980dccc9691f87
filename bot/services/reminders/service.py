"""Recurring reminders (nhắc việc): cron schedules stored as rows, fired into broadcasts.

``last_fired_at`` is the cursor of a reminder: the scheduled time of the last firing handled
(fired, or skipped as too late). Moving it forward is a conditional update, so neither a
restart nor a second process repeats a firing, and a firing missed while the bot was down
runs once at start-up when it is within the grace period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_schedules import ReminderDefault
from bot.dialog_spec import Draft
from bot.roles import OFFICE
from bot.services.broadcasts import Audience, AudienceKind, BroadcastService
from bot.services.common import Doorbell, MemberView, audit, require_role
from bot.services.conversation import drafts
from bot.services.reminders import cron, keyed
from bot.services.reminders.keyed import KeyedReminder
from bot.texts import Texts
from models import Broadcast, BroadcastState, Reminder


@dataclass(frozen=True, slots=True)
class ReminderDraft:
    """A reminder as composed in chat."""

    name: str
    text: str
    audience: Audience
    cron: str
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class ReminderView:
    """A reminder as listed."""

    id: int
    key: str | None
    name: str
    text: str
    audience: Audience
    cron: str
    urgent: bool
    paused: bool
    last_fired_at: datetime | None
    next_at: datetime | None
    last_sent_at: datetime | None = None


class ReminderService(Doorbell):
    """Reminder use cases; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        broadcasts: BroadcastService,
        *,
        zone: ZoneInfo,
        grace: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._broadcasts = broadcasts
        self._zone = zone
        self._grace = grace
        super().__init__()

    def next_at(self, expr: str) -> datetime | None:
        """When a cron expression fires next (raises ``InvalidSchedule`` when invalid)."""
        return cron.next_after(expr, self._zone, self._clock.now())

    async def sync_defaults(self, defaults: Sequence[ReminderDefault]) -> None:
        """Create the configured reminders that are new, update the others (not their pause)."""
        await self.sync_keyed([self._keyed(default) for default in defaults])

    async def sync_keyed(
        self, reminders: Sequence[KeyedReminder], *, retire_prefix: str = ""
    ) -> None:
        """Create the keyed reminders that are new and update the others (not their pause or
        deletion); with ``retire_prefix``, delete the live ones under it that ``reminders``
        no longer names.

        Raises:
            InvalidSchedule: A cron expression is not valid.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            for reminder in reminders:
                cron.trigger(reminder.cron, self._zone)
                await keyed.upsert(session, reminder, now)
            if retire_prefix:
                await keyed.retire(session, retire_prefix, {r.key for r in reminders}, now)

    def _keyed(self, default: ReminderDefault) -> KeyedReminder:
        return KeyedReminder(
            key=default.key,
            name=default.name or self._texts.t(f"reminder.defaults.{default.key}.name"),
            text=default.text or self._texts.raw(f"reminder.defaults.{default.key}.text"),
            audience=Audience(AudienceKind(default.audience), due_in_days=default.due_in_days),
            cron=default.cron,
            urgent=default.urgent,
            paused=default.paused,
        )

    async def all(self, actor: MemberView) -> list[ReminderView]:
        """Every reminder not deleted, in creation order."""
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(Reminder).where(Reminder.deleted.is_(False)).order_by(Reminder.id)
                )
            ).all()
            sent = await _last_sent(session)
            return [self._view(row, sent.get(row.id)) for row in rows]

    async def get(self, actor: MemberView, reminder_id: int) -> ReminderView:
        """One reminder."""
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            row = await _live(session, reminder_id)
            return self._view(row, (await _last_sent(session, row.id)).get(row.id))

    async def create(
        self, actor: MemberView, draft: ReminderDraft, *, dialog: Draft | None = None
    ) -> ReminderView:
        """Store a new reminder; it fires from its next scheduled time on."""
        require_role(actor, OFFICE)
        cron.trigger(draft.cron, self._zone)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            row = Reminder(
                name=draft.name,
                text=draft.text,
                audience=draft.audience.to_json(),
                cron=draft.cron,
                urgent=draft.urgent,
                paused=False,
                deleted=False,
                created_by=actor.id,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            await session.flush()
            self._audit(session, actor, "reminder.create", row.id, now, {"cron": draft.cron})
            view = self._view(row)
            await drafts.close(session, dialog, "dialog.done.reminder", at=now, name=view.name)
        self.notify()
        return view

    async def set_paused(
        self, actor: MemberView, reminder_id: int, *, paused: bool
    ) -> ReminderView:
        """Pause or resume; firings due while paused are not sent afterwards."""
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            row = await _live(session, reminder_id)
            if row.paused != paused:
                row.paused, row.updated_at = paused, now
                if not paused:
                    row.last_fired_at = now
                action = "reminder.pause" if paused else "reminder.resume"
                self._audit(session, actor, action, row.id, now, None)
            view = self._view(row)
        self.notify()
        return view

    async def delete(self, actor: MemberView, reminder_id: int) -> None:
        """Delete a reminder (kept as a row, so a configured default stays deleted)."""
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            row = await _live(session, reminder_id)
            row.deleted, row.updated_at = True, now
            self._audit(session, actor, "reminder.delete", row.id, now, None)
        self.notify()

    async def schedules(self) -> dict[int, str]:
        """Active reminders' cron expressions by id (what the scheduler registers)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Reminder.id, Reminder.cron).where(
                    Reminder.deleted.is_(False), Reminder.paused.is_(False)
                )
            )
            return {int(rid): str(expr) for rid, expr in rows.all()}

    async def catch_up(self) -> list[int]:
        """Fire each reminder whose last firing was missed (within the grace period)."""
        fired = [await self.fire_due(rid) for rid in await self.schedules()]
        return [bid for bid in fired if bid is not None]

    async def fire_due(self, reminder_id: int) -> int | None:
        """Fire the reminder's latest due firing once; return the broadcast id, if any."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            row = await session.get(Reminder, reminder_id)
            if row is None or row.deleted or row.paused:
                return None
            due = cron.latest_due(row.cron, self._zone, row.last_fired_at or row.created_at, now)
            if due is None or not await _advance(session, row.id, due):
                return None
            if now - due > self._grace:
                audit.record(
                    session,
                    at=now,
                    actor=audit.SYSTEM,
                    action="reminder.missed",
                    entity="reminder",
                    entity_id=row.id,
                    after={"due": due.isoformat()},
                )
                return None
            broadcast = Broadcast(
                reminder_id=row.id,
                fire_at=due,
                text=row.text,
                audience=row.audience,
                urgent=row.urgent,
                state=BroadcastState.SCHEDULED,
                send_at=now,
                starts_at=self._broadcasts.starts_at(now, urgent=row.urgent),
                total=0,
                progress_text="",
                created_at=now,
            )
            session.add(broadcast)
            await session.flush()
            broadcast_id = broadcast.id
        self._broadcasts.notify()
        return broadcast_id

    def _view(self, row: Reminder, last_sent_at: datetime | None = None) -> ReminderView:
        return ReminderView(
            id=row.id,
            key=row.key,
            name=row.name,
            text=row.text,
            audience=Audience.from_json(row.audience),
            cron=row.cron,
            urgent=row.urgent,
            paused=row.paused,
            last_fired_at=row.last_fired_at,
            next_at=None if row.paused else self.next_at(row.cron),
            last_sent_at=last_sent_at,
        )

    @staticmethod
    def _audit(
        session: AsyncSession,
        actor: MemberView,
        action: str,
        reminder_id: int,
        now: datetime,
        after: dict[str, str] | None,
    ) -> None:
        audit.record(
            session,
            at=now,
            actor=audit.Actor(actor.full_name, actor.id),
            action=action,
            entity="reminder",
            entity_id=reminder_id,
            after=after,
        )


async def _live(session: AsyncSession, reminder_id: int) -> Reminder:
    row = await session.get(Reminder, reminder_id)
    if row is None or row.deleted:
        raise errors.ReminderNotFound
    return row


async def _last_sent(session: AsyncSession, reminder_id: int | None = None) -> dict[int, datetime]:
    """When each reminder last went out (its latest broadcast that started)."""
    query = (
        select(Broadcast.reminder_id, func.max(Broadcast.started_at))
        .where(Broadcast.reminder_id.is_not(None), Broadcast.started_at.is_not(None))
        .group_by(Broadcast.reminder_id)
    )
    if reminder_id is not None:
        query = query.where(Broadcast.reminder_id == reminder_id)
    rows = await session.execute(query)
    return {rid: at for rid, at in rows.all() if rid is not None and at is not None}


async def _advance(session: AsyncSession, reminder_id: int, due: datetime) -> bool:
    won = await session.scalar(
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            or_(Reminder.last_fired_at.is_(None), Reminder.last_fired_at < due),
        )
        .values(last_fired_at=due)
        .returning(Reminder.id)
    )
    return won is not None
