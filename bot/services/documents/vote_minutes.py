"""Biên bản họp bình xét: the minutes of a unit's meeting that voted its proposal list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import BLANK, Draft, Fields, file_name, long_date, share
from bot.services.documents.council_rows import award_name, not_found
from bot.services.documents.records import Setting, Subject
from models import Nomination, Unit, VoteList

TEMPLATE = "vote_minutes.docx"
#: Not held by the bot: written in by hand on the printed minutes.
_BY_HAND = (
    ("meeting_time", "documents.council_field.meeting_time"),
    ("meeting_place", "documents.council_field.meeting_place"),
    ("chair", "documents.council_field.chair"),
    ("secretary", "documents.council_field.secretary"),
)


def votes(vote_share: float | None, attendees: int | None) -> str:
    """How many agreed: the share of those present, when both are known."""
    if vote_share is None or not attendees:
        return BLANK
    return str(round(vote_share * attendees))


async def make_vote_minutes(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft, ...]:
    """The minutes of the vote list ``subject``."""
    found = await session.get(VoteList, subject.id)
    if found is None:
        raise not_found(subject)
    unit = await session.get(Unit, found.unit_id)
    unit_name = unit.name if unit is not None else ""
    rows = (
        await session.scalars(
            select(Nomination).where(Nomination.list_id == found.id).order_by(Nomination.id)
        )
    ).all()
    fields = Fields()
    context = setting.letterhead.context(fields, symbol="BB", day=found.meeting_on)
    context["governing_body"] = setting.letterhead.issuing_body.upper()
    context["issuing_body"] = unit_name.upper()
    for name, key in _BY_HAND:
        fields.note(key)
        context[name] = BLANK
    if found.meeting_on is None:
        fields.note("documents.council_field.meeting_on")
    if any(r.vote_share is None for r in rows) or (rows and not found.attendees):
        fields.note("documents.council_field.votes")
    context |= {
        "year": found.year,
        "unit_name": fields.text("documents.council_field.unit", unit_name),
        "meeting_date": long_date(found.meeting_on),
        "attendees": fields.count("documents.council_field.attendees", found.attendees),
        "end_time": BLANK,
        "rows": [
            {
                "number": n,
                "name": r.nominee_name,
                "award": award_name(setting, r.award_code, r.award_name),
                "votes": votes(r.vote_share, found.attendees),
                "share": share(r.vote_share),
            }
            for n, r in enumerate(rows, start=1)
        ],
    }
    name = file_name("Bien-ban-binh-xet", found.code)
    return (fields.done(TEMPLATE, name, context),)
