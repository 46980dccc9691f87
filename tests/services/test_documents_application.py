"""The Đơn yêu cầu công nhận sáng kiến (TT 18/2013, Phụ lục I): what the author declared is
in the form, what they did not is a visible blank listed as missing."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app import App
from bot.documents import BLANK
from bot.errors import DocumentSubjectNotFound
from bot.services.documents import DocumentKind, Subject, SubjectKind
from tests.services.documents_person_seed import (
    add_initiative,
    add_member,
    applier,
    author,
    initiative_subject,
    make,
    setting,
)

APPLICATION = DocumentKind.APPLICATION


async def test_a_full_application_shows_every_author_and_answer(app: App) -> None:
    async with app.sessions.begin() as session:
        an = await add_member(session, "Nguyễn Văn An")
        item = await add_initiative(
            session,
            an,
            title="Số hóa <b>hồ sơ</b> & biểu mẫu",
            confidential="Mã nguồn mô-đun chấm điểm.",
            conditions="Máy tính nối mạng.",
        )
        session.add_all(
            [
                author(
                    item, 0, "Nguyễn Văn An", 70, member_id=an.id, birth_date=date(1985, 4, 25),
                    workplace="Phòng CNTT", job_title="Chuyên viên", qualification="Kỹ sư",
                ),
                author(
                    item, 1, "Trần Thị Bình", 30, birth_date=date(1990, 1, 2),
                    workplace="Văn phòng Sở", job_title="Văn thư", qualification="Cử nhân",
                ),
                applier(item, "Văn phòng Sở", "Số 1 Nguyễn Trãi", "Rút ngắn thời gian xét."),
            ]
        )  # fmt: skip
    draft, text = await make(app, APPLICATION, initiative_subject(item))

    assert draft.file_name == "Don-cong-nhan-sang-kien-SK-2026-0001.docx"
    assert "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN" in text
    assert "Kính gửi: Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc" in text
    assert "1 | Nguyễn Văn An | 25/04/1985 | Phòng CNTT | Chuyên viên | Kỹ sư | 70%" in text
    assert "2 | Trần Thị Bình | 02/01/1990 | Văn phòng Sở | Văn thư | Cử nhân | 30%" in text
    assert "đề nghị xét công nhận sáng kiến: Số hóa <b>hồ sơ</b> & biểu mẫu" in text
    assert "đơn do tác giả nộp" in text
    assert "Lĩnh vực áp dụng sáng kiến: Chuyển đổi số (giải pháp quản lý)" in text
    assert "áp dụng thử: 15/01/2026, tại Văn phòng Sở" in text
    for line in (
        "Hồ sơ giấy chậm, dễ thất lạc.",
        "Nộp hồ sơ qua Thi đua bot.",
        "Xét duyệt trực tuyến.",
    ):
        assert f"\n{line}\n" in text
    assert "\nMã nguồn mô-đun chấm điểm.\n" in text
    assert "\nMáy tính nối mạng.\n" in text
    assert "\nTiết kiệm 200 giờ công mỗi năm.\n" in text
    assert "+ Văn phòng Sở (Số 1 Nguyễn Trãi): Rút ngắn thời gian xét." in text
    assert "Vĩnh Phúc, ngày 02 tháng 3 năm 2026" in text
    assert text.rstrip().endswith("Nguyễn Văn An")
    # The list of people who helped apply it is not collected: one blank row, noted.
    assert f"1 | {BLANK} | {BLANK} | {BLANK} | {BLANK} | {BLANK} | {BLANK}" in text
    assert draft.missing == ("documents.person_field.participants",)


async def test_an_application_filed_before_the_form_shows_blanks(app: App) -> None:
    async with app.sessions.begin() as session:
        an = await add_member(session, "Nguyễn Văn An")
        item = await add_initiative(session, an, filer="investor", investor_name="Công ty <X>")
        session.add(author(item, 0, "Lê Văn Cũ", 100))
    draft, text = await make(app, APPLICATION, initiative_subject(item), setting(place=""))

    assert f"1 | Lê Văn Cũ | {BLANK} | {BLANK} | {BLANK} | {BLANK} | 100%" in text
    assert f"chủ đầu tư tạo ra sáng kiến): Công ty <X>, địa chỉ: {BLANK}" in text
    assert "Những thông tin cần được bảo mật (nếu có): không khai" in text
    assert f"điều kiện cần thiết để áp dụng sáng kiến:\n{BLANK}\n" in text
    assert "kể cả áp dụng thử (nếu có): không có" in text
    assert f"{BLANK}, ngày 02 tháng 3 năm 2026" in text
    assert text.rstrip().endswith("Công ty <X>")
    assert set(draft.missing) == {
        "documents.field.place",
        "documents.person_field.author_birth",
        "documents.person_field.author_workplace",
        "documents.person_field.author_job_title",
        "documents.person_field.author_qualification",
        "documents.person_field.investor_address",
        "documents.person_field.conditions",
        "documents.person_field.participants",
    }


async def test_an_initiative_without_author_rows_has_a_blank_author_row(app: App) -> None:
    async with app.sessions.begin() as session:
        item = await add_initiative(session, await add_member(session, "Nguyễn Văn An"))
    draft, text = await make(app, APPLICATION, initiative_subject(item))

    assert f"1 | {BLANK} | {BLANK} | {BLANK} | {BLANK} | {BLANK} | {BLANK}\nLà tác giả" in text
    assert text.rstrip().endswith(BLANK)
    assert {"documents.person_field.authors", "documents.person_field.filer"} <= set(draft.missing)


async def test_an_unknown_initiative_is_not_found(app: App) -> None:
    with pytest.raises(DocumentSubjectNotFound):
        await make(app, APPLICATION, Subject(SubjectKind.INITIATIVE, 999, "SK-2026-0999"))
