"""A council session's and a decision's whole dossier, as the Office gets it from the wiring:
the minutes with the tally, the Tờ trình and draft decision, each item's achievement report,
the accountant's reward list and the note of blank fields, opened as a reader would."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from bot.services.documents import DocumentKind
from tests.documents_text import document_text
from tests.services.documents_council_seed import (
    documents_app,  # noqa: F401 - the app fixture
)
from tests.services.documents_cycle_seed import PLAN, seed_cycle


def _open(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _paid(content: bytes) -> tuple[dict[str, object], object]:
    """The reward list's amount by name and its total, read from the workbook."""
    page = load_workbook(io.BytesIO(content)).active
    assert page["A1"].value.endswith("09:00 02/03/2026")  # made at 02:00 UTC: Vietnam's time
    rows = [[c.value for c in row] for row in page.iter_rows(min_row=3)]
    paid = {row[1]: row[8] for row in rows if isinstance(row[0], int)}
    [total] = [row[8] for row in rows if row[1] == "Tổng cộng"]
    return paid, total


async def test_a_sessions_dossier_holds_its_minutes_drafts_reports_and_reward_list(
    app: App,
) -> None:
    cycle = await seed_cycle(app)
    documents = app.services.documents
    plan = await documents.plan(None, cycle.session.code)
    dossier = await documents.dossier(None, cycle.session.code)
    assert dossier.name == "Ho-so-PH-2026-0001.zip"
    files = _open(dossier.content)
    reports = sorted(n for n in files if n.startswith("Bao-cao-thanh-tich-"))
    assert len(reports) == len(PLAN)  # one per item of the session
    an = document_text(files["Bao-cao-thanh-tich-Nguyen-Van-An-DC-2026-0001.docx"])
    assert "Nguyễn Văn An" in an and "Số hóa hồ sơ thi đua" in an  # the initiative cited
    minutes = document_text(files["Bien-ban-hop-Hoi-dong-PH-2026-0001.docx"])
    assert "Tổng số thành viên Hội đồng: 5 người" in minutes
    assert "Số tập thể, cá nhân đạt: 4/5." in minutes
    above = document_text(files["To-trinh-PH-2026-0001-CT-UBND.docx"])
    assert "Phạm Văn Trưởng" in above  # the province award is sent up
    decision = document_text(files["Quyet-dinh-PH-2026-0001-GK-GD.docx"])
    assert "Trần Thị Bình" in decision and "Hoàng Văn Lãnh" in decision
    assert "Vũ Thị Khác" not in decision  # failed the vote
    # Paid from here: An's CSTĐCS (1,0 × 2.340.000) and the Giấy khen (0,3) of Bình and Lãnh;
    # Khác failed, and Trưởng's province award is paid by the province.
    paid, total = _paid(files["Danh-sach-khen-thuong-PH-2026-0001.xlsx"])
    assert paid == {
        "Nguyễn Văn An": 2_340_000,
        "Trần Thị Bình": 710_000,
        "Hoàng Văn Lãnh": 710_000,
    }
    assert total == 3_760_000
    notes = files["THIEU-DU-LIEU.txt"].decode("utf-8-sig")
    assert notes.startswith("Hồ sơ PH-2026-0001: các trường còn để trống")
    blanks = notes.split("To-trinh-PH-2026-0001-CT-UBND.docx:\n", 1)[1].split("\n\n", 1)[0]
    assert "số văn bản" in blanks and "hệ số tiền thưởng" in blanks
    assert "Bien-ban-hop-Hoi-dong-PH-2026-0001.docx:\n  - giờ họp" in notes
    incomplete = {b.name for b in plan.incomplete}
    assert all(f"{name}:" in notes for name in incomplete)
    assert "Danh-sach-khen-thuong-PH-2026-0001.xlsx" not in incomplete  # every amount known


async def test_a_recorded_decisions_dossier_pays_only_what_stands(app: App) -> None:
    await seed_cycle(app)
    dossier = await app.services.documents.dossier(None, "125/qđ-stttt")
    files = _open(dossier.content)
    assert dossier.name == "Ho-so-125-QD-STTTT.zip"
    assert "125/QĐ-STTTT" in document_text(files["Quyet-dinh-125-QD-STTTT-GK-GD.docx"])
    notice = document_text(files["Thong-bao-ket-qua-125-QD-STTTT.docx"])
    assert "Trần Thị Bình" in notice and "Hoàng Văn Lãnh" not in notice  # cancelled
    assert "Bao-cao-thanh-tich-Tran-Thi-Binh-DC-2026-0002.docx" in files
    assert "Bien-ban-hop-Hoi-dong-PH-2026-0001.docx" in files  # the session that voted
    assert not any(n.startswith("To-trinh-") for n in files)  # a decision, not a Tờ trình
    # Of the session, only the minutes: its draft decisions are superseded by the act.
    assert not any(n.startswith("Quyet-dinh-PH-") for n in files)
    paid, total = _paid(files["Danh-sach-khen-thuong-125-QD-STTTT.xlsx"])
    assert paid == {"Trần Thị Bình": 710_000, "Hoàng Văn Lãnh (đã hủy khen thưởng)": None}
    assert total == 710_000
    assert "THIEU-DU-LIEU.txt" in files


async def test_a_submission_sent_up_has_a_dossier_too(app: App) -> None:
    await seed_cycle(app)
    dossier = await app.services.documents.dossier(None, "130/TTr-STTTT")
    files = _open(dossier.content)
    assert "Phạm Văn Trưởng" in document_text(files["To-trinh-130-TTr-STTTT.docx"])
    assert not any(n.startswith("Quyet-dinh-130") for n in files)
    assert "Bao-cao-thanh-tich-Pham-Van-Truong-DC-2026-0003.docx" in files
    assert _paid(files["Danh-sach-khen-thuong-130-TTr-STTTT.xlsx"]) == ({}, 0)  # paid above


async def test_each_act_is_offered_the_documents_it_has(app: App) -> None:
    cycle = await seed_cycle(app)
    documents = app.services.documents
    decision, sent, session = "125/QĐ-STTTT", "130/TTr-STTTT", cycle.session.code
    assert await documents.kinds(None, decision) == (
        DocumentKind.DECISION,
        DocumentKind.RESULT_NOTICE,
        DocumentKind.REWARD_LIST,
    )
    assert await documents.kinds(None, sent) == (
        DocumentKind.SUBMISSION,
        DocumentKind.REWARD_LIST,
    )
    assert await documents.kinds(None, session) == (
        DocumentKind.COUNCIL_MINUTES,
        DocumentKind.SUBMISSION,
        DocumentKind.DECISION,
        DocumentKind.REWARD_LIST,
    )
