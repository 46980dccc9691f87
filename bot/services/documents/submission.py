"""Tờ trình: the Office proposes a session's passed items to the authority that grants them —
one to the Director for the awards granted here, one to each higher authority for the others —
or the Tờ trình the Office recorded when it sent a dossier up."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Draft, Fields, file_name
from bot.errors import DocumentKindUnavailable
from bot.services.decisions import Grantor
from bot.services.documents.award_list import list_context
from bot.services.documents.council_rows import Row, grantor_of
from bot.services.documents.cycle_reads import (
    PASSED,
    Meeting,
    items,
    meeting,
    recorded,
    session_of,
)
from bot.services.documents.decision import NUMBER, SIGNED_ON, Act, grounds
from bot.services.documents.records import Setting, Subject, SubjectKind
from bot.services.documents.rewards import priced

TEMPLATE = "submission.docx"
SENT_UP = "sent_up"


def _draft(rows: Sequence[Row], setting: Setting, opened: Meeting | None, act: Act) -> Draft:
    fields = Fields()
    if not act.number:
        fields.note(NUMBER)
    if act.day is None:
        fields.note(SIGNED_ON)
    context = setting.letterhead.context(fields, symbol="TTr", number=act.number, day=act.day)
    priced_rows = priced([(r, False) for r in rows], setting, fields, decision=act.number)
    context |= grounds(fields, opened) | list_context(priced_rows, setting)
    context |= {
        "year": min(r.year for r in rows),
        "recipient": fields.text("documents.council_field.authority", act.authority),
        "signer_title": context["head_title"],
        "signer_name": act.signer or context["head_name"],
    }
    return fields.done(TEMPLATE, file_name("To-trinh", act.file), context)


def _by_grantor(rows: Sequence[Row], setting: Setting) -> dict[Grantor, list[Row]]:
    """The rows of each granting authority, those granted here first."""
    groups: dict[Grantor, list[Row]] = {}
    for row in rows:
        groups.setdefault(grantor_of(setting, setting.awards.get(row.award_code)), []).append(row)
    return dict(sorted(groups.items(), key=lambda g: not g[0].decides_here))


async def make_submission(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft, ...]:
    """The Tờ trình of the session ``subject`` (one per authority), or the recorded one.

    Raises:
        DocumentSubjectNotFound: No such session or decision.
        DocumentKindUnavailable: Nothing passed (or the session is still open); the recorded act
            is a decision, or sent nothing up.
    """
    if subject.kind is SubjectKind.SESSION:
        opened = await meeting(session, subject.id, setting, subject.code)
        passed = [i.row for i in await items(session, opened.id) if i.result == PASSED]
        if not passed:  # still open, or nothing passed
            raise DocumentKindUnavailable(code=subject.code)
        return tuple(
            _draft(rows, setting, opened, Act("", None, who.name, "", f"{opened.code}-{who.code}"))
            for who, rows in _by_grantor(passed, setting).items()
        )
    found = await recorded(session, subject)
    sent = [row for row, _cancelled in found.with_outcome(SENT_UP)]
    if found.kind != "submission" or not sent:
        raise DocumentKindUnavailable(code=subject.code)
    cited = await session_of(session, [r.id for r in sent], setting)
    act = Act(found.number, found.signed_on, found.authority, found.signer, found.number)
    return (_draft(sent, setting, cited, act),)
