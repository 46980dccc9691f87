"""/sangkien as the application form (TT 18/2013/TT-BKHCN, Phụ lục I): the investor filing,
the appliers' list, the confidential part, old drafts and old initiatives completed, and the
detail screen showing it all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.callbacks import InitiativeOpen
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.initiatives import AuthorDetails, CoAuthor
from bot.services.initiatives.workflow import Action
from models import DialogState, Initiative, InitiativeApplier, InitiativeAuthor
from tests.factories import join, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.handlers.test_initiatives_propose import ANSWERS, at, fill_content, give_details


async def answer_up_to(person: Person, word: str) -> None:
    """Start /sangkien and answer every question before the one holding ``word``."""
    await person.send("/sangkien")
    for answer, _ in ANSWERS[: at(word)]:
        await person.send(answer)


async def test_the_investor_files_and_the_authors_share_all_of_it(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "binh", "VP", Role.STAFF, "Trần Thị Bình")
    await an.send("/sangkien")
    await an.send("Số hóa hồ sơ thi đua")
    await an.tap("Thay mặt chủ đầu tư")
    assert "Tên chủ đầu tư" in an.text
    await an.send("Ab")
    assert "quá ngắn" in an.text and "Tên chủ đầu tư" in an.text
    await an.send("Công ty Cổ phần Phần mềm Vĩnh Phúc")
    assert "Địa chỉ của chủ đầu tư" in an.text
    await an.send("x" * 301)
    assert "quá dài" in an.text and "Địa chỉ của chủ đầu tư" in an.text
    await an.send("Số 8 đường Nguyễn Trãi, Vĩnh Yên")
    assert "loại giải pháp" in an.text  # the filer's own details are not asked: not an author
    for answer, _ in ANSWERS[at("Loại") :]:
        await an.send(answer)
    assert "chủ đầu tư Công ty Cổ phần Phần mềm Vĩnh Phúc" in an.text
    await an.tap("Tiếp tục")
    assert "phải đúng 100% (hiện 0%)" in an.text
    await an.tap("Thêm cán bộ")
    await an.send("an")
    await an.tap("Nguyễn Văn An")  # one filing for the investor may be an author too
    await give_details(an)
    await an.send("70")
    await an.tap("Thêm cán bộ")
    await an.send("binh")
    await an.tap("Trần Thị Bình")
    await give_details(an)
    await an.send("40")
    assert "chỉ còn 30%" in an.text
    await an.send("30")
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    assert "Chủ đầu tư tạo ra sáng kiến: Công ty Cổ phần Phần mềm Vĩnh Phúc" in an.text
    await an.tap("Nộp sáng kiến")
    assert "SK-2026-0001" in an.text
    await an.tap("Xem sáng kiến")
    assert (
        "Người nộp đơn: Chủ đầu tư tạo ra sáng kiến: Công ty Cổ phần Phần mềm Vĩnh Phúc,"
        " địa chỉ: Số 8 đường Nguyễn Trãi, Vĩnh Yên"
    ) in an.text
    async with app.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        authors = (
            await session.execute(
                select(
                    InitiativeAuthor.name, InitiativeAuthor.share, InitiativeAuthor.workplace
                ).order_by(InitiativeAuthor.position)
            )
        ).all()
    assert (item.filer, item.investor_name, item.investor_address) == (
        "investor",
        "Công ty Cổ phần Phần mềm Vĩnh Phúc",
        "Số 8 đường Nguyễn Trãi, Vĩnh Yên",
    )
    unit = "Phòng Công nghệ thông tin, Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc"
    assert authors[0] == ("Nguyễn Văn An", 70, unit)
    assert authors[1][:2] == ("Trần Thị Bình", 30)


async def test_filing_as_the_author_again_does_not_list_the_filer_twice(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    await an.send("Số hóa hồ sơ thi đua")
    await an.tap("Thay mặt chủ đầu tư")
    await an.send("Công ty Cổ phần Phần mềm Vĩnh Phúc")
    await an.send("Số 8 đường Nguyễn Trãi, Vĩnh Yên")
    for answer, _ in ANSWERS[at("Loại") :]:
        await an.send(answer)
    await an.tap("Thêm cán bộ")
    await an.send("an")
    await an.tap("Nguyễn Văn An")
    await give_details(an)
    await an.send("100")
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    await an.tap("Sửa một mục")
    await an.tap("Sửa người nộp đơn")
    await an.tap("Tôi là tác giả")  # the co-author entry of An goes: An is the filing author
    for answer, _ in ANSWERS[at("Ngày tháng năm sinh") : at("Loại")]:
        await an.send(answer)
    assert "Người nộp đơn: Tác giả" in an.text
    assert "Kỹ sư Công nghệ thông tin; 100%" in an.text
    await an.tap("Nộp sáng kiến")
    async with app.sessions() as session:
        shares = (
            await session.execute(select(InitiativeAuthor.name, InitiativeAuthor.share))
        ).all()
    assert shares == [("Nguyễn Văn An", 100)]


async def test_the_filers_unit_and_position_are_offered(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await answer_up_to(an, "Nơi công tác")
    await an.tap("🏢")
    assert "Chức danh" in an.text
    await an.tap("Chuyên viên")  # the position given at registration
    assert "Trình độ chuyên môn" in an.text
    await an.send("/quaylai")
    await an.send("/quaylai")
    assert "Nơi công tác" in an.text
    assert "Giá trị hiện tại: Phòng Công nghệ thông tin, Sở Thông tin" in an.text


async def test_confidential_part_is_kept_or_skipped(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await fill_content(an)
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    assert "Thông tin cần được bảo mật: (không khai)" in an.text
    await an.tap("Sửa một mục")
    await an.tap("Sửa thông tin cần bảo mật")
    await an.send("Thuật toán phân loại hồ sơ.")
    assert "Thông tin cần được bảo mật: Thuật toán phân loại hồ sơ." in an.text
    await an.tap("Nộp sáng kiến")
    async with app.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
    assert (item.confidential, item.conditions) == (
        "Thuật toán phân loại hồ sơ.",
        "Máy tính nối mạng và tài khoản Thi đua bot.",
    )


async def test_appliers_are_added_removed_and_limited(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await answer_up_to(an, "đã áp dụng sáng kiến lần đầu")
    assert "(không có)" in an.text
    await an.tap("Thêm tổ chức")
    await an.send("Văn phòng Sở")
    assert "Địa chỉ của Văn phòng Sở" in an.text
    await an.send("Số")
    assert "quá ngắn" in an.text
    await an.send("Số 1 đường Nguyễn Trãi")
    assert "theo ý kiến của Văn phòng Sở" in an.text
    await an.send("x" * 3001)
    assert "quá dài" in an.text
    await an.send("Rút ngắn một nửa thời gian xét hồ sơ.")
    assert "• Văn phòng Sở (Số 1 đường Nguyễn Trãi): Rút ngắn một nửa" in an.text
    for n in range(2, 11):
        await an.tap("Thêm tổ chức")
        await an.send(f"Phòng số {n}")
        await an.send(f"Số {n} đường Lê Lợi")
        await an.send("Tiết kiệm giấy in mỗi tháng.")
    await an.tap("Thêm tổ chức")
    assert "Đã đủ 10 tổ chức, cá nhân" in an.text
    await an.tap("Bỏ mục vừa thêm")
    assert "Phòng số 10" not in an.text and "Phòng số 9" in an.text
    await an.tap("Tiếp tục")
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    await an.tap("Nộp sáng kiến")
    async with app.sessions() as session:
        names = (
            await session.scalars(
                select(InitiativeApplier.name).order_by(InitiativeApplier.position)
            )
        ).all()
    assert names == ["Văn phòng Sở", *(f"Phòng số {n}" for n in range(2, 10))]


async def test_back_and_cancel_inside_the_appliers_and_coauthor_details(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await answer_up_to(an, "đã áp dụng sáng kiến lần đầu")
    await an.tap("Thêm tổ chức")
    await an.send("Văn phòng Sở")
    await an.send("/quaylai")
    assert "Tên tổ chức hoặc cá nhân" in an.text
    await an.send("/quaylai")
    assert "đã áp dụng sáng kiến lần đầu" in an.text
    await an.tap("Tiếp tục")
    await an.tap("người ngoài")
    await an.send("Lê Văn Ngoài")
    await an.send("02/09/1990")
    await an.send("/quaylai")
    assert "Ngày tháng năm sinh của Lê Văn Ngoài" in an.text
    await an.send("/huy")
    assert "Đã hủy đề xuất" in an.text
    async with app.sessions() as session:
        assert (await session.scalars(select(DialogState))).first() is None


async def test_a_restart_inside_the_new_steps_keeps_everything(
    app: App, settings: Settings, clock: FakeClock
) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await answer_up_to(an, "đã áp dụng sáng kiến lần đầu")
    await an.tap("Thêm tổ chức")
    await an.send("Văn phòng Sở")
    await app.close()
    reopened = await open_app(settings, clock=clock, run_migrations=False)
    try:
        again = Person(reopened.router, "an")
        await again.send("Số 1 đường Nguyễn Trãi")  # the address, answered after the restart
        assert "theo ý kiến của Văn phòng Sở" in again.text
        await again.send("Rút ngắn một nửa thời gian xét hồ sơ.")
        assert "Văn phòng Sở (Số 1 đường Nguyễn Trãi)" in again.text
    finally:
        await reopened.close()


#: A draft of the dialog before the application form, stored at its benefit step (8): title
#: to applied_since answered, a co-author without the form's details.
OLD_DRAFT = {
    "title": "Số hóa hồ sơ thi đua",
    "kind": "quan_ly",
    "field": "Chuyển đổi số",
    "movement": "",
    "movement_name": "Không gắn với phong trào cụ thể",
    "problem": "Hồ sơ giấy chậm và dễ thất lạc.",
    "solution": "Nộp và duyệt hồ sơ qua Thi đua bot.",
    "applied_where": "Văn phòng Sở",
    "applied_since": "2026-01-15",
    "coauthors": [{"member_id": None, "name": "Lê Văn Ngoài", "share": 20}],
    "files": [],
    "editing": False,
}


async def store_old_draft(app: App, step: int, data: dict[str, object]) -> None:
    """Store a draft as the dialog before the form left it (then the bot is restarted)."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        session.add(
            DialogState(
                channel=Channel.CONSOLE.value,
                chat_id="an",
                user_id="an",
                dialog="initiative",
                step=step,
                nonce="old1",
                data=data,
                trail=[0, 1, 2, 3, 4, 5, 6, 7],
                prefilled=[],
                updated_at=now,
                expires_at=now + timedelta(days=30),
            )
        )


