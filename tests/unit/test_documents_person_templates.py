"""The application form and the achievement reports, rendered from fixed values (no database):
the whole text must equal the committed golden file, so a template that loses a field or a
line of the official form fails; and each committed template is what its source builds.

After a deliberate change of a form, write the golden files again with
``UPDATE_GOLDEN=1 python -m pytest tests/unit/test_documents_person_templates.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from bot.documents import BLANK, Draft, TemplateStore, place_date, render
from bot.documents.forms.build import build
from bot.documents.forms.source import load
from tests.documents_text import document_text

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "documents"
FORMS = ROOT / "bot" / "documents" / "forms"
TEMPLATES = ROOT / "bot" / "documents" / "templates"

APPLICATION: dict[str, Any] = {
    "addressee": "Sở Khoa học và Công nghệ tỉnh Phú Thọ",
    "code": "SK-2026-0001",
    "title": "Số hóa <b>hồ sơ</b> & biểu mẫu",
    "authors": [
        {"number": "1", "name": "Nguyễn Văn An", "birth": "25/04/1985", "workplace": "Phòng CNTT",
         "job_title": "Chuyên viên", "qualification": "Kỹ sư", "share": "70%"},
        {"number": "2", "name": "Trần Thị Bình", "birth": BLANK, "workplace": BLANK,
         "job_title": BLANK, "qualification": BLANK, "share": "30%"},
    ],
    "investor": {"name": "Công ty Cổ phần Số", "address": "Số 1 Trần Phú, Việt Trì"},
    "kind": "ky_thuat",
    "field": "Chuyển đổi số",
    "applied_since": "15/01/2026",
    "applied_where": "Văn phòng Sở",
    "problem": ["Hồ sơ giấy chậm."],
    "solution": ["Nộp qua bot.", "Xét duyệt trực tuyến."],
    "confidential": [],
    "conditions": [BLANK],
    "benefit": ["Tiết kiệm 200 giờ công."],
    "appliers": [{"name": "Văn phòng Sở", "address": "Việt Trì", "benefit": "Nhanh hơn."}],
    "participants": [{"number": "1"}],
    "place_date": "Phú Thọ, ngày 02 tháng 3 năm 2026",
    "filer_name": "Công ty Cổ phần Số",
}  # fmt: skip

_HISTORY: dict[str, Any] = {
    "code": "DC-2026-0001",
    "place_date": place_date("Phú Thọ", None),
    "summary": ["Dẫn đầu phong trào <chuyển đổi số> & cải cách.", "Hoàn thành 100% kế hoạch."],
    "initiatives": [
        {"code": "SK-2026-0001", "title": "Số hóa hồ sơ", "decision_number": "15/QĐ-SKHCN",
         "decision_date": "20/05/2026"},
    ],
    "titles": [
        {"year": "2025", "name": "Lao động tiên tiến", "number": "120/QĐ-SKHCN",
         "signed_on": "15/12/2025", "authority": "Giám đốc Sở"},
    ],
    "commendations": [{"empty": True}],
}  # fmt: skip

INDIVIDUAL: dict[str, Any] = _HISTORY | {
    "award_name_upper": "CHIẾN SĨ THI ĐUA CƠ SỞ",
    "name": "Nguyễn Văn An",
    "birth": "25/04/1985",
    "unit": "Phòng Công nghệ thông tin",
    "position": "Phó Trưởng phòng",
    "qualification": BLANK,
}

COLLECTIVE: dict[str, Any] = _HISTORY | {
    "award_name_upper": "GIẤY KHEN CỦA GIÁM ĐỐC SỞ",
    "name": "Phòng Công nghệ thông tin",
    "members": "12",
    "head_name": "Phạm Văn Trưởng",
    "initiatives": [],
}

CASES = {
    "initiative_application": APPLICATION,
    "achievement_individual": INDIVIDUAL,
    "achievement_collective": COLLECTIVE,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_rendered_text_is_the_golden_text(name: str) -> None:
    draft = Draft(f"{name}.docx", f"{name}.docx", CASES[name])
    text = document_text(render(TemplateStore(), draft).content) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_committed_template_is_what_its_source_builds(name: str) -> None:
    built = build(load(FORMS / f"{name}.toml"))
    assert document_text((TEMPLATES / f"{name}.docx").read_bytes()) == document_text(built)
