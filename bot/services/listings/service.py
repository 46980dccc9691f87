"""Public listing before the council (công khai, ND 98/2023 Art. 46; DESIGN §3.10): the Office
publishes the nominations of an award waiting for the council, with a closing day counted in
working days; any member objects to a row; the Office answers each objection and may let the
rows go to the council early, with a reason.

Publishing writes the listing, its rows, the audit entry, the message to the announcement chat
and the broadcast to every member in one transaction; the broadcast runner then sends it at the
outbox's pace and shows the Office its progress. Until the window closes the rows may not go to
the council (:mod:`bot.services.nominations.public_window`). Every public method is one
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Award
from bot.config_organisation import ChatTarget
from bot.dates import day_text
from bot.dialog_spec import Draft
from bot.formatting import strip_html
from bot.ports import Channel
from bot.roles import OFFICE
from bot.services.broadcasts import BroadcastService
from bot.services.common import MemberView, audit, next_number, require_role
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService, SendCalendar
from bot.services.listings.notices import ListingNotices
from bot.services.listings.publishing import add_listing, chosen_rows, listing_broadcast
from bot.services.listings.queries import ListingQueries
from bot.services.listings.records import (
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ListingView,
    ObjectionView,
    Published,
    listing_views,
    objection_views,
)
from models import Listing, ListingItem, Objection

_ENTITY = "listing"


class ListingService(ListingQueries):
    """Publishing listings, objecting, answering objections and overriding a window."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        outbox_service: OutboxService,
        broadcasts: BroadcastService,
        notices: ListingNotices,
        calendar: SendCalendar,
        *,
        awards: tuple[Award, ...],
        default_days: int,
        zone: ZoneInfo,
        announcement_chat: ChatTarget | None = None,
    ) -> None:
        super().__init__(sessions, clock, awards=awards, default_days=default_days, zone=zone)
        self._outbox = outbox_service
        self._broadcasts = broadcasts
        self._notices = notices
        self._calendar = calendar
        self._chat = announcement_chat

    def closing_day(self, award_code: str) -> date:
        """The day a listing of the award published today would close (its last day)."""
        today = self._clock.now().astimezone(self._zone).date()
        return self._calendar.add_working_days(today, self.days_for(award_code))

    async def publish(
        self,
        actor: MemberView,
        award_code: str,
        year: int,
        nomination_ids: Sequence[int],
        title: str,
        status_chat: tuple[Channel, str],
        *,
        dialog: Draft | None = None,
    ) -> Published:
        """Publish the chosen nominations of an award and year for objections.

        The window closes on the award's ``public_days``-th working day after today (or
        ``[listing] default_days`` for an award that does not require a listing). The text goes
        to the announcement chat and, as a broadcast whose progress is shown in
        ``status_chat``, to every active member.

        Raises:
            NotAllowed: Only the Office and admins publish listings.
            ListingTextInvalid: The title is empty or too long.
            ListingNotAvailable: The award may not be listed (no window configured).
            ListingChanged: None chosen, or one is no longer waiting to be listed.
        """
        require_role(actor, OFFICE)
        title = _text(title, TITLE_MAX)
        days = self.days_for(award_code)
        if days == 0:
            raise errors.ListingNotAvailable
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            chosen = await chosen_rows(session, award_code, year, nomination_ids)
            listing = Listing(
                code=f"CK-{today.year}-{await next_number(session, f'CK-{today.year}'):03d}",
                title=title,
                year=year,
                published_by=actor.id,
                published_at=now,
                closes_on=self._calendar.add_working_days(today, days),
            )
            await add_listing(session, actor, listing, chosen, now)
            text = self._notices.published(listing, chosen[0].award_name, chosen)
            self._notices.to_chat(session, self._chat, text, now)
            starts_at = self._broadcasts.starts_at(now, urgent=False)
            broadcast = listing_broadcast(actor, strip_html(text), status_chat, now, starts_at)
            session.add(broadcast)
            await session.flush()
            (view,) = await listing_views(session, [listing], today, reader=None)
            await drafts.close(session, dialog, "listing.done.published", at=now, code=view.code)
        self._outbox.notify()
        self._broadcasts.notify()
        return Published(view, broadcast.id, broadcast.starts_at)

    async def object(
        self,
        member: MemberView,
        listing_id: int,
        nomination_id: int,
        text: str,
        *,
        dialog: Draft | None = None,
    ) -> ObjectionView:
        """File a member's objection to a row while the window is open; the Office is told.

        Raises:
            ListingTextInvalid: The objection is empty or too long.
            ListingNotFound: No such listing, or the row is not on it.
            ObjectionsClosed: The window closed.
        """
        text = text.strip()
        if not 1 <= len(text) <= TEXT_MAX:
            raise errors.ListingTextInvalid(max=TEXT_MAX)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            listing = await _listing(session, listing_id)
            listed = await session.scalar(
                select(ListingItem.id).where(
                    ListingItem.listing_id == listing_id,
                    ListingItem.nomination_id == nomination_id,
                )
            )
            if listed is None:
                raise errors.ListingNotFound
            if listing.closes_on < now.astimezone(self._zone).date():
                raise errors.ObjectionsClosed(until=day_text(listing.closes_on))
            objection = Objection(
                listing_id=listing.id,
                nomination_id=nomination_id,
                member_id=member.id,
                text=text,
                filed_at=now,
            )
            session.add(objection)
            await session.flush()
            audit.record(
                session,
                at=now,
                actor=audit.Actor(member.full_name, member.id),
                action="listing.object",
                entity="objection",
                entity_id=objection.id,
                after={"listing": listing.code, "nomination": nomination_id},
            )
            await self._notices.objected(session, objection, listing, now)
            (view,) = await objection_views(session, Objection.id == objection.id, named=False)
            done = "listing.done.objection"
            await drafts.close(session, dialog, done, at=now, code=listing.code)
        self._outbox.notify()
        return view

    async def answer(
        self, actor: MemberView, objection_id: int, text: str, *, dialog: Draft | None = None
    ) -> ObjectionView:
        """Answer an objection (again, to correct it); the objector is told.

        Raises:
            NotAllowed: Only the Office and admins answer objections.
            ListingTextInvalid: The answer is empty or too long.
            ListingNotFound: No such objection.
        """
        require_role(actor, OFFICE)
        text = text.strip()
        if not 1 <= len(text) <= TEXT_MAX:
            raise errors.ListingTextInvalid(max=TEXT_MAX)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            objection = await session.get(Objection, objection_id)
            if objection is None:
                raise errors.ListingNotFound
            before = {"answer": objection.answer} if objection.answer else None
            objection.answer, objection.answered_by, objection.answered_at = text, actor.id, now
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="listing.answer",
                entity="objection",
                entity_id=objection.id,
                before=before,
                after={"answer": text},
            )
            listing = await _listing(session, objection.listing_id)
            if objection.member_id != actor.id:
                await self._notices.answered(session, objection, listing, now)
            (view,) = await objection_views(session, Objection.id == objection.id, named=True)
            await drafts.close(session, dialog, "listing.done.answer", at=now, id=objection.id)
        self._outbox.notify()
        return view

    async def override(
        self, actor: MemberView, listing_id: int, reason: str, *, dialog: Draft | None = None
    ) -> ListingView:
        """Let a listing's rows go to the council before its window closes, for a reason.

        Objections are still taken until the closing day.

        Raises:
            NotAllowed: Only the Office and admins override a window.
            ListingTextInvalid: The reason is empty or too long.
            ListingNotFound: No such listing.
            OverrideNotNeeded: The window closed, or was overridden before.
        """
        require_role(actor, OFFICE)
        reason = _text(reason, REASON_MAX)
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            listing = await _listing(session, listing_id)
            if listing.closes_on < today or listing.overridden_at is not None:
                raise errors.OverrideNotNeeded
            listing.override_reason, listing.overridden_by = reason, actor.id
            listing.overridden_at = now
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="listing.override",
                entity=_ENTITY,
                entity_id=listing.code,
                after={"reason": reason, "closes_on": listing.closes_on.isoformat()},
            )
            (view,) = await listing_views(session, [listing], today, reader=None)
            await drafts.close(session, dialog, "listing.done.override", at=now, code=view.code)
        return view


async def _listing(session: AsyncSession, listing_id: int) -> Listing:
    listing = await session.get(Listing, listing_id)
    if listing is None:
        raise errors.ListingNotFound
    return listing


def _text(value: str, longest: int) -> str:
    """A one-line text (spaces collapsed) of 1 to ``longest`` characters."""
    text = " ".join(value.split())
    if not 1 <= len(text) <= longest:
        raise errors.ListingTextInvalid(max=longest)
    return text
