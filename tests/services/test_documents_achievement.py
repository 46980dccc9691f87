"""The Báo cáo thành tích (NĐ 98/2023's report forms): the nominee's held data, the summary,
the cited initiatives and the earlier awards are filled; the rest is a blank noted as missing."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.app import App
from bot.documents import BLANK
from bot.services.documents import DocumentKind
from tests.services.documents_person_seed import (
    add_initiative,
    add_member,
    add_nomination,
    author,
    award,
    cite,
    make,
    nomination_subject,
)

ACHIEVEMENT = DocumentKind.ACHIEVEMENT
NOT_HELD = {
    "documents.person_field.gender",
    "documents.person_field.home_town",
    "documents.person_field.residence",
    "documents.person_field.degrees",
    "documents.person_field.duties",
}


async def test_a_members_report_cites_initiatives_and_earlier_awards(app: App) -> None:
    async with app.sessions.begin() as session:
        an = await add_member(session, "Nguyễn Văn An", position="Phó Trưởng phòng")
        item = await add_initiative(
            session, an, decision_number="15/QĐ-STTTT", decision_date=date(2026, 5, 20)
        )
        session.add(
            author(item, 0, "Nguyễn Văn An", 100, member_id=an.id, birth_date=date(1985, 4, 25),
                   qualification="Thạc sĩ Công nghệ thông tin")
        )  # fmt: skip
        old: dict[str, Any] = {"nominee_member_id": an.id, "nominee_name": an.full_name}
        title = await add_nomination(
            session, "DC-2025-0003", year=2025, award_code="LDTT",
            award_name="Lao động tiên tiến", **old,
        )  # fmt: skip
        await award(session, title, "120/QĐ-STTTT", date(2025, 12, 15))
        praise = await add_nomination(
            session, "DC-2024-0007", year=2024, award_code="GK-GD",
            award_name="Giấy khen của Giám đốc Sở", **old,
        )  # fmt: skip
        await award(session, praise, "88/QĐ-STTTT", date(2024, 11, 3))
        refused = await add_nomination(session, "DC-2023-0001", year=2023, **old)
        await award(session, refused, "501/QĐ-STTTT", date(2023, 12, 1), outcome="not_awarded")
        cancelled = await add_nomination(session, "DC-2022-0001", year=2022, **old)
        await award(session, cancelled, "909/QĐ-STTTT", date(2022, 12, 1), cancelled=True)
        nomination = await add_nomination(
            session, "DC-2026-0001", summary="Dẫn đầu <b>phong trào</b> & chuyển đổi số.\n"
            "Hoàn thành 100% kế hoạch.", **old,
        )  # fmt: skip
        session.add(cite(nomination, item))
    draft, text = await make(app, ACHIEVEMENT, nomination_subject(nomination))

    assert draft.template == "achievement_individual.docx"
    assert draft.file_name == "Bao-cao-thanh-tich-Nguyen-Van-An-DC-2026-0001.docx"
    assert "ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CƠ SỞ\n(Dùng cho cá nhân)" in text
    assert "- Họ tên: Nguyễn Văn An" in text
    assert "- Sinh ngày, tháng, năm: 25/04/1985" in text
    assert f"- Giới tính: {BLANK}" in text
    assert "- Đơn vị công tác: Phòng Công nghệ thông tin" in text
    assert "- Chức vụ (Đảng, chính quyền, đoàn thể): Phó Trưởng phòng" in text
    assert "- Trình độ chuyên môn, nghiệp vụ: Thạc sĩ Công nghệ thông tin" in text
    assert f"1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận: {BLANK}" in text
    assert "\nDẫn đầu <b>phong trào</b> & chuyển đổi số.\nHoàn thành 100% kế hoạch.\n" in text
    assert (
        "- Sáng kiến SK-2026-0001 “Số hóa hồ sơ thi đua”, được công nhận theo Quyết định số"
        " 15/QĐ-STTTT ngày 20/05/2026." in text
    )
    assert (
        "2025 | Lao động tiên tiến | Quyết định số 120/QĐ-STTTT ngày 15/12/2025 của Giám đốc Sở"
        in text
    )
    assert (
        "2024 | Giấy khen của Giám đốc Sở | Quyết định số 88/QĐ-STTTT ngày 03/11/2024 của"
        " Giám đốc Sở" in text
    )
    assert "501/QĐ-STTTT" not in text and "909/QĐ-STTTT" not in text
    assert "Không có dữ liệu trong hệ thống" not in text
    assert "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in text
    assert text.rstrip().endswith("Nguyễn Văn An")
    assert set(draft.missing) == NOT_HELD


async def test_a_person_outside_the_register_has_only_a_name(app: App) -> None:
    async with app.sessions.begin() as session:
        nomination = await add_nomination(
            session, "DC-2026-0002", nominee_kind="person", nominee_name="Đinh Thị Ngoài",
            summary="",
        )  # fmt: skip
    draft, text = await make(app, ACHIEVEMENT, nomination_subject(nomination))

    assert "- Họ tên: Đinh Thị Ngoài" in text
    for label in ("Sinh ngày, tháng, năm", "Đơn vị công tác", "Trình độ chuyên môn, nghiệp vụ"):
        assert f"- {label}: {BLANK}" in text
    assert f"2. Thành tích đạt được:\n{BLANK}\n" in text
    assert "Sáng kiến đã được công nhận" not in text
    assert text.count("Không có dữ liệu trong hệ thống") == 2
    assert set(draft.missing) == NOT_HELD | {
        "documents.person_field.birth",
        "documents.person_field.unit",
        "documents.person_field.position",
        "documents.person_field.qualification",
        "documents.person_field.summary",
        "documents.person_field.earlier_titles",
        "documents.person_field.earlier_commendations",
    }


async def test_a_collective_report_counts_members_and_lists_unit_awards(app: App) -> None:
    async with app.sessions.begin() as session:
        await add_member(session, "Phạm Văn Trưởng", role="unit_head")
        await add_member(session, "Nguyễn Văn An")
        await add_member(session, "Người Đã Nghỉ", active=False)
        await add_member(session, "Người Khác Đơn Vị", unit="VP")
        unit: dict[str, Any] = {
            "nominee_kind": "collective",
            "nominee_name": "Phòng Công nghệ thông tin",
        }
        earlier = await add_nomination(
            session, "DC-2025-0009", year=2025, award_code="TTLDTT",
            award_name="Tập thể lao động tiên tiến", **unit,
        )  # fmt: skip
        await award(session, earlier, "130/QĐ-STTTT", date(2025, 12, 20))
        nomination = await add_nomination(
            session, "DC-2026-0003", award_code="GK-GD", award_name="Giấy khen của Giám đốc Sở",
            **unit,
        )  # fmt: skip
    draft, text = await make(app, ACHIEVEMENT, nomination_subject(nomination))

    assert draft.template == "achievement_collective.docx"
    assert "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ\n(Dùng cho tập thể)" in text
    assert "- Tên đơn vị: Phòng Công nghệ thông tin" in text
    assert f"- Địa điểm trụ sở chính: {BLANK}" in text
    assert "- Tổng số thành viên: 2" in text
    assert f"2. Chức năng, nhiệm vụ: {BLANK}" in text
    assert "\nHoàn thành xuất sắc nhiệm vụ.\n" in text
    assert (
        "2025 | Tập thể lao động tiên tiến | Quyết định số 130/QĐ-STTTT ngày 20/12/2025 của"
        " Giám đốc Sở" in text
    )
    assert text.count("Không có dữ liệu trong hệ thống") == 1
    assert text.rstrip().endswith("Phạm Văn Trưởng")
    assert set(draft.missing) == {
        "documents.person_field.address",
        "documents.person_field.phone",
        "documents.person_field.functions",
        "documents.person_field.earlier_commendations",
    }
