"""Proposing an initiative on Telegram: co-authors, a document, a restart in the middle."""

from __future__ import annotations

from sqlalchemy import select

from bot.roles import Role
from models import Attachment, Initiative
from tests.e2e.harness import RunningBot, TgUser
from tests.e2e.test_plans import wait_text
from tests.factories import join_on_telegram
from tests.fakes.telegram import FakeTelegramApi

CONTENT = [
    "Số hóa hồ sơ thi đua",
    "Tôi là tác giả",
    "25/04/1985",
    "Phòng Công nghệ thông tin",
    "Chuyên viên",
    "Kỹ sư Công nghệ thông tin",
    "Giải pháp quản lý",
    "Chuyển đổi số",
    "Không gắn với phong trào cụ thể",
    "Hồ sơ giấy chậm và dễ thất lạc.",
    "Nộp và duyệt hồ sơ qua Thi đua bot.",
    "Bỏ qua",
    "Máy tính nối mạng và tài khoản Thi đua bot.",
    "Văn phòng Sở",
    "15/01/2026",
    "Tiết kiệm 200 giờ công mỗi năm.",
    "Tiếp tục",
]
#: Where some answers are in :data:`CONTENT`.
BIRTH, KIND, PROBLEM, CONDITIONS, SINCE = 2, 6, 9, 12, 14


async def give_details(user: TgUser, workplace: str = "") -> None:
    """Answer a co-author's details: a member's unit is offered as their workplace."""
    await user.send("02/09/1990")
    await (user.send(workplace) if workplace else user.tap("🏢"))
    await user.send("Chuyên viên chính")
    assert "Tỷ lệ đóng góp" in await user.send("Thạc sĩ Quản lý công")


async def test_a_proposal_with_a_coauthor_and_a_document_survives_a_restart(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    an = TgUser(fake, 4001, "An")
    binh = TgUser(fake, 4002, "Bình")
    await join_on_telegram(bot, an, Role.STAFF, "Nguyễn Văn An")
    await join_on_telegram(bot, binh, Role.STAFF, "Trần Thị Bình", unit="VP")
    await an.send("/sangkien")
    for answer in CONTENT[: PROBLEM + 1]:
        await an.send(answer)
    await bot.restart()  # the process dies in the middle of the dialog
    assert "bản nháp" in await an.send("/sangkien")
    assert "Mô tả bản chất" in await an.tap("Tiếp tục bản nháp")
    for answer in CONTENT[PROBLEM + 1 :]:
        await an.send(answer)
    await an.tap("Thêm cán bộ")
    await an.send("Bình")
    await an.tap("Trần Thị Bình")
    await give_details(an)
    assert "Kỹ sư Công nghệ thông tin; 75%" in await an.send("25")
    await an.tap("Tiếp tục")
    await an.tap("Đính kèm tệp")
    attached = await an.send_document("so-lieu.xlsx", b"PK", mime_type="application/zip")
    assert "so-lieu.xlsx" in attached
    preview = await an.tap("Xem lại và nộp")
    assert "Trần Thị Bình: sinh 02/09/1990; Văn phòng" in preview
    assert "Thạc sĩ Quản lý công; 25%" in preview
    assert "SK-2026-0001" in await an.tap("Nộp sáng kiến")
    await wait_text(fake, binh, "đồng tác giả của sáng kiến SK-2026-0001")
    async with bot.core.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        files = (await session.scalars(select(Attachment))).all()
    assert item.title == "Số hóa hồ sơ thi đua"
    assert [(f.channel, f.name) for f in files] == [("telegram", "so-lieu.xlsx")]
    assert files[0].file_id  # Telegram's id, so the Office can be sent the same file


async def test_every_bad_answer_gets_its_reason_and_the_same_question(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    an = TgUser(fake, 4101, "An")
    await join_on_telegram(bot, an, Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    bad = {
        0: [("Ngắn", "quá ngắn"), ("<b>" + "x" * 200 + "</b>", "quá dài")],
        BIRTH: [("25/04/2020", "Ngày sinh phải trong khoảng")],
        KIND: [("loại khác", "chọn một nút")],
        PROBLEM: [("ít", "quá ngắn")],
        CONDITIONS: [("ít", "quá ngắn")],
        SINCE: [
            ("hôm qua", "ngày/tháng/năm"),
            ("30/02/2026", "ngày/tháng/năm"),
            ("01/01/2099", "tương lai"),
        ],
    }
    for step, answer in enumerate(CONTENT):
        question = an.text.split("\n")[0]
        for wrong, reason in bad.get(step, []):
            reply = await an.send(wrong)
            assert reason in reply, (step, wrong, reply)
            assert question in reply
        await an.send(answer)
    await an.tap("Thêm cán bộ")
    assert "Không tìm thấy" in await an.send("Không Có Ai")
    await an.send("/quaylai")
    await an.tap("người ngoài")
    assert "chỉ gồm chữ cái" in await an.send("<script>")
    await an.send("Lê Văn Ngoài")
    await give_details(an, "Công ty Ngoài")
    assert "từ 1 đến 100" in await an.send("150")
    assert "Xin gõ một số" in await an.send("ba mươi")
    await an.send("30")
    await an.tap("Tiếp tục")
    await an.tap("Đính kèm tệp")
    assert "cần đồng chí gửi một tệp" in await an.send("đây là tệp")
    await an.send("/huy")
    async with bot.core.sessions() as session:
        assert (await session.scalars(select(Initiative))).first() is None


async def test_the_author_withdraws_with_a_reason(bot: RunningBot, fake: FakeTelegramApi) -> None:
    an = TgUser(fake, 4201, "An")
    await join_on_telegram(bot, an, Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")
    for answer in CONTENT:
        await an.send(answer)
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    await an.tap("Nộp sáng kiến")
    await an.tap("Xem sáng kiến")
    assert "Xin ghi rõ lý do" in await an.tap("Rút sáng kiến")
    assert "Xin ghi rõ lý do" in await an.send("Vì")  # too short to be a reason
    assert "Đồng chí chắc chắn muốn rút" in await an.send("Trùng với sáng kiến đã có.")
    detail = await an.tap("Xác nhận")
    assert "chuyển sang trạng thái Đã rút" in detail
    assert "Trùng với sáng kiến đã có." in detail
