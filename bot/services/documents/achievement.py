"""Báo cáo thành tích of a nomination: the individual or the collective form of the
appendix of Nghị định 98/2023/NĐ-CP, filled with what the bot holds; the rest is blank for the
unit head to complete (docs/documents.md)."""

from __future__ import annotations

from typing import Final

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Draft, Fields, file_name, paragraphs, place_date
from bot.domain import NomineeKind
from bot.errors import DocumentSubjectNotFound
from bot.roles import Role
from bot.services.documents.achievement_history import cited_initiatives, earlier_awards
from bot.services.documents.records import Setting, Subject
from models import InitiativeAuthor, Member, Nomination, Unit

INDIVIDUAL: Final = "achievement_individual.docx"
COLLECTIVE: Final = "achievement_collective.docx"
#: What the individual form asks that the bot never records about a person.
_NOT_HELD: Final = (
    "documents.person_field.gender",
    "documents.person_field.home_town",
    "documents.person_field.residence",
    "documents.person_field.degrees",
    "documents.person_field.duties",
)
#: What the collective form asks that the bot never records about a unit.
_UNIT_NOT_HELD: Final = (
    "documents.person_field.address",
    "documents.person_field.phone",
    "documents.person_field.functions",
)


async def make_achievement(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft]:
    """The achievement report of the nomination ``subject``, by its nominee's kind."""
    item = await session.get(Nomination, subject.id)
    if item is None:
        raise DocumentSubjectNotFound(code=subject.code)
    fields = Fields()
    context = await _common(session, fields, item, setting)
    if item.nominee_kind == NomineeKind.COLLECTIVE:
        context |= await _collective(session, fields, item, setting)
        template = COLLECTIVE
    else:
        context |= await _individual(session, fields, item)
        template = INDIVIDUAL
    history = await earlier_awards(session, fields, item, setting.awards)
    context |= {"titles": history.titles, "commendations": history.commendations}
    name = file_name("Bao-cao-thanh-tich", str(context["name"]), item.code)
    return (fields.done(template, name, context),)


async def _common(
    session: AsyncSession, fields: Fields, item: Nomination, setting: Setting
) -> dict[str, object]:
    """The award, the summary, the cited initiatives and the foot's place (the day is left
    for the signer)."""
    if not setting.letterhead.place:
        fields.note("documents.field.place")
    return {
        "code": item.code,
        "award_name_upper": fields.text("documents.person_field.award", item.award_name).upper(),
        "summary": paragraphs(item.summary)
        or [fields.text("documents.person_field.summary", None)],
        "initiatives": await cited_initiatives(session, fields, item.id),
        "place_date": place_date(setting.letterhead.place, None),
    }


async def _individual(
    session: AsyncSession, fields: Fields, item: Nomination
) -> dict[str, object]:
    """Section I of a person: the name always; a member's unit and position, and the birth
    date and qualification they declared as an initiative's author, when held."""
    member = None
    if item.nominee_kind == NomineeKind.MEMBER and item.nominee_member_id is not None:
        member = await session.get(Member, item.nominee_member_id)
    unit = await session.get(Unit, member.unit_id) if member is not None else None
    declared = await _declared(session, member.id) if member is not None else None
    for key in _NOT_HELD:
        fields.note(key)
    return {
        "name": member.full_name if member is not None else item.nominee_name,
        "birth": fields.day(
            "documents.person_field.birth", declared.birth_date if declared else None
        ),
        "unit": fields.text("documents.person_field.unit", unit.name if unit else None),
        "position": fields.text(
            "documents.person_field.position", member.position if member else None
        ),
        "qualification": fields.text(
            "documents.person_field.qualification", declared.qualification if declared else None
        ),
    }


async def _declared(session: AsyncSession, member_id: int) -> InitiativeAuthor | None:
    """The member's latest author row with a birth date or a qualification: what they
    declared themselves on an initiative's application form."""
    return (
        await session.scalars(
            select(InitiativeAuthor)
            .where(
                InitiativeAuthor.member_id == member_id,
                or_(
                    InitiativeAuthor.birth_date.is_not(None), InitiativeAuthor.qualification != ""
                ),
            )
            .order_by(InitiativeAuthor.id.desc())
            .limit(1)
        )
    ).first()


async def _collective(
    session: AsyncSession, fields: Fields, item: Nomination, setting: Setting
) -> dict[str, object]:
    """Section I of a unit: its name, its members today and its head who signs."""
    unit = await session.get(Unit, item.unit_id)
    present = (
        Member.unit_id == item.unit_id,
        Member.active.is_(True),
        or_(Member.left_on.is_(None), Member.left_on > setting.today),
    )
    members = await session.scalar(select(func.count(Member.id)).where(*present))
    head = await session.scalar(
        select(Member.full_name)
        .where(*present, Member.role == Role.UNIT_HEAD.value)
        .order_by(Member.id)
        .limit(1)
    )
    for key in _UNIT_NOT_HELD:
        fields.note(key)
    return {
        "name": unit.name if unit is not None else item.nominee_name,
        "members": str(members or 0),
        "head_name": fields.text("documents.person_field.unit_head", head),
    }
