"""Rows and settings shared by the tests of the application form and the achievement
reports: members, initiatives, nominations and earlier decisions written straight into the
test database, and the :class:`Setting` a maker is given."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.config_awards import Award, Rewards
from bot.config_documents import Documents
from bot.documents import Draft, Letterhead, TemplateStore, render
from bot.services.documents import MAKERS, DocumentKind, Setting, Subject, SubjectKind
from models import (
    Decision,
    DecisionItem,
    Initiative,
    InitiativeApplier,
    InitiativeAuthor,
    Member,
    Nomination,
    NominationInitiative,
    Unit,
)
from tests.documents_text import document_text

ORGANISATION = "Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc"
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
AWARDS = {
    a.code: a
    for a in (
        Award(code="CSTDCS", name="Chiến sĩ thi đua cơ sở", applies_to="individual",
              tracks=("annual",), kind="title"),
        Award(code="LDTT", name="Lao động tiên tiến", applies_to="individual",
              tracks=("annual",), kind="title"),
        Award(code="GK-GD", name="Giấy khen của Giám đốc Sở", applies_to="both",
              tracks=("annual",)),
        Award(code="TTLDTT", name="Tập thể lao động tiên tiến", applies_to="collective",
              tracks=("annual",), kind="title"),
    )
}  # fmt: skip


def setting(*, place: str = "Vĩnh Phúc") -> Setting:
    """What a maker is given: the letterhead (with or without a place) and the catalogue."""
    documents = Documents(place=place, abbreviation="STTTT", head_title="Giám đốc")
    return Setting(
        letterhead=Letterhead.of(documents, ORGANISATION),
        rewards=Rewards(),
        awards=AWARDS,
        authorities={},
        councils={},
        zone=ZoneInfo("Asia/Ho_Chi_Minh"),
        today=date(2026, 12, 7),
    )


async def make(
    app: App, kind: DocumentKind, subject: Subject, given: Setting | None = None
) -> tuple[Draft, str]:
    """The registered maker's draft for ``subject``, read in one transaction, and the text of
    the rendered document."""
    maker = MAKERS[kind][1]
    async with app.sessions.begin() as session:
        (draft,) = await maker(session, subject, given or setting())
    return draft, document_text(render(TemplateStore(), draft).content)


async def unit_id(session: AsyncSession, code: str) -> int:
    found = await session.scalar(select(Unit.id).where(Unit.code == code))
    assert found is not None
    return found


async def add_member(
    session: AsyncSession, name: str, unit: str = "CNTT", **values: Any
) -> Member:
    values.setdefault("role", "staff")
    row = Member(unit_id=await unit_id(session, unit), full_name=name, created_at=NOW, **values)
    session.add(row)
    await session.flush()
    return row


async def add_initiative(
    session: AsyncSession, author: Member, code: str = "SK-2026-0001", **values: Any
) -> Initiative:
    fields: dict[str, Any] = {
        "title": "Số hóa hồ sơ thi đua",
        "kind": "quan_ly",
        "field": "Chuyển đổi số",
        "problem": "Hồ sơ giấy chậm, dễ thất lạc.",
        "solution": "Nộp hồ sơ qua Thi đua bot.\nXét duyệt trực tuyến.",
        "applied_where": "Văn phòng Sở",
        "applied_since": date(2026, 1, 15),
        "benefit": "Tiết kiệm 200 giờ công mỗi năm.",
        "state": "recognized",
    } | values
    row = Initiative(
        code=code,
        year=2026,
        author_id=author.id,
        unit_id=author.unit_id,
        submitted_at=NOW,
        updated_at=NOW,
        **fields,
    )
    session.add(row)
    await session.flush()
    return row


def author(initiative: Initiative, position: int, name: str, share: int, **values: Any) -> Any:
    return InitiativeAuthor(
        initiative_id=initiative.id, name=name, share=share, position=position, **values
    )


def applier(initiative: Initiative, name: str, address: str, benefit: str) -> Any:
    return InitiativeApplier(
        initiative_id=initiative.id, name=name, address=address, benefit=benefit
    )


async def add_nomination(
    session: AsyncSession, code: str, unit: str = "CNTT", **values: Any
) -> Nomination:
    fields: dict[str, Any] = {
        "year": 2026,
        "track": "annual",
        "nominee_kind": "member",
        "award_code": "CSTDCS",
        "award_name": "Chiến sĩ thi đua cơ sở",
        "summary": "Hoàn thành xuất sắc nhiệm vụ.",
        "state": "submitted",
    } | values
    fields.setdefault("nominee_key", fields.get("nominee_name", code))
    row = Nomination(
        code=code,
        unit_id=await unit_id(session, unit),
        submitted_at=NOW,
        updated_at=NOW,
        **fields,
    )
    session.add(row)
    await session.flush()
    return row


async def award(
    session: AsyncSession,
    nomination: Nomination,
    number: str,
    signed_on: date,
    *,
    outcome: str = "awarded",
    cancelled: bool = False,
) -> None:
    """Record a decision of the Director on ``nomination``."""
    decision = Decision(
        kind="decision",
        number=number,
        signed_on=signed_on,
        authority_code="GD",
        authority_name="Giám đốc Sở",
        award_code=nomination.award_code,
        recorded_at=NOW,
    )
    session.add(decision)
    await session.flush()
    session.add(
        DecisionItem(
            decision_id=decision.id,
            nomination_id=nomination.id,
            outcome=outcome,
            cancelled_at=NOW if cancelled else None,
        )
    )


def cite(nomination: Nomination, initiative: Initiative) -> Any:
    return NominationInitiative(nomination_id=nomination.id, initiative_id=initiative.id)


def initiative_subject(item: Initiative) -> Subject:
    return Subject(SubjectKind.INITIATIVE, item.id, item.code, item.unit_id)


def nomination_subject(item: Nomination) -> Subject:
    return Subject(SubjectKind.NOMINATION, item.id, item.code, item.unit_id)
