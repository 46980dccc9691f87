"""Đơn yêu cầu công nhận sáng kiến (Thông tư 18/2013/TT-BKHCN, Phụ lục I), filled from what
the author declared in the bot's form (docs/documents.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Draft, Fields, file_name, paragraphs, place_date
from bot.errors import DocumentSubjectNotFound
from bot.services.documents.records import Setting, Subject
from models import Initiative, InitiativeApplier, InitiativeAuthor

TEMPLATE: Final = "initiative_application.docx"


async def make_application(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft]:
    """The application form of the initiative ``subject``."""
    item = await session.get(Initiative, subject.id)
    if item is None:
        raise DocumentSubjectNotFound(code=subject.code)
    authors = (
        await session.scalars(
            select(InitiativeAuthor)
            .where(InitiativeAuthor.initiative_id == item.id)
            .order_by(InitiativeAuthor.position, InitiativeAuthor.id)
        )
    ).all()
    appliers = (
        await session.scalars(
            select(InitiativeApplier)
            .where(InitiativeApplier.initiative_id == item.id)
            .order_by(InitiativeApplier.position, InitiativeApplier.id)
        )
    ).all()
    fields = Fields()
    context = _letterhead(fields, setting, _filed_on(item.submitted_at, setting))
    context |= {
        "code": item.code,
        "title": fields.text("documents.person_field.title", item.title),
        "authors": [_author(fields, n, a) for n, a in enumerate(authors, 1)]
        or _blank_row(fields, "documents.person_field.authors"),
        "investor": _investor(fields, item),
        "kind": item.kind,
        "field": fields.text("documents.person_field.field", item.field),
        "applied_since": fields.day("documents.person_field.applied_since", item.applied_since),
        "applied_where": fields.text("documents.person_field.applied_where", item.applied_where),
        "problem": _lines(fields, "documents.person_field.problem", item.problem),
        "solution": _lines(fields, "documents.person_field.solution", item.solution),
        "confidential": paragraphs(item.confidential),
        "conditions": _lines(fields, "documents.person_field.conditions", item.conditions),
        "benefit": _lines(fields, "documents.person_field.benefit", item.benefit),
        "appliers": [_applier(fields, a) for a in appliers],
        # The form's list of people who helped apply it first: the bot does not collect it.
        "participants": _blank_row(fields, "documents.person_field.participants"),
        "filer_name": _filer_name(fields, item, authors),
    }
    name = file_name("Don-cong-nhan-sang-kien", item.code)
    return (fields.done(TEMPLATE, name, context),)


def _letterhead(fields: Fields, setting: Setting, filed_on: date) -> dict[str, object]:
    """The addressee (the body that recognises initiatives) and the place and date of filing;
    of the letterhead's settings only the place is noted when unset (the form has no signer
    of the organisation)."""
    scratch = Fields()
    letterhead = setting.letterhead.context(scratch, symbol="")
    if "documents.field.place" in scratch.missing:
        fields.note("documents.field.place")
    return {
        "addressee": fields.text(
            "documents.person_field.addressee", str(letterhead["issuing_body_name"])
        ),
        "place_date": place_date(setting.letterhead.place, filed_on),
    }


def _filed_on(submitted_at: datetime, setting: Setting) -> date:
    """The day the application was filed, in the organisation's zone (stored times are UTC)."""
    moment = submitted_at if submitted_at.tzinfo else submitted_at.replace(tzinfo=UTC)
    return moment.astimezone(setting.zone).date()


def _lines(fields: Fields, key: str, text: str) -> list[str]:
    """A long answer as paragraphs, or one noted blank."""
    return paragraphs(text) or [fields.text(key, None)]


def _blank_row(fields: Fields, key: str) -> list[dict[str, str]]:
    """A table's one row of blanks (the template shows every field it lacks as a blank)."""
    fields.note(key)
    return [{"number": "1"}]


def _author(fields: Fields, number: int, author: InitiativeAuthor) -> dict[str, str]:
    return {
        "number": str(number),
        "name": author.name,
        "birth": fields.day("documents.person_field.author_birth", author.birth_date),
        "workplace": fields.text("documents.person_field.author_workplace", author.workplace),
        "job_title": fields.text("documents.person_field.author_job_title", author.job_title),
        "qualification": fields.text(
            "documents.person_field.author_qualification", author.qualification
        ),
        "share": f"{author.share}%",
    }


def _investor(fields: Fields, item: Initiative) -> dict[str, str]:
    """The investor's name and address when the investor files; empty when the author does
    (the template then says so)."""
    if item.filer != "investor":
        return {}
    return {
        "name": fields.text("documents.person_field.investor_name", item.investor_name),
        "address": fields.text("documents.person_field.investor_address", item.investor_address),
    }


def _applier(fields: Fields, applier: InitiativeApplier) -> dict[str, str]:
    return {
        "name": applier.name,
        "address": fields.text("documents.person_field.applier_address", applier.address),
        "benefit": fields.text("documents.person_field.applier_benefit", applier.benefit),
    }


def _filer_name(fields: Fields, item: Initiative, authors: Sequence[InitiativeAuthor]) -> str:
    """Who signs: the investor, or the author who filed it (stored first)."""
    if item.filer == "investor":
        return fields.text("documents.person_field.investor_name", item.investor_name)
    filer = next((a for a in authors if a.member_id == item.author_id), None)
    filer = filer or (authors[0] if authors else None)
    return fields.text("documents.person_field.filer", filer.name if filer else None)
