"""Quyết định tặng … with its list and amounts: a draft per award the Office decides itself
among a session's passed items (number and date left to the clerk), or the decision the Office
recorded, as it was signed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import NBSP, Draft, Fields, file_name, long_date, number_line
from bot.errors import DocumentKindUnavailable
from bot.services.documents.award_list import by_award, list_context
from bot.services.documents.council_rows import Row, award_name, grantor_of
from bot.services.documents.cycle_reads import (
    AWARDED,
    Meeting,
    items,
    meeting,
    passed_here,
    recorded,
    session_of,
)
from bot.services.documents.records import Setting, Subject, SubjectKind
from bot.services.documents.rewards import priced

TEMPLATE = "decision.docx"
NUMBER = "documents.council_field.number"
SIGNED_ON = "documents.council_field.signed_on"


@dataclass(frozen=True, slots=True)
class Act:
    """What a document of an act says of it: blank number and date on a draft."""

    number: str
    day: date | None
    authority: str
    signer: str
    file: str


def grounds(fields: Fields, opened: Meeting | None) -> dict[str, object]:
    """The council session the act rests on (Căn cứ kết quả họp …)."""
    if opened is None:
        fields.note("documents.council_field.session")
    council = opened.council if opened is not None else ""
    return {
        "council_name": fields.text("documents.council_field.council", council),
        "meeting_date": long_date(opened.day if opened is not None else None),
    }


def _draft(
    rows: Sequence[tuple[Row, bool]], setting: Setting, opened: Meeting | None, act: Act
) -> Draft:
    """One decision of one award."""
    fields = Fields()
    if not act.number:
        fields.note(NUMBER)
    if act.day is None:
        fields.note(SIGNED_ON)
    context = setting.letterhead.context(fields, symbol="QĐ", number=act.number, day=act.day)
    first = rows[0][0]
    award = award_name(setting, first.award_code, first.award)
    priced_rows = priced(rows, setting, fields, decision=act.number)
    authority = act.authority or setting.letterhead.head_title
    line = number_line(act.number, "QĐ", setting.letterhead.abbreviation)
    context |= grounds(fields, opened) | list_context(priced_rows, setting)
    context |= {
        "award": award,
        "award_upper": award.upper(),
        "year": first.year,
        "authority_name": authority,
        "authority_upper": authority.upper(),
        "number": line.removeprefix(f"Số:{NBSP}"),
        "signed_date": long_date(act.day),
        "signer_title": authority.upper(),
        "signer_name": act.signer or context["head_name"],
    }
    name = file_name("Quyet-dinh", act.file, first.award_code)
    return fields.done(TEMPLATE, name, context)


async def make_decision(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft, ...]:
    """The draft decisions of the session ``subject``, or the recorded decision ``subject``.

    Raises:
        DocumentSubjectNotFound: No such session or decision.
        DocumentKindUnavailable: Nothing passed that is granted here (or the session is still
            open); the recorded act is a Tờ trình, or awarded nothing.
    """
    if subject.kind is SubjectKind.SESSION:
        opened = await meeting(session, subject.id, setting, subject.code)
        passed = passed_here(await items(session, opened.id), setting, here=True)
        drafts = []
        for code, rows in by_award(passed).items():
            who = grantor_of(setting, setting.awards.get(code))
            act = Act("", None, who.name, "", opened.code)
            drafts.append(_draft([(r, False) for r in rows], setting, opened, act))
        if not drafts:  # open, or nothing passed that is granted here
            raise DocumentKindUnavailable(code=subject.code)
        return tuple(drafts)
    found = await recorded(session, subject)
    awarded = found.with_outcome(AWARDED)
    if found.kind != "decision" or not awarded:
        raise DocumentKindUnavailable(code=subject.code)
    cited = await session_of(session, [r.id for r, _ in awarded], setting)
    act = Act(found.number, found.signed_on, found.authority, found.signer, found.number)
    return (_draft(awarded, setting, cited, act),)
