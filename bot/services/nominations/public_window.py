"""Which nominations must wait for a public listing before the council (công khai, ND 98/2023
Art. 46; docs/awards.md).

A row waits when its award asks for a window (``public_days``) and it was never listed, or
when it is on a listing whose window is still open (objections are taken until ``closes_on``
inclusive) and the Office did not let it go earlier. A row the Office listed of its own accord
waits for its window too: objections are not taken in vain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.config_awards import Award
from bot.dates import day_text
from models import Listing, ListingItem, Nomination


@dataclass(frozen=True, slots=True)
class Held:
    """A nomination that may not go to the council yet.

    Attributes:
        closes_on: The last day of the open window it waits for; ``None``: it must be listed
            first.
    """

    nomination_id: int
    code: str
    closes_on: date | None


async def held_back(
    session: AsyncSession,
    today: date,
    awards: Sequence[Award],
    rows: Sequence[Nomination],
) -> tuple[Held, ...]:
    """The ``rows`` that may not go to the council on ``today``, in the order given."""
    if not rows:
        return ()
    windows: dict[int, list[tuple[date, bool]]] = {}
    found = await session.execute(
        select(ListingItem.nomination_id, Listing.closes_on, Listing.overridden_at.is_not(None))
        .join(Listing, Listing.id == ListingItem.listing_id)
        .where(ListingItem.nomination_id.in_([row.id for row in rows]))
    )
    for nomination_id, closes_on, overridden in found:
        windows.setdefault(nomination_id, []).append((closes_on, bool(overridden)))
    required = {award.code for award in awards if award.public_days > 0}
    held: list[Held] = []
    for row in rows:
        listed = windows.get(row.id)
        if listed is None:
            if row.award_code in required:
                held.append(Held(row.id, row.code, None))
            continue
        open_until = [closes for closes, over in listed if closes >= today and not over]
        if open_until:
            held.append(Held(row.id, row.code, max(open_until)))
    return tuple(held)


async def refuse_held(
    session: AsyncSession, today: date, awards: Sequence[Award], rows: Sequence[Nomination]
) -> None:
    """Refuse when one of ``rows`` may not go to the council on ``today``.

    Raises:
        NotListedYet: Its award needs a public listing and it was never listed.
        ListingWindowOpen: Its listing takes objections until a later day.
    """
    for held in await held_back(session, today, awards, rows):
        if held.closes_on is None:
            raise errors.NotListedYet(code=held.code)
        raise errors.ListingWindowOpen(code=held.code, until=day_text(held.closes_on))
