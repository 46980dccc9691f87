"""Thông báo công khai: a published listing's rows and the deadline for objections."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Draft, Fields, file_name, long_date
from bot.services.documents.council_rows import award_name, local_day, not_found, rows_of
from bot.services.documents.records import Setting, Subject
from models import Listing, ListingItem

TEMPLATE = "public_notice.docx"


async def make_public_notice(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft, ...]:
    """The notice of the listing ``subject``, dated the day it was published."""
    found = await session.get(Listing, subject.id)
    if found is None:
        raise not_found(subject)
    ids = (
        await session.scalars(
            select(ListingItem.nomination_id)
            .where(ListingItem.listing_id == found.id)
            .order_by(ListingItem.id)
        )
    ).all()
    rows = await rows_of(session, ids)
    fields = Fields()
    context = setting.letterhead.context(
        fields, symbol="TB", day=local_day(found.published_at, setting)
    )
    context |= {
        "year": found.year,
        "listing_title": found.title,
        "closes_on": long_date(found.closes_on),
        "rows": [
            {
                "number": n,
                "name": r.name,
                "unit": r.unit,
                "award": award_name(setting, r.award_code, r.award),
            }
            for n, r in enumerate((rows[i] for i in ids if i in rows), start=1)
        ],
    }
    return (fields.done(TEMPLATE, file_name("Thong-bao-cong-khai", found.code), context),)
