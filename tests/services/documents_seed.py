"""The people, items and lists the tests of the documents service, chat and terminal share.

The shipped makers fill the documents; ``[documents] place`` is left unset so every document
has one blank field to warn about.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import docx

from bot.app import App
from bot.config import Settings
from bot.roles import Role
from bot.services.common.views import MemberView
from models import CouncilSession
from tests.conftest import make_settings
from tests.factories import make_member, make_proposal
from tests.services.nominations_seed import AWARDS, award, draft_for

#: The letterhead, all but the place (a blank every document notes).
DOCUMENTS = {
    "governing_body": "UBND tỉnh Vĩnh Phúc",
    "abbreviation": "STTTT",
    "head_title": "Giám đốc",
    "head_name": "Nguyễn Văn Giám",
    "office_name": "Văn phòng Sở",
}
PLACE_BLANK = "documents.field.place"
PLACE_LABEL = "địa danh ghi trước ngày tháng"
DECISION_NUMBER = "1/QĐ-STTTT"
SESSION_CODE = "PH-2026-001"


def documents_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings with the award catalogue and the letterhead above (``overrides`` replace whole
    sections)."""
    return make_settings(database_url, **({"awards": AWARDS, "documents": DOCUMENTS} | overrides))


@dataclass(frozen=True, slots=True)
class Seeded:
    """The Office, CNTT's head and staff, another unit's head, and what they filed."""

    office: MemberView
    head: MemberView
    author: MemberView
    colleague: MemberView
    other_head: MemberView
    nomination: int
    nomination_code: str
    awarded_code: str
    initiative: int
    initiative_code: str
    session: int


async def seed(app: App) -> Seeded:
    """An's nomination (submitted), Bình's nomination awarded by decision 1/QĐ-STTTT, An's
    initiative, and a council session PH-2026-001."""
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Văn Trưởng")
    author = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    colleague = await make_member(app, "binh", Role.STAFF, "CNTT", name="Trần Thị Bình")
    other = await make_member(app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Thị Khác")
    nominated = await app.services.nominations.submit(head, draft_for(author))
    awarded = await app.services.nominations.submit(head, draft_for(colleague))
    await award(app, office, awarded.id, DECISION_NUMBER)
    proposal = make_proposal(title="Số hóa hồ sơ thi đua", movement="", field="Khác")
    initiative = await app.services.initiatives.submit(author, proposal)
    async with app.sessions.begin() as session:
        row = CouncilSession(
            code=SESSION_CODE,
            council_code="HDTDKT",
            title="Phiên họp xét khen thưởng năm 2026",
            state="closed",
            opened_at=datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
        )
        session.add(row)
        await session.flush()
        session_id = row.id
    return Seeded(
        office,
        head,
        author,
        colleague,
        other,
        nominated.id,
        nominated.code,
        awarded.code,
        initiative.id,
        initiative.code,
        session_id,
    )


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a ``.docx``, one per line."""
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)
