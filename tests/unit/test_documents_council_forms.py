"""Golden text of the decision cycle's templates: a fixed context rendered and compared with
``tests/data/documents/<template>.txt`` (a template that loses a field fails here), and each
committed ``.docx`` matching the build of its ``.toml`` source.

Set ``UPDATE_GOLDEN=1`` to write the golden files again after a deliberate change.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from bot.config_documents import Documents
from bot.documents import Fields, Letterhead, TemplateStore
from bot.documents.forms.build import build
from bot.documents.forms.source import load, sources
from bot.documents.render import shipped_templates
from tests.documents_text import document_text

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "documents"
LETTERHEAD = Letterhead.of(
    Documents(
        governing_body="UBND tỉnh Phú Thọ",
        abbreviation="SKHCN",
        place="Phú Thọ",
        head_title="Giám đốc",
        head_name="Trần Văn Giám",
        office_name="Văn phòng Sở",
    ),
    "Sở Khoa học và Công nghệ",
)
LIST_ROWS = [
    {
        "number": 1,
        "name": "Nguyễn Văn An",
        "unit": "Phòng Quản lý khoa học",
        "award": "Giấy khen của Giám đốc Sở",
        "multiple": "0,3",
        "amount": "710.000",
        "cancelled": False,
    },
    {
        "number": 2,
        "name": "Phòng Kế hoạch - Tài chính",
        "unit": "Phòng Kế hoạch - Tài chính",
        "award": "Giấy khen của Giám đốc Sở",
        "multiple": "0,3",
        "amount": "-",
        "cancelled": True,
    },
]
COMMON: dict[str, object] = {
    "year": 2026,
    "council_name": "Hội đồng Thi đua - Khen thưởng Sở",
    "meeting_date": "ngày 15 tháng 12 năm 2026",
    "count": 1,
    "total": "710.000",
}
CONTEXTS: dict[str, dict[str, object]] = {
    "vote_minutes": {
        "unit_name": "Phòng Quản lý khoa học",
        "meeting_date": "ngày 01 tháng 12 năm 2026",
        "meeting_time": "…………",
        "meeting_place": "…………",
        "chair": "…………",
        "secretary": "…………",
        "attendees": "14",
        "end_time": "…………",
        "rows": [
            {
                "number": 1,
                "name": "Nguyễn Văn An",
                "award": "Chiến sĩ thi đua cơ sở",
                "votes": "12",
                "share": "85,7%",
            }
        ],
    },
    "council_minutes": {
        "session_title": "Xét khen thưởng năm 2026",
        "session_code": "PH-2026-0001",
        "meeting_time": "…………",
        "meeting_place": "…………",
        "chair": "Đỗ Văn Hội",
        "secretary": "…………",
        "members_total": "9",
        "present": 8,
        "all_secret": False,
        "any_secret": True,
        "closed": False,
        "as_of": "15/12/2026",
        "passed": "…………",
        "rows": [
            {
                "number": 1,
                "name": "Nguyễn Văn An",
                "unit": "Phòng Quản lý khoa học",
                "award": "Chiến sĩ thi đua cơ sở",
                "secret": True,
                "agree": 7,
                "disagree": 1,
                "share": "77,8%",
                "result": "Đang biểu quyết",
            }
        ],
    },
    "submission": {
        "recipient": "Giám đốc Sở",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Trần Văn Giám",
        "rows": LIST_ROWS,
    },
    "decision": {
        "award": "Giấy khen của Giám đốc Sở",
        "award_upper": "GIẤY KHEN CỦA GIÁM ĐỐC SỞ",
        "authority_name": "Giám đốc Sở",
        "authority_upper": "GIÁM ĐỐC SỞ",
        "number": "12/QĐ-SKHCN",
        "signed_date": "ngày 20 tháng 12 năm 2026",
        "amount": "710.000",
        "multiple": "0,3",
        "base_salary": "2.340.000",
        "signer_title": "GIÁM ĐỐC SỞ",
        "signer_name": "Trần Văn Giám",
        "rows": LIST_ROWS,
    },
    "public_notice": {
        "listing_title": "Đề nghị Bằng khen của Chủ tịch UBND tỉnh",
        "closes_on": "ngày 10 tháng 12 năm 2026",
        "rows": LIST_ROWS[:1],
    },
    "result_notice": {
        "number": "12/QĐ-SKHCN",
        "signed_date": "ngày 20 tháng 12 năm 2026",
        "authority": "Giám đốc Sở",
        "award": "Giấy khen của Giám đốc Sở",
        "rows": LIST_ROWS[:1],
    },
}


def _context(name: str) -> dict[str, object]:
    letterhead = LETTERHEAD.context(Fields(), symbol="QĐ", day=date(2026, 12, 20))
    return letterhead | COMMON | CONTEXTS[name]


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_a_template_renders_its_golden_text(name: str) -> None:
    text = document_text(TemplateStore().get(f"{name}.docx").render(_context(name)))
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.stem)
def test_each_committed_template_is_the_build_of_its_source(path: Path) -> None:
    source = load(path)
    committed = {p.name: p for p in shipped_templates()}[source.template]
    assert document_text(committed.read_bytes()) == document_text(build(source))
