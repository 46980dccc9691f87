"""Values of the public listing capability and the reads its service is built from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.domain import NomineeKind
from bot.services.nominations import TRANSITIONS, Action
from models import Listing, ListingItem, Member, Nomination, Objection, Unit

#: The longest title of a listing.
TITLE_MAX = 200
#: The longest objection or answer.
TEXT_MAX = 2000
#: The longest reason for letting a listing's rows go to the council early.
REASON_MAX = 1000
#: The states of nominations that wait for the council: those a listing may include.
WAITING = tuple(state.value for state in TRANSITIONS[Action.SEND_TO_COUNCIL].sources)


@dataclass(frozen=True, slots=True)
class ListingGroup:
    """Nominations of one award and year waiting for the council and not listed yet.

    Attributes:
        public_days: The award's own window (0: the law does not require a listing).
        days: The window a listing of them gets (the award's, or ``[listing] default_days``).
    """

    award_code: str
    award_name: str
    year: int
    count: int
    public_days: int
    days: int

    @property
    def required(self) -> bool:
        """Whether the award needs a listing before the council."""
        return self.public_days > 0


@dataclass(frozen=True, slots=True)
class ListedRow:
    """A nomination as a listing shows it."""

    nomination_id: int
    code: str
    nominee_name: str
    unit: str
    award_name: str
    year: int
    summary: str
    collective: bool


@dataclass(frozen=True, slots=True)
class ObjectionView:
    """An objection; ``objector`` and ``objector_unit`` are filled for the Office only."""

    id: int
    listing_id: int
    listing_code: str
    nomination_id: int
    row: str
    text: str
    filed_at: datetime
    answer: str
    answered_at: datetime | None
    objector: str = ""
    objector_unit: str = ""


@dataclass(frozen=True, slots=True)
class ListingView:
    """A published listing.

    Attributes:
        is_open: Objections are taken (until ``closes_on`` inclusive).
        override_reason: Why the Office let its rows go to the council early ("" if not).
        objections: The Office: every objection; others: their own.
        unanswered: Of those, the ones not answered yet.
    """

    id: int
    code: str
    title: str
    year: int
    award_name: str
    published_at: datetime
    closes_on: date
    is_open: bool
    override_reason: str
    rows: int
    objections: int
    unanswered: int

    @property
    def overridden(self) -> bool:
        """Whether its rows may go to the council before the window closes."""
        return bool(self.override_reason)


@dataclass(frozen=True, slots=True)
class ListingDetail:
    """A listing, its rows, and the reader's own objections to it."""

    listing: ListingView
    rows: tuple[ListedRow, ...]
    mine: tuple[ObjectionView, ...]


@dataclass(frozen=True, slots=True)
class Published:
    """What publishing did: the listing and the broadcast that carries it to everyone."""

    listing: ListingView
    broadcast_id: int
    starts_at: datetime


def rows_query() -> Select[Nomination, str]:
    """Nominations with their unit's name, as listings show them."""
    return select(Nomination, Unit.name).join(Unit, Unit.id == Nomination.unit_id)


def listed_row(item: Nomination, unit: str) -> ListedRow:
    """One row of a listing."""
    return ListedRow(
        item.id,
        item.code,
        item.nominee_name,
        unit,
        item.award_name,
        item.year,
        item.summary,
        item.nominee_kind == NomineeKind.COLLECTIVE,
    )


def unlisted() -> ColumnElement[bool]:
    """The condition of a nomination on no listing."""
    return ~exists().where(ListingItem.nomination_id == Nomination.id)


async def listing_views(
    session: AsyncSession, listings: Sequence[Listing], today: date, *, reader: int | None
) -> tuple[ListingView, ...]:
    """The views of ``listings``; counts the objections of ``reader`` only (None: all)."""
    ids = [listing.id for listing in listings]
    rows = await session.execute(
        select(ListingItem.listing_id, func.count(), func.min(Nomination.award_name))
        .join(Nomination, Nomination.id == ListingItem.nomination_id)
        .where(ListingItem.listing_id.in_(ids))
        .group_by(ListingItem.listing_id)
    )
    sizes = {lid: (int(count), str(award)) for lid, count, award in rows}
    query = (
        select(Objection.listing_id, func.count(), func.count(Objection.answered_at))
        .where(Objection.listing_id.in_(ids))
        .group_by(Objection.listing_id)
    )
    if reader is not None:
        query = query.where(Objection.member_id == reader)
    said = {lid: (int(n), int(n) - int(done)) for lid, n, done in await session.execute(query)}
    return tuple(
        ListingView(
            listing.id,
            listing.code,
            listing.title,
            listing.year,
            sizes.get(listing.id, (0, ""))[1],
            listing.published_at,
            listing.closes_on,
            listing.closes_on >= today,
            listing.override_reason,
            sizes.get(listing.id, (0, ""))[0],
            *said.get(listing.id, (0, 0)),
        )
        for listing in listings
    )


async def objection_views(
    session: AsyncSession, *where: ColumnElement[bool], named: bool
) -> tuple[ObjectionView, ...]:
    """Objections matching ``where``, oldest first; the objector named when ``named``."""
    found = await session.execute(
        select(Objection, Listing.code, Nomination.nominee_name, Member.full_name, Unit.name)
        .join(Listing, Listing.id == Objection.listing_id)
        .join(Nomination, Nomination.id == Objection.nomination_id)
        .join(Member, Member.id == Objection.member_id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(and_(*where))
        .order_by(Objection.id)
    )
    return tuple(
        ObjectionView(
            row.id,
            row.listing_id,
            code,
            row.nomination_id,
            nominee,
            row.text,
            row.filed_at,
            row.answer,
            row.answered_at,
            objector if named else "",
            unit if named else "",
        )
        for row, code, nominee, objector, unit in found
    )
