"""/sangkien through the router: the whole proposal, every check, back, cancel, resume, caps."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.app import App, open_app
from bot.config import Settings
from bot.roles import Role
from models import Delivery, Initiative, InitiativeAuthor, Member
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

#: Each answer of the dialog up to its co-author step, and a word of the question it leads to.
ANSWERS = [
    ("Số hóa hồ sơ thi đua", "Người nộp đơn"),
    ("Tôi là tác giả", "Ngày tháng năm sinh"),
    ("25/04/1985", "Nơi công tác"),
    ("Phòng Công nghệ thông tin", "Chức danh"),
    ("Chuyên viên", "Trình độ chuyên môn"),
    ("Kỹ sư Công nghệ thông tin", "Loại"),
    ("Giải pháp quản lý", "Lĩnh vực"),
    ("Chuyển đổi số", "phong trào"),
    ("Thi đua thực hiện chuyển đổi số quốc gia", "Thực trạng"),
    ("Hồ sơ giấy chậm và dễ thất lạc.", "Mô tả bản chất"),
    ("Nộp và duyệt hồ sơ qua Thi đua bot.", "bảo mật"),
    ("Bỏ qua", "điều kiện cần thiết"),
    ("Máy tính nối mạng và tài khoản Thi đua bot.", "ở đâu"),
    ("Văn phòng Sở", "ngày/tháng/năm"),
    ("15/01/2026", "theo ý kiến của tác giả"),
    ("Tiết kiệm 200 giờ công mỗi năm.", "đã áp dụng sáng kiến lần đầu"),
    ("Tiếp tục", "Tác giả và tỷ lệ đóng góp"),
]


def at(word: str) -> int:
    """The index in :data:`ANSWERS` of the answer to the question holding ``word``."""
    if word == "Tên sáng kiến":
        return 0
    return 1 + next(n for n, (_a, q) in enumerate(ANSWERS) if word.casefold() in q.casefold())


async def fill_content(person: Person) -> None:
    """Answer every question up to the co-authors, checking each next question appears."""
    await person.send("/sangkien")
    assert "Tên sáng kiến" in person.text
    for answer, next_question in ANSWERS:
        await person.send(answer)
        assert next_question.casefold() in person.text.casefold(), (answer, person.text)


async def test_full_proposal_with_coauthors_and_a_file(app: App, tmp_path: Path) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "binh", "VP", Role.STAFF, "Trần Thị Bình")
    await fill_content(an)
    await an.tap("Thêm cán bộ")
    await an.send("tran thi binh")  # found without diacritics
    await an.tap("Trần Thị Bình")
    await give_details(an)
    await an.send("30")
    await an.tap("người ngoài")
    await an.send("Lê Văn Ngoài")
    await give_details(an, workplace="Công ty Phần mềm Ngoài")
    await an.send("10")
    assert "Nguyễn Văn An (đồng chí): sinh 25/04/1985" in an.text
    assert "Kỹ sư Công nghệ thông tin; 60%" in an.text
    await an.tap("Tiếp tục")
    await an.tap("Đính kèm tệp")
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    await an.send_file(evidence, "application/pdf")
    assert "minh-chung.pdf" in an.text
    await an.tap("Xem lại và nộp")
    assert "Tiết kiệm 200 giờ công" in an.text
    await an.tap("Nộp sáng kiến")
    assert "SK-2026-0001" in an.text
    async with app.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        shares = (
            await session.execute(select(InitiativeAuthor.name, InitiativeAuthor.share))
        ).all()
        told = (await session.scalars(select(Delivery.chat_id))).all()
    assert (item.kind, item.field, str(item.applied_since)) == (
        "quan_ly",
        "Chuyển đổi số",
        "2026-01-15",
    )
    assert sorted(shares) == [("Lê Văn Ngoài", 10), ("Nguyễn Văn An", 60), ("Trần Thị Bình", 30)]
    assert told == ["binh"]


async def give_details(person: Person, workplace: str | None = None) -> None:
    """Answer a co-author's four details (a member's unit is offered as their workplace)."""
    await person.send("02/09/1990")
    assert "Nơi công tác" in person.text
    if workplace is None:  # a member: their unit and position are offered
        await person.tap("🏢")
        assert "Chọn: Chuyên viên" in str(person.last.flat_buttons())
    else:
        await person.send(workplace)
    await person.send("Chuyên viên chính")
    await person.send("Thạc sĩ Quản lý công")
    assert "Tỷ lệ đóng góp" in person.text


@pytest.mark.parametrize(
    ("step", "bad", "complaint"),
    [
        (at("Tên sáng kiến"), "Ngắn", "quá ngắn"),
        (at("Tên sáng kiến"), "x" * 201, "quá dài"),
        (at("Người nộp đơn"), "Ai đó", "chọn một nút"),
        (at("Ngày tháng năm sinh"), "hôm qua", "ngày/tháng/năm"),
        (at("Ngày tháng năm sinh"), "01/01/2020", "Ngày sinh phải trong khoảng"),
        (at("Ngày tháng năm sinh"), "01/01/1900", "Ngày sinh phải trong khoảng"),
        (at("Nơi công tác"), "x", "quá ngắn"),
        (at("Nơi công tác"), "x" * 201, "quá dài"),
        (at("Chức danh"), "x" * 101, "quá dài"),
        (at("Trình độ chuyên môn"), "x", "quá ngắn"),
        (at("Loại"), "Loại không có", "chọn một nút"),
        (at("Thực trạng"), "x" * 3001, "quá dài"),
        (at("bảo mật"), "x" * 3001, "quá dài"),
        (at("điều kiện cần thiết"), "ít", "quá ngắn"),
        (at("điều kiện cần thiết"), "x" * 3001, "quá dài"),
        (at("ngày/tháng/năm"), "31/02/2026", "ngày/tháng/năm"),
        (at("ngày/tháng/năm"), "01/01/2027", "tương lai"),
        (at("theo ý kiến của tác giả"), "ngắn", "quá ngắn"),
        (at("đã áp dụng sáng kiến lần đầu"), "có", "chọn một nút"),
    ],
)
async def test_each_bad_answer_is_explained_and_asked_again(
    app: App, step: int, bad: str, complaint: str
) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    for answer, _ in ANSWERS[:step]:
        await an.send(answer)
    question = an.text
    await an.send(bad)
    assert complaint in an.text
    assert question.split("\n")[0] in an.text  # the same question again
    await an.send(ANSWERS[step][0])
    assert ANSWERS[step][1].casefold() in an.text.casefold()


async def test_coauthor_checks(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await fill_content(an)
    await an.tap("Thêm cán bộ")
    await an.send("không ai tên này")
    assert "Không tìm thấy" in an.text
    await an.send("/quaylai")
    await an.tap("người ngoài")
    await an.send("Lê 3 Ngoài")
    assert "chỉ gồm chữ cái" in an.text
    await an.send("Lê Văn Ngoài")
    await give_details(an, workplace="Công ty Ngoài")
    await an.send("101")
    assert "từ 1 đến 100" in an.text
    await an.send("100")
    assert "tối đa 99%" in an.text
    await an.send("60")
    await an.tap("người ngoài")
    await an.send("Phạm Thị Hai")
    await give_details(an, workplace="Công ty Hai")
    await an.send("40")
    assert "tối đa 39%" in an.text
    await an.send("39")
    assert "Kỹ sư Công nghệ thông tin; 1%" in an.text


async def test_back_and_cancel_at_any_step(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    for answer, _ in ANSWERS:
        question = an.text.split("\n")[0]
        await an.send(answer)
        await an.send("/quaylai")
        assert an.text.split("\n")[0] == question
        await an.send(answer)
    await an.send("/huy")
    assert "Đã hủy đề xuất" in an.text
    await an.send("/sangkien")
    assert "Tên sáng kiến" in an.text  # nothing left to resume


async def test_edit_a_field_from_the_preview_then_return(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await fill_content(an)
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    await an.tap("Sửa một mục")
    await an.tap("Sửa tên")
    await an.send("Số hóa toàn bộ hồ sơ thi đua")
    assert "Xem lại sáng kiến" in an.text
    assert "Số hóa toàn bộ hồ sơ thi đua" in an.text
    await an.tap("Sửa một mục")
    await an.tap("Trang sau")
    await an.tap("Sửa ngày áp dụng")
    await an.send("/quaylai")  # back to the menu of fields, then to the preview
    assert "Chọn mục cần sửa" in an.text
    await an.send("/quaylai")
    assert "15/01/2026" in an.text


async def test_a_draft_survives_a_restart_and_can_be_resumed(
    app: App, settings: Settings, clock: FakeClock
) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    for answer, _ in ANSWERS[: at("Thực trạng")]:
        await an.send(answer)
    await app.close()
    reopened = await open_app(settings, clock=clock, run_migrations=False)
    try:
        again = Person(reopened.router, "an")
        await again.send("/sangkien")
        assert "bản nháp" in again.text
        assert "Số hóa hồ sơ thi đua" in again.text
        await again.tap("Tiếp tục bản nháp")
        assert "Thực trạng" in again.text
        await again.send(ANSWERS[at("Thực trạng")][0])
        assert "Mô tả bản chất" in again.text
        await again.send("/sangkien")
        await again.tap("Bắt đầu sáng kiến mới")
        assert "Tên sáng kiến" in again.text
    finally:
        await reopened.close()


async def test_the_daily_cap_is_a_friendly_refusal(database_url: str, clock: FakeClock) -> None:
    settings = make_settings(database_url, initiatives={"daily_cap": 1, "max_attachments": 1})
    app = await open_app(settings, clock=clock, run_migrations=False)
    try:
        an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
        await fill_content(an)
        await an.tap("Tiếp tục")
        await an.tap("Xem lại và nộp")
        await an.tap("Nộp sáng kiến")
        await an.send("/sangkien")
        assert "mức tối đa trong một ngày" in an.text
        clock.advance(days=1)
        await an.send("/sangkien")
        assert "Tên sáng kiến" in an.text
    finally:
        await app.close()


async def test_a_search_that_changed_since_it_was_shown_never_picks_another_person(
    app: App,
) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "binh", "VP", Role.STAFF, "Trần Thị Bình")
    await join(app, "cuong", "VP", Role.STAFF, "Trần Văn Cường")
    await fill_content(an)
    await an.tap("Thêm cán bộ")
    await an.send("tran")
    shown = an.last
    binh = next(b.data for b in shown.flat_buttons() if "Bình" in b.label)
    cuong = next(b.data for b in shown.flat_buttons() if "Cường" in b.label)
    # Between showing and pressing, someone sorting first joins and Cường leaves.
    await join(app, "moi", "VP", Role.STAFF, "Trần An Mới")
    async with app.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.full_name == "Trần Văn Cường").values(active=False)
        )
    await an.press(cuong)
    assert "Nút này thuộc một bước cũ" in an.text
    await an.press(binh)
    await an.send("30")
    assert "Trần Thị Bình" in an.text and "Trần An Mới" not in an.text


async def test_dates_shares_and_files_are_taken_as_people_send_them(
    app: App, tmp_path: Path
) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    for answer, _ in ANSWERS[: at("ngày/tháng/năm")]:
        await an.send(answer)
    await an.send("31/2/26")
    assert "ngày 31/02/2026 không tồn tại" in an.text
    await an.send("15-1-26")
    for answer, _ in ANSWERS[at("ngày/tháng/năm") + 1 :]:
        await an.send(answer)
    await an.tap("người ngoài")
    await an.send("Lê Văn Ngoài")
    await give_details(an, workplace="Công ty Ngoài")
    await an.send("50 %")
    assert "Kỹ sư Công nghệ thông tin; 50%" in an.text
    assert "Lê Văn Ngoài: sinh 02/09/1990; Công ty Ngoài" in an.text
    await an.send("tiep tuc")  # "➡️ Tiếp tục", typed without emoji or diacritics
    assert "Tệp đính kèm" in an.text
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    await an.send_file(evidence, "application/pdf")  # without pressing "Đính kèm tệp"
    assert "Tệp đính kèm" in an.text and "• minh-chung.pdf" in an.text
    program = tmp_path / "cong-cu.exe"
    program.write_bytes(b"MZ")
    await an.send_file(program, "application/x-msdownload")
    assert "Bot không nhận tệp «cong-cu.exe»" in an.text
    assert ".pdf, .doc, .docx" in an.text
    assert "Gửi tệp" in an.text  # the file is asked for again
    await an.send("/quaylai")
    await an.tap("Xem lại và nộp")
    await an.tap("Nộp sáng kiến")
    async with app.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        shares = (
            await session.execute(select(InitiativeAuthor.name, InitiativeAuthor.share))
        ).all()
    assert str(item.applied_since) == "2026-01-15"
    assert sorted(shares) == [("Lê Văn Ngoài", 50), ("Nguyễn Văn An", 50)]


async def test_the_example_date_of_a_question_follows_today(app: App, clock: FakeClock) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    for answer, _ in ANSWERS[: at("ngày/tháng/năm")]:
        await an.send(answer)
    assert "ví dụ: 01/01/2026" in an.text
    await an.send("/huy")
    clock.advance(days=365)
    await an.send("/sangkien")
    for answer, _ in ANSWERS[: at("ngày/tháng/năm")]:
        await an.send(answer)
    assert "ví dụ: 01/01/2027" in an.text
