"""Broadcasts: compose, preview, schedule, start, follow progress, and report delivery.

A broadcast is a row; when it starts, its audience is resolved and one delivery per recipient
is written in the same transaction, so a crash either starts it completely or not at all.
The outbox worker sends the deliveries; :meth:`BroadcastService.progress` tells the runner
which senders' status messages to update, and finishes broadcasts with nothing left to send.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import collation_key
from bot.dialog_spec import Draft
from bot.ports import Channel
from bot.roles import OFFICE, Role
from bot.services.broadcasts.audiences import BOARD_POSTS, Audience, AudienceKind, Reach, resolve
from bot.services.broadcasts.delivery_counts import DeliveryCounts, Undelivered, count_deliveries
from bot.services.broadcasts.records import (
    BroadcastDraft,
    BroadcastPreview,
    BroadcastView,
    StatusNote,
    audience_of,
    insert_deliveries,
    new_row,
    render,
    view_of,
)
from bot.services.broadcasts.report import (
    BroadcastSummary,
    DeliveryReport,
    delivery_report,
    summaries,
)
from bot.services.common import Doorbell, MemberView, audit
from bot.services.conversation import drafts
from bot.services.delivery import SendCalendar
from bot.texts import Texts
from models import Broadcast, BroadcastState, Delivery, DeliveryStatus, Member, Unit

#: What a unit head may send to (always limited to their own unit).
UNIT_HEAD_KINDS = frozenset(
    {AudienceKind.EVERYONE, AudienceKind.NOT_CONFIRMED, AudienceKind.NO_INITIATIVE}
)


def check_audience(actor: MemberView, audience: Audience) -> None:
    """The Office may send to anyone; a unit head only to (part of) their own unit."""
    if actor.role in OFFICE:
        return
    if (
        actor.role is Role.UNIT_HEAD
        and audience.kind in UNIT_HEAD_KINDS
        and audience.units == (actor.unit.id,)
    ):
        return
    raise errors.NotAllowed


class BroadcastService(Doorbell):
    """Broadcast use cases; each public method is one transaction (``start_due``: one each)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        calendar: SendCalendar,
        *,
        zone: ZoneInfo,
        progress_every: timedelta,
        initiative_councils: tuple[str, ...] = (),
        max_text: int = 3000,
    ) -> None:
        self._sessions = sessions
        #: The longest text a broadcast may have (``[broadcasts] max_text``).
        self.max_text = max_text
        self._councils = initiative_councils
        self._clock = clock
        self._texts = texts
        self._calendar = calendar
        self._zone = zone
        self._progress_every = progress_every
        super().__init__()

    async def preview(self, actor: MemberView, draft: BroadcastDraft) -> BroadcastPreview:
        """Check the draft and show it as recipients will see it, with the head count."""
        check_audience(actor, draft.audience)
        now = self._clock.now()
        send_at = self._send_at(draft, now)
        async with self._sessions() as session:
            recipients = await resolve(
                session,
                draft.audience,
                now=now,
                zone=self._zone,
                initiative_councils=self._councils,
            )
        if not recipients:
            raise errors.EmptyAudience
        row = new_row(draft, actor, send_at, send_at)
        values = {"ho_ten": actor.full_name, "don_vi": actor.unit.name}
        values |= (
            recipients[0].context if draft.audience.kind is AudienceKind.REPORT_MISSING else {}
        )
        starts_at = self.starts_at(send_at, urgent=draft.urgent)
        return BroadcastPreview(
            message=render(self._texts, row, values, _sender_label(actor)),
            recipients=len(recipients),
            blocked=sum(r.reach is Reach.BLOCKED for r in recipients),
            unreachable=sum(r.reach is Reach.UNREACHABLE for r in recipients),
            starts_at=starts_at,
            postponed=starts_at != send_at,
        )

    async def create(
        self,
        actor: MemberView,
        draft: BroadcastDraft,
        status_chat: tuple[Channel, str] | None,
        *,
        dialog: Draft | None = None,
    ) -> BroadcastView:
        """Schedule the broadcast; the runner starts it when due (at once if due now).

        ``status_chat`` is the chat whose status message follows the sending; ``None`` (the
        web app, whose delivery report is a page) sends none.
        """
        check_audience(actor, draft.audience)
        now = self._clock.now()
        send_at = self._send_at(draft, now)
        row = new_row(draft, actor, send_at, self.starts_at(send_at, urgent=draft.urgent))
        if status_chat is not None:
            row.status_channel, row.status_chat_id = status_chat[0].value, status_chat[1]
        row.created_at = now
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            session.add(row)
            await session.flush()
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="broadcast.create",
                entity="broadcast",
                entity_id=row.id,
                after={"audience": row.audience, "urgent": row.urgent, "send_at": str(send_at)},
            )
            view = view_of(row, DeliveryCounts(0, 0, 0, 0, 0))
            await drafts.close(session, dialog, "dialog.done.broadcast", at=now, id=row.id)
        self.notify()
        return view

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone: times are typed and shown in it."""
        return self._zone

    async def page(
        self, actor: MemberView, *, offset: int, limit: int
    ) -> tuple[list[BroadcastSummary], int]:
        """A page of the broadcasts the person may see, newest first (the Office: all;
        others: their own), and how many there are."""
        async with self._sessions() as session:
            sender = None if actor.role in OFFICE else actor.id
            return await summaries(session, sender, offset=offset, limit=limit)

    async def report(
        self, actor: MemberView, broadcast_id: int, *, search: str = "", offset: int, limit: int
    ) -> DeliveryReport:
        """The delivery report of a broadcast (its sender or the Office): counts by channel
        and state, and a page of the people not reached (pending, failed, blocked, no
        channel, waiting) whose name or unit matches ``search``."""
        async with self._sessions() as session:
            await self._visible(session, actor, broadcast_id)
            return await delivery_report(
                session, broadcast_id, search=search, offset=offset, limit=limit
            )

    def starts_at(self, send_at: datetime, *, urgent: bool) -> datetime:
        """When a broadcast asked for ``send_at`` may start."""
        return send_at if urgent else self._calendar.next_allowed(send_at)

    def quiet_allowed(self) -> bool:
        """Whether non-urgent deliveries may go out now."""
        return self._calendar.allowed(self._clock.now())

    async def start_due(self) -> list[int]:
        """Start every broadcast whose time has come; return their ids."""
        now = self._clock.now()
        async with self._sessions() as session:
            due = (
                await session.execute(
                    select(Broadcast.id, Broadcast.audience)
                    .where(Broadcast.state == BroadcastState.SCHEDULED, Broadcast.starts_at <= now)
                    .order_by(Broadcast.id)
                )
            ).all()
        # Leaderboard posts are started by the board poster, which renders their charts.
        texts = [bid for bid, audience in due if audience.get("kind") not in BOARD_POSTS]
        return [bid for bid in texts if await self._start(bid, now)]

    async def _start(self, broadcast_id: int, now: datetime) -> bool:
        async with self._sessions.begin() as session:
            # Only one process wins the switch to "sending"; it writes the deliveries.
            won = await session.scalar(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id, Broadcast.state == BroadcastState.SCHEDULED)
                .values(state=BroadcastState.SENDING, started_at=now)
                .returning(Broadcast.id)
            )
            if won is None:
                return False
            row = await session.get_one(Broadcast, broadcast_id)
            recipients = await resolve(
                session,
                audience_of(row),
                now=now,
                zone=self._zone,
                initiative_councils=self._councils,
            )
            sender = await self._sender(session, row.sender_id)
            await insert_deliveries(session, self._texts, row, recipients, sender=sender, now=now)
            row.total = len(recipients)
        return True

    async def progress(self, *, now_or_never: bool = False) -> list[StatusNote]:
        """Finish broadcasts with nothing left to send; return the status messages to update.

        A broadcast's status is looked at most once per ``progress_every`` across processes,
        unless ``now_or_never`` (the last look before the process stops).
        """
        now = self._clock.now()
        async with self._sessions() as session:
            sending = (
                await session.scalars(
                    select(Broadcast.id).where(Broadcast.state == BroadcastState.SENDING)
                )
            ).all()
        every = timedelta(0) if now_or_never else self._progress_every
        return [note for bid in sending if (note := await self._progress_one(bid, now, every))]

    async def _progress_one(
        self, broadcast_id: int, now: datetime, every: timedelta
    ) -> StatusNote | None:
        async with self._sessions.begin() as session:
            row = await session.scalar(
                update(Broadcast)
                .where(
                    Broadcast.id == broadcast_id,
                    Broadcast.state == BroadcastState.SENDING,
                    or_(
                        Broadcast.progress_at.is_(None),
                        Broadcast.progress_at <= now - every,
                    ),
                )
                .values(progress_at=now)
                .returning(Broadcast)
            )
            if row is None:
                return None
            counts = await count_deliveries(session, row.id, row.total)
            if counts.done:
                row.state, row.finished_at = BroadcastState.DONE, now
            fingerprint = f"{counts.settled}/{counts.problems}/{counts.waiting}/{counts.done}"
            unchanged = fingerprint == row.progress_text and row.status_message_id is not None
            row.progress_text = fingerprint
            if row.status_chat_id is None or row.status_channel is None or unchanged:
                return None
            return StatusNote(
                row.id,
                Channel(row.status_channel),
                row.status_chat_id,
                row.status_message_id,
                counts,
                final=counts.done,
            )

    async def set_status_message(self, broadcast_id: int, message_id: str) -> None:
        """Remember the sender's status message, so later progress edits it."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id)
                .values(status_message_id=message_id)
            )

    async def counts(self, actor: MemberView, broadcast_id: int) -> DeliveryCounts:
        """A broadcast's delivery counts (its sender or the Office)."""
        async with self._sessions() as session:
            row = await self._visible(session, actor, broadcast_id)
            return await count_deliveries(session, row.id, row.total)

    async def view(self, actor: MemberView, broadcast_id: int) -> BroadcastView:
        """One broadcast with its counts (its sender or the Office)."""
        async with self._sessions() as session:
            row = await self._visible(session, actor, broadcast_id)
            return view_of(row, await count_deliveries(session, row.id, row.total))

    async def undelivered(self, actor: MemberView, broadcast_id: int) -> list[Undelivered]:
        """Who the broadcast did not reach (blocked, never started, failed, waiting for the
        person to write to the OA), by unit."""
        async with self._sessions() as session:
            await self._visible(session, actor, broadcast_id)
            rows = await session.execute(
                select(
                    Member.full_name,
                    Unit.name,
                    Delivery.status,
                    Delivery.last_error,
                    Delivery.outcome,
                )
                .join(Member, Member.id == Delivery.member_id)
                .join(Unit, Unit.id == Member.unit_id)
                .where(
                    Delivery.broadcast_id == broadcast_id,
                    Delivery.status.in_(
                        [
                            DeliveryStatus.BLOCKED,
                            DeliveryStatus.UNREACHABLE,
                            DeliveryStatus.FAILED,
                            DeliveryStatus.WAITING,
                        ]
                    ),
                )
            )
            undelivered = [
                Undelivered(name, unit, DeliveryStatus(status), error, outcome)
                for name, unit, status, error, outcome in rows
            ]
        return sorted(
            undelivered,
            key=lambda u: (u.status.value, collation_key(u.unit), collation_key(u.full_name)),
        )

    async def recent(self, actor: MemberView, limit: int = 10) -> list[BroadcastView]:
        """The latest broadcasts the person may see (the Office: all; others: their own)."""
        async with self._sessions() as session:
            query = select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)
            if actor.role not in OFFICE:
                query = query.where(Broadcast.sender_id == actor.id)
            rows = (await session.scalars(query)).all()
            return [view_of(r, await count_deliveries(session, r.id, r.total)) for r in rows]

    async def cancel(self, actor: MemberView, broadcast_id: int) -> None:
        """Cancel a broadcast that has not started."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await self._visible(session, actor, broadcast_id)
            done = await session.scalar(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id, Broadcast.state == BroadcastState.SCHEDULED)
                .values(state=BroadcastState.CANCELLED, finished_at=now)
                .returning(Broadcast.id)
            )
            if done is None:
                raise errors.BroadcastStarted
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="broadcast.cancel",
                entity="broadcast",
                entity_id=broadcast_id,
            )

    def _send_at(self, draft: BroadcastDraft, now: datetime) -> datetime:
        if draft.send_at is None:
            return now
        if draft.send_at < now - timedelta(minutes=1):
            raise errors.SendTimeInPast
        return max(draft.send_at, now)

    async def _visible(
        self, session: AsyncSession, actor: MemberView, broadcast_id: int
    ) -> Broadcast:
        row = await session.get(Broadcast, broadcast_id)
        if row is None or (actor.role not in OFFICE and row.sender_id != actor.id):
            raise errors.BroadcastNotFound
        return row

    async def _sender(self, session: AsyncSession, sender_id: int | None) -> str:
        if sender_id is None:
            return ""
        # Recipients see the sending unit: "Văn phòng Sở", or the unit head's unit.
        name = await session.scalar(
            select(Unit.name).join(Member, Member.unit_id == Unit.id).where(Member.id == sender_id)
        )
        return name or ""


def _sender_label(actor: MemberView) -> str:
    return actor.unit.name