@pytest.fixture
async def upgraded(app: App, settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    """The bot restarted on the new version, with an old draft of An stored at step 8."""
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await store_old_draft(app, 8, OLD_DRAFT)
    await app.close()
    reopened = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield reopened
    finally:
        await reopened.close()


async def test_an_old_draft_asks_what_it_lacks_then_goes_on(upgraded: App) -> None:
    app, an = upgraded, Person(upgraded.router, "an")
    await an.send("/sangkien")
    assert "Số hóa hồ sơ thi đua" in an.text
    await an.tap("Tiếp tục bản nháp")
    assert "Mẫu đơn sáng kiến vừa được bổ sung" in an.text
    assert "Người nộp đơn" in an.text
    for answer, _ in ANSWERS[at("Người nộp đơn") : at("Loại")]:
        await an.send(answer)
    assert "bảo mật" in an.text  # kind, field, movement, problem and solution were answered
    await an.send("Bỏ qua")
    await an.send("Máy tính nối mạng.")
    assert "theo ý kiến của tác giả" in an.text  # the step the draft was at
    await an.send("Tiết kiệm 200 giờ công mỗi năm.")
    assert "đã áp dụng sáng kiến lần đầu" in an.text
    await an.tap("Tiếp tục")
    assert "Lê Văn Ngoài — 20% ⚠️" in an.text
    await an.tap("Tiếp tục")
    assert "chưa đủ thông tin theo mẫu đơn: Lê Văn Ngoài" in an.text
    await an.tap("Bổ sung thông tin: Lê Văn Ngoài")
    await give_details(an, workplace="Công ty Ngoài")
    assert "Giá trị hiện tại: 20" in an.text
    await an.send("20")
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    await an.tap("Nộp sáng kiến")
    async with app.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        outsider = (
            await session.scalars(select(InitiativeAuthor).where(InitiativeAuthor.share == 20))
        ).one()
    assert (item.title, item.problem, item.conditions) == (
        "Số hóa hồ sơ thi đua",
        "Hồ sơ giấy chậm và dễ thất lạc.",
        "Máy tính nối mạng.",
    )
    assert (outsider.name, outsider.workplace) == ("Lê Văn Ngoài", "Công ty Ngoài")


async def test_an_answer_to_an_old_step_is_not_taken_for_a_new_one(upgraded: App) -> None:
    an = Person(upgraded.router, "an")
    await an.send("Tiết kiệm 200 giờ công mỗi năm.")  # typed after the upgrade, for step 8
    assert "Mẫu đơn sáng kiến vừa được bổ sung" in an.text and "Người nộp đơn" in an.text
    await an.send("Tôi là tác giả")
    assert "Ngày tháng năm sinh của đồng chí" in an.text


async def test_an_old_draft_at_its_first_steps_goes_on_as_a_new_one(
    app: App, settings: Settings, clock: FakeClock
) -> None:
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await store_old_draft(app, 1, {"title": "Số hóa hồ sơ thi đua"})
    await app.close()
    app = await open_app(settings, clock=clock, run_migrations=False)
    an = Person(app.router, "an")
    await an.send("/sangkien")
    await an.tap("Tiếp tục bản nháp")
    assert "Người nộp đơn" in an.text  # the filer comes before the kind the draft was at
    for answer, _ in ANSWERS[at("Người nộp đơn") : at("Loại")]:
        await an.send(answer)
    assert "Sáng kiến thuộc loại giải pháp nào" in an.text
    await app.close()


async def test_a_returned_initiative_filed_before_the_form_is_completed(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    author = await app.services.members.find(Channel.CONSOLE, "an")
    office = await app.services.members.find(Channel.CONSOLE, "vp")
    assert author is not None and office is not None
    old = make_proposal(
        coauthors=(CoAuthor("Lê Văn Ngoài", 10),), author=AuthorDetails(), conditions=""
    )
    item = await app.services.initiatives.submit(author, old)
    await app.services.reviews.act(office, item.id, Action.RETURN, reason="Bổ sung mẫu đơn")
    await an.press(InitiativeOpen(item.id).pack())
    assert "Người nộp đơn: Tác giả" in an.text
    assert "Nguyễn Văn An: sinh (chưa khai); (chưa khai)" in an.text  # blanks, not guesses
    await an.tap("Sửa và nộp lại")
    assert "Ngày tháng năm sinh của đồng chí" in an.text
    for answer, _ in ANSWERS[at("Ngày tháng năm sinh") : at("Loại")]:
        await an.send(answer)
    assert "Những điều kiện cần thiết" in an.text
    await an.send("Máy tính nối mạng.")
    assert "Lê Văn Ngoài — 10% ⚠️" in an.text
    await an.tap("Bổ sung thông tin: Lê Văn Ngoài")
    await give_details(an, workplace="Công ty Ngoài")
    await an.send("10")
    await an.tap("Tiếp tục")
    assert "Xem lại sáng kiến" in an.text
    await an.tap("Nộp sáng kiến")
    assert "Đã nộp lại" in an.text


async def test_the_detail_shows_the_form(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await fill_content(an)
    await an.tap("người ngoài")
    await an.send("Lê Văn Ngoài")
    await give_details(an, workplace="Công ty Ngoài")
    await an.send("10")
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    await an.tap("Nộp sáng kiến")
    await an.tap("Xem sáng kiến")
    detail = an.text
    assert "Người nộp đơn: Tác giả (đồng thời là người nộp đơn)" in detail
    assert (
        "Nguyễn Văn An: sinh 25/04/1985; Phòng Công nghệ thông tin; Chuyên viên;"
        " Kỹ sư Công nghệ thông tin; 90%"
    ) in detail
    assert "Lê Văn Ngoài: sinh 02/09/1990; Công ty Ngoài" in detail
    assert "Máy tính nối mạng và tài khoản Thi đua bot." in detail
    assert "Ngày áp dụng lần đầu hoặc áp dụng thử: 15/01/2026" in detail


async def test_each_bad_coauthor_detail_is_explained_and_asked_again(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await fill_content(an)
    await an.tap("người ngoài")
    await an.send("Lê Văn Ngoài")
    for bad, complaint, question in (
        ("31/02/1990", "không tồn tại", "Ngày tháng năm sinh của Lê Văn Ngoài"),
        ("02/09/2020", "Ngày sinh phải trong khoảng", "Ngày tháng năm sinh của Lê Văn Ngoài"),
    ):
        await an.send(bad)
        assert complaint in an.text and question in an.text
    await an.send("02/09/1990")
    for bad, complaint, question, good in (
        ("x", "quá ngắn", "Nơi công tác (hoặc nơi thường trú) của Lê Văn Ngoài", "Công ty Ngoài"),
        ("x" * 101, "quá dài", "Chức danh của Lê Văn Ngoài", "Kỹ sư"),
        ("x" * 101, "quá dài", "Trình độ chuyên môn của Lê Văn Ngoài", "Kỹ sư phần mềm"),
    ):
        assert question in an.text
        await an.send(bad)
        assert complaint in an.text and question in an.text
        await an.send(good)
    assert "Tỷ lệ đóng góp của Lê Văn Ngoài" in an.text


async def test_each_bad_applier_answer_is_explained_and_asked_again(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await answer_up_to(an, "đã áp dụng sáng kiến lần đầu")
    await an.tap("Thêm tổ chức")
    for bad, complaint, question, good in (
        ("Ab", "quá ngắn", "Tên tổ chức hoặc cá nhân", "Văn phòng Sở"),
        ("x" * 301, "quá dài", "Địa chỉ của Văn phòng Sở", "Số 1 đường Nguyễn Trãi"),
        ("Tốt", "quá ngắn", "theo ý kiến của Văn phòng Sở", "Rút ngắn thời gian xét."),
    ):
        assert question in an.text
        await an.send(bad)
        assert complaint in an.text and question in an.text
        await an.send(good)
    assert "• Văn phòng Sở (Số 1 đường Nguyễn Trãi): Rút ngắn thời gian xét." in an.text
