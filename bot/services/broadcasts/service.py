"""Broadcasts: compose, preview, schedule, start, follow progress, and report delivery.

A broadcast is a row; when it starts, its audience is resolved and one delivery per recipient
is written in the same transaction, so a crash either starts it completely or not at all.
The outbox worker sends the deliveries; :meth:`BroadcastService.progress` tells the runner
which senders' status messages to update, and finishes broadcasts with nothing left to send.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.ports import Channel
from bot.services.broadcasts.audiences import BOARD_POSTS, AudienceKind, Reach, resolve
from bot.services.broadcasts.delivery_counts import DeliveryCounts
from bot.services.broadcasts.progress import look_at
from bot.services.broadcasts.reading import BroadcastReading, visible
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
from bot.services.broadcasts.senders import (
    check_audience,
    queued_with,
    sender_label,
    sender_unit,
)
from bot.services.common import Doorbell, MemberView, audit
from bot.services.conversation import drafts
from bot.services.delivery import SendCalendar
from bot.texts import Texts
from models import Broadcast, BroadcastState


class BroadcastService(BroadcastReading, Doorbell):
    """Broadcast use cases; each public method is one transaction (``start_due``: one each).

    The readers (the list, a report, who was not reached) are :class:`BroadcastReading`'s.
    """

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
            message=render(self._texts, row, values, sender_label(actor)),
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
        once: str | None = None,
    ) -> BroadcastView:
        """Schedule the broadcast; the runner starts it when due (at once if due now).

        ``status_chat`` is the chat whose status message follows the sending; ``None`` (the
        web app, whose delivery report is a page) sends none. ``once`` is the web
        confirmation's one-time key: the same key from the same sender queues nothing more.

        Raises:
            BroadcastAlreadyQueued: ``once`` queued a broadcast before (its ``id``).
        """
        check_audience(actor, draft.audience)
        now = self._clock.now()
        send_at = self._send_at(draft, now)
        row = new_row(draft, actor, send_at, self.starts_at(send_at, urgent=draft.urgent))
        if status_chat is not None:
            row.status_channel, row.status_chat_id = status_chat[0].value, status_chat[1]
        row.created_at, row.once_key = now, once
        try:
            async with self._sessions.begin() as session:
                await drafts.claim(session, dialog)
                if once is not None and (earlier := await queued_with(session, actor.id, once)):
                    raise errors.BroadcastAlreadyQueued(id=earlier)
                session.add(row)
                # Two posts of one form racing: the unique key refuses the second here.
                await session.flush()
                audit.record(
                    session,
                    at=now,
                    actor=audit.Actor(actor.full_name, actor.id),
                    action="broadcast.create",
                    entity="broadcast",
                    entity_id=row.id,
                    after={
                        "audience": row.audience,
                        "urgent": row.urgent,
                        "send_at": str(send_at),
                    },
                )
                view = view_of(row, DeliveryCounts(0, 0, 0, 0, 0))
                await drafts.close(session, dialog, "dialog.done.broadcast", at=now, id=row.id)
        except IntegrityError:
            earlier = await self._queued_with(actor, once)
            if earlier is None:
                raise
            raise errors.BroadcastAlreadyQueued(id=earlier) from None
        self.notify()
        return view

    async def _queued_with(self, actor: MemberView, once: str | None) -> int | None:
        if once is None:
            return None
        async with self._sessions() as session:
            return await queued_with(session, actor.id, once)

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone: times are typed and shown in it."""
        return self._zone

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
            sender = await sender_unit(session, row.sender_id)
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
            return await look_at(session, broadcast_id, now, every)

    async def set_status_message(self, broadcast_id: int, message_id: str) -> None:
        """Remember the sender's status message, so later progress edits it."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id)
                .values(status_message_id=message_id)
            )

    async def cancel(self, actor: MemberView, broadcast_id: int) -> None:
        """Cancel a broadcast that has not started."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await visible(session, actor, broadcast_id)
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
