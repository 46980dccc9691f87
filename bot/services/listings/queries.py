"""Reading public listings: what waits to be listed (the Office), the listings open to
everyone, one listing with its rows and the reader's objections, and the Office's view of the
objections with the objector named."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Award
from bot.roles import OFFICE
from bot.services.common import MemberView, is_postgres, require_role
from bot.services.listings.records import (
    WAITING,
    ListedRow,
    ListingDetail,
    ListingGroup,
    ListingView,
    ObjectionView,
    listed_row,
    listing_views,
    objection_views,
    rows_query,
    unlisted,
)
from models import Listing, ListingItem, Nomination, Objection

#: Listings shown by ``/congkhai``, the newest first.
SHOWN = 20


class ListingQueries:
    """The read side of :class:`bot.services.listings.service.ListingService`."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        awards: tuple[Award, ...],
        default_days: int,
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._awards = {award.code: award for award in awards}
        self._default_days = default_days
        self._zone = zone

    def days_for(self, award_code: str) -> int:
        """The window of a listing of the award, in working days (0: it cannot be listed)."""
        award = self._awards.get(award_code)
        if award is not None and award.public_days > 0:
            return award.public_days
        return self._default_days

    async def candidates(self, actor: MemberView) -> tuple[ListingGroup, ...]:
        """Nominations waiting for the council and on no listing, by award and year: the
        awards that need a listing first, then the others that may be listed.

        Raises:
            NotAllowed: Only the Office and admins publish listings.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            found = await session.execute(
                select(
                    Nomination.award_code,
                    func.max(Nomination.award_name),
                    Nomination.year,
                    func.count(),
                )
                .where(Nomination.state.in_(WAITING), unlisted())
                .group_by(Nomination.award_code, Nomination.year)
            )
            groups = [
                ListingGroup(code, name, year, count, self._public_days(code), self.days_for(code))
                for code, name, year, count in found
            ]
        listable = [group for group in groups if group.days > 0]
        return tuple(sorted(listable, key=lambda g: (not g.required, g.year, g.award_code)))

    async def group_rows(
        self, actor: MemberView, award_code: str, year: int
    ) -> tuple[ListedRow, ...]:
        """The rows a listing of one group would have, by unit and name.

        Raises:
            NotAllowed: Only the Office and admins publish listings.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            return await waiting_rows(session, award_code, year)

    async def open_listings(self, member: MemberView) -> tuple[ListingView, ...]:
        """The listings a member reads: those open for objections and those they objected to;
        the Office also those with objections not answered yet."""
        today = self._today()
        async with self._sessions() as session:
            condition = Listing.closes_on >= today
            if member.role in OFFICE:
                pending = exists().where(
                    Objection.listing_id == Listing.id, Objection.answered_at.is_(None)
                )
                condition = or_(condition, pending)
            else:
                mine = exists().where(
                    Objection.listing_id == Listing.id, Objection.member_id == member.id
                )
                condition = or_(condition, mine)
            found = await session.scalars(
                select(Listing).where(condition).order_by(Listing.id.desc()).limit(SHOWN)
            )
            return await listing_views(session, list(found), today, reader=self._reader(member))

    async def listing(self, member: MemberView, listing_id: int) -> ListingDetail:
        """One listing (listings are public), its rows, and the member's own objections.

        Raises:
            ListingNotFound: No such listing.
        """
        today = self._today()
        async with self._sessions() as session:
            listing = await session.get(Listing, listing_id)
            if listing is None:
                raise errors.ListingNotFound
            (view,) = await listing_views(session, [listing], today, reader=self._reader(member))
            found = await session.execute(
                rows_query()
                .join(ListingItem, ListingItem.nomination_id == Nomination.id)
                .where(ListingItem.listing_id == listing_id)
                .order_by(ListingItem.id)
            )
            rows = tuple(listed_row(item, unit) for item, unit in found)
            mine = await objection_views(
                session,
                Objection.listing_id == listing_id,
                Objection.member_id == member.id,
                named=False,
            )
        return ListingDetail(view, rows, mine)

    async def objections(self, actor: MemberView, listing_id: int) -> tuple[ObjectionView, ...]:
        """Every objection to a listing, oldest first, with the objector named.

        Raises:
            NotAllowed: Only the Office and admins read who objected.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            return await objection_views(session, Objection.listing_id == listing_id, named=True)

    async def objection(self, actor: MemberView, objection_id: int) -> ObjectionView:
        """One objection with the objector named.

        Raises:
            NotAllowed: Only the Office and admins read who objected.
            ListingNotFound: No such objection.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            found = await objection_views(session, Objection.id == objection_id, named=True)
        if not found:
            raise errors.ListingNotFound
        return found[0]

    def _public_days(self, award_code: str) -> int:
        award = self._awards.get(award_code)
        return 0 if award is None else award.public_days

    def _today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    @staticmethod
    def _reader(member: MemberView) -> int | None:
        return None if member.role in OFFICE else member.id


async def waiting_rows(
    session: AsyncSession, award_code: str, year: int, *, lock: bool = False
) -> tuple[ListedRow, ...]:
    """The nominations of an award and year waiting for the council and on no listing, by
    unit and name (locked on PostgreSQL when ``lock``)."""
    query = (
        rows_query()
        .where(
            Nomination.award_code == award_code,
            Nomination.year == year,
            Nomination.state.in_(WAITING),
            unlisted(),
        )
        .order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
    )
    if lock and is_postgres(session):
        query = query.with_for_update(of=Nomination)
    return tuple(listed_row(item, unit) for item, unit in await session.execute(query))
