"""Biên bản họp Hội đồng Thi đua - Khen thưởng: a session's tally item by item, each share of
all the council's members, as the council service counts and names it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import BLANK, Draft, Fields, file_name, long_date, share, short_date
from bot.services.councils import RESULT_NAMES, Position, Result, Tally, seats_of
from bot.services.documents.council_rows import award_name, texts
from bot.services.documents.cycle_reads import Item, Meeting, items, meeting, voters
from bot.services.documents.records import Setting, Subject

TEMPLATE = "council_minutes.docx"


def _result(item: Item, *, closed: bool) -> str:
    try:
        result = Result(item.result) if closed else Result.OPEN
    except ValueError:
        return item.result
    return texts().raw(RESULT_NAMES[result])


def _row(
    number: int, item: Item, members: int | None, setting: Setting, *, closed: bool
) -> dict[str, object]:
    tally = Tally(item.agree, item.disagree, members or 0)
    return {
        "number": number,
        "name": item.row.name,
        "unit": item.row.unit,
        "award": award_name(setting, item.row.award_code, item.row.award),
        "secret": item.secret,
        "agree": item.agree,
        "disagree": item.disagree,
        "share": share(tally.share) if members else BLANK,
        "result": _result(item, closed=closed),
    }


async def _members(session: AsyncSession, opened: Meeting) -> tuple[int | None, str]:
    """The council's seats (fixed when the session closed, the roll now while it is open)
    and the chair's name."""
    seats = await seats_of(session, opened.council_code)
    chair = next((s.full_name for s in seats if s.position is Position.CHAIR), "")
    total = opened.members_total if opened.closed else len(seats)
    return total, chair


async def make_council_minutes(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft, ...]:
    """The minutes of the session ``subject`` (the tally so far while it is open)."""
    opened = await meeting(session, subject.id, setting, subject.code)
    found = await items(session, opened.id)
    members, chair = await _members(session, opened)
    fields = Fields()
    context = setting.letterhead.context(fields, symbol="BB", day=opened.day)
    for key in ("documents.council_field.meeting_time", "documents.council_field.meeting_place"):
        fields.note(key)
    fields.note("documents.council_field.secretary")
    context |= {
        "council_name": fields.text("documents.council_field.council", opened.council),
        "session_title": opened.title,
        "session_code": opened.code,
        "meeting_date": long_date(opened.day),
        "meeting_time": BLANK,
        "meeting_place": BLANK,
        "chair": fields.text("documents.council_field.chair", chair),
        "secretary": BLANK,
        "members_total": fields.count("documents.council_field.members_total", members),
        "present": await voters(session, opened.id),
        "all_secret": bool(found) and all(i.secret for i in found),
        "any_secret": any(i.secret for i in found),
        "closed": opened.closed,
        "as_of": short_date(setting.today),
        "count": len(found),
        "passed": sum(i.result == Result.PASSED for i in found) if opened.closed else BLANK,
        "rows": [
            _row(n, i, members, setting, closed=opened.closed)
            for n, i in enumerate(found, start=1)
        ],
    }
    name = file_name("Bien-ban-hop-Hoi-dong", opened.code)
    return (fields.done(TEMPLATE, name, context),)
