"""Writing a published listing: the rows chosen (if they still wait), the listing with its rows
and audit entry, and the broadcast that carries it to every member."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.ports import Channel
from bot.services.broadcasts import Audience, AudienceKind
from bot.services.common import MemberView, audit
from bot.services.listings.queries import waiting_rows
from bot.services.listings.records import ListedRow
from models import Broadcast, BroadcastState, Listing, ListingItem


async def chosen_rows(
    session: AsyncSession, award_code: str, year: int, nomination_ids: Sequence[int]
) -> tuple[ListedRow, ...]:
    """The chosen rows, if every one still waits to be listed.

    Raises:
        ListingChanged: None chosen, or one is no longer waiting to be listed.
    """
    waiting = {
        row.nomination_id: row for row in await waiting_rows(session, award_code, year, lock=True)
    }
    chosen = tuple(waiting[i] for i in dict.fromkeys(nomination_ids) if i in waiting)
    if not chosen or len(chosen) != len(set(nomination_ids)):
        raise errors.ListingChanged
    return chosen


async def add_listing(
    session: AsyncSession,
    actor: MemberView,
    listing: Listing,
    rows: Sequence[ListedRow],
    now: datetime,
) -> None:
    """Write the listing, its rows and the audit entry."""
    session.add(listing)
    await session.flush()
    session.add_all(
        ListingItem(listing_id=listing.id, nomination_id=row.nomination_id) for row in rows
    )
    audit.record(
        session,
        at=now,
        actor=audit.Actor(actor.full_name, actor.id),
        action="listing.publish",
        entity="listing",
        entity_id=listing.code,
        after={
            "title": listing.title,
            "closes_on": listing.closes_on.isoformat(),
            "rows": [row.code for row in rows],
        },
    )


def listing_broadcast(
    actor: MemberView,
    text: str,
    status_chat: tuple[Channel, str],
    now: datetime,
    starts_at: datetime,
) -> Broadcast:
    """The broadcast carrying a listing (plain ``text``) to every active member; not urgent,
    so it starts at ``starts_at`` as the sending calendar allows, and its progress is shown to
    the Office in ``status_chat``."""
    return Broadcast(
        sender_id=actor.id,
        text=text,
        attachment=None,
        audience=Audience(AudienceKind.EVERYONE).to_json(),
        urgent=False,
        state=BroadcastState.SCHEDULED,
        send_at=now,
        starts_at=starts_at,
        total=0,
        progress_text="",
        status_channel=status_chat[0].value,
        status_chat_id=status_chat[1],
        created_at=now,
    )
