"""One initiative from filing to certificate on Telegram (issue 17): a staff member files for the
investor without being an author, the Office sends it to the initiative council, two seated
members evaluate while a seated co-author is refused, the Office records the council's "đạt" and
the head's decision, and the certificate reaches the authors, their points and the screen."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import InitiativeAct, InitiativeOpen
from bot.roles import Role
from bot.services.councils import Position
from models import DeliveryStatus, ScoreEvent
from tests.e2e.harness import RunningBot, TgUser, member_of, running, telegram_settings
from tests.e2e.test_initiatives_propose import CONTENT, KIND
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

INVESTOR = ("Công ty Cổ phần Phần mềm Vĩnh Phúc", "Số 8 đường Nguyễn Trãi, Vĩnh Yên")
APPLIER = ("Văn phòng Sở", "Số 1 đường Nguyễn Trãi", "Rút ngắn một nửa thời gian xét hồ sơ.")
#: The authors' details as typed: birth date, workplace ("" = the member's unit, offered as a
#: button), title, qualification, share.
BINH = ("02/09/1990", "", "Chuyên viên chính", "Thạc sĩ Quản lý công", "60")
NGOAI = ("11/11/1980", "Công ty Phần mềm Ngoài", "Kỹ sư trưởng", "Kỹ sư phần mềm", "40")
DECISION = ("15/QĐ-STTTT", "01/03/2026", "Giám đốc Nguyễn Văn Bình")
CERTIFICATE = "001/GCN-SK-2026"
OFFICE_UNIT = "Văn phòng Sở, Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc"


async def settle(bot: RunningBot, clock: FakeClock, *people: TgUser) -> None:
    """Send everything the outbox holds, then count what each of ``people`` received as seen."""
    worker = bot.core.worker
    assert worker is not None
    for _ in range(200):
        await worker.drain()
        counts = await bot.core.services.outbox.counts()
        if not (counts.count(DeliveryStatus.PENDING) or counts.count(DeliveryStatus.SENDING)):
            break
        clock.advance(seconds=1)  # a second notice to one chat waits for its turn
    else:
        raise AssertionError("the outbox did not empty")
    for person in people:
        person.seen = person.fake.sent_count_to(person.user_id)


def received(fake: FakeTelegramApi, user: TgUser, needle: str) -> list[str]:
    """The texts, as shown, of the messages to ``user`` containing ``needle``."""
    texts = (m.plain_text or "" for m in fake.messages_to(user.user_id))
    return [text for text in texts if needle in text]


def labels(fake: FakeTelegramApi, user: TgUser) -> list[str]:
    """The labels of the last keyboard ``user`` was shown."""
    return [label for row in fake.buttons(user.user_id) for label, _ in row]


async def give_details(user: TgUser, details: tuple[str, ...]) -> str:
    """Answer an author's details and share; return the author list shown after it."""
    birth, workplace, title, qualification, share = details
    await user.send(birth)
    await (user.send(workplace) if workplace else user.tap("🏢"))
    await user.send(title)
    assert "Tỷ lệ đóng góp" in await user.send(qualification)
    return await user.send(share)


async def file_for_the_investor(nop: TgUser) -> str:
    """/sangkien filed for the investor, two authors, one applier; return the answer."""
    await nop.send("/sangkien")
    await nop.send("Số hóa hồ sơ thi đua")
    assert "Tên chủ đầu tư" in await nop.tap("Thay mặt chủ đầu tư")
    await nop.send(INVESTOR[0])
    assert "loại giải pháp" in await nop.send(INVESTOR[1])  # the filer is not asked as author
    for answer in CONTENT[KIND:-1]:  # the content, the confidential part skipped
        await nop.send(answer)
    assert "(không có)" in nop.text  # no applier yet
    await nop.tap("Thêm tổ chức")
    for answer in APPLIER:
        await nop.send(answer)
    assert "• Văn phòng Sở (Số 1 đường Nguyễn Trãi): Rút ngắn" in nop.text
    assert "tổng cộng phải đủ 100%" in await nop.tap("Tiếp tục")
    await nop.tap("Thêm cán bộ")
    await nop.send("binh")
    await nop.tap("Trần Thị Bình")
    await give_details(nop, BINH)
    await nop.tap("người ngoài")
    await nop.send("Hoàng Văn Ngoài")
    assert "chỉ còn 40%" in await give_details(nop, (*NGOAI[:-1], "50"))
    await nop.send(NGOAI[-1])
    await nop.tap("Tiếp tục")
    preview = await nop.tap("Xem lại và nộp")
    assert f"Chủ đầu tư tạo ra sáng kiến: {INVESTOR[0]}" in preview
    assert "Lê Văn Nộp" not in preview  # the filer is not listed as an author
    return await nop.tap("Nộp sáng kiến")


async def evaluate(person: TgUser, item_id: int, scores: str, note: str) -> str:
    """Open the initiative, mark every condition "đạt" and score it; return the answer."""
    await person.press(InitiativeOpen(item_id).pack())
    assert "Điều kiện 1/5" in await person.tap("Đánh giá sáng kiến")
    for _condition in range(5):
        await person.tap("✅ Đạt")
        await person.send("-")
    for score in scores:
        await person.send(score)
    return await person.send(note)


async def test_from_the_investors_filing_to_the_heads_decision_and_certificate(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> None:
    # No pause between two notices to one chat, so a step's notices all go out at once.
    settings = telegram_settings(database_url, fake, outbox={"per_chat_interval_seconds": 0})
    async with running(settings, clock) as bot:
        await journey(bot, fake, clock)


async def journey(bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock) -> None:
    """The journey of the test above."""
    nop = await join_on_telegram(bot, TgUser(fake, 4701, "Nộp"), Role.STAFF, "Lê Văn Nộp", "CNTT")
    binh = await join_on_telegram(
        bot, TgUser(fake, 4702, "Bình"), Role.STAFF, "Trần Thị Bình", "VP"
    )
    office = await join_on_telegram(
        bot, TgUser(fake, 4703, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    hoi = await join_on_telegram(bot, TgUser(fake, 4704, "Hội"), Role.COUNCIL, "Đỗ Văn Hội", "VP")
    dong = await join_on_telegram(
        bot, TgUser(fake, 4705, "Đồng"), Role.STAFF, "Vũ Thị Đồng", "CNTT"
    )
    everyone = (nop, binh, office, hoi, dong)

    # 1. Filed for the investor: the code is given, the member co-author is told.
    assert "SK-2026-0001" in await file_for_the_investor(nop)
    await settle(bot, clock, *everyone)
    assert received(fake, binh, "đồng tác giả của sáng kiến SK-2026-0001")
    [item] = (await bot.core.services.initiatives.mine(await member_of(bot, nop), 1, 5)).items

    # 2. Returned: the filer, who alone may amend it, is told the reason and resubmits.
    assert "SK-2026-0001" in await office.send("/duyet")
    assert "Số hóa hồ sơ thi đua" in await office.tap("SK-2026-0001")
    await office.tap("Trả lại")
    await office.send("Bổ sung văn bản ủy quyền của chủ đầu tư")
    await settle(bot, clock, *everyone)
    [returned] = received(fake, nop, "được trả lại để bổ sung")
    assert "Lý do: Bổ sung văn bản ủy quyền của chủ đầu tư" in returned
    await nop.tap("Xem sáng kiến")  # the notice's button
    assert "Xem lại sáng kiến" in await nop.tap("Sửa và nộp lại")
    assert "nộp lại" in await nop.tap("Nộp sáng kiến")
    await settle(bot, clock, *everyone)
    assert received(fake, binh, "(đồng chí là đồng tác giả) đã được bổ sung và nộp lại")

    # 3. The Office sends it to the council; two seated members evaluate, a seated author not.
    assert "Đã nộp lại" in await office.press(InitiativeOpen(item.id).pack())
    assert "Văn phòng đã tiếp nhận" in await office.tap("Tiếp nhận")
    assert "Hội đồng sáng kiến đang thẩm định" in await office.tap("Chuyển Hội đồng")
    vp = await member_of(bot, office)
    for person in (hoi, dong, binh):
        seated = await member_of(bot, person)
        await bot.core.services.councils.seat(vp, "HDSK", seated.id, Position.MEMBER)
    await settle(bot, clock, *everyone)
    assert "Hội đồng sáng kiến đang thẩm định" in await binh.press(InitiativeOpen(item.id).pack())
    assert not any("Đánh giá" in label for label in labels(fake, binh))
    version = (await bot.core.services.initiatives.view(vp, item.id)).version
    forged = await binh.press(InitiativeAct(item.id, "evl", version).pack())
    assert "Đồng chí là tác giả (hoặc đồng tác giả) của sáng kiến này" in forged
    assert "Đã ghi đánh giá" in await evaluate(hoi, item.id, "453", "Cần số liệu năm 2025")
    assert "Đã ghi đánh giá" in await evaluate(dong, item.id, "544", "-")
    assert "Có tính mới trong phạm vi cơ sở: 2 đạt · 0 không đạt" in dong.text

    # 4. The council's "đạt", then the head's decision and the certificate number.
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Kết luận Hội đồng: Đạt")
    assert "chờ quyết định công nhận" in await office.send("Hội đồng thống nhất đạt")
    await office.tap("Ghi quyết định công nhận")
    for answer in DECISION:
        await office.send(answer)
    assert CERTIFICATE in await office.tap("Xác nhận")
    await settle(bot, clock, *everyone)
    [told] = received(fake, binh, "Giấy chứng nhận sáng kiến số")
    assert "Quyết định số 15/QĐ-STTTT ngày 01/03/2026" in told and CERTIFICATE in told
    assert received(fake, nop, "Giấy chứng nhận sáng kiến số") == [told]  # the filer too
    async with bot.core.sessions() as session:
        points = (
            await session.execute(
                select(ScoreEvent.member_id, ScoreEvent.share).where(
                    ScoreEvent.kind == "initiative_recognized"
                )
            )
        ).all()
    assert points == [((await member_of(bot, binh)).id, 60)]  # the outside author is no member
    await nop.send("/bangxephang", replies=2)
    board = await nop.tap("Cá nhân")  # a chart, its caption the list
    assert "1. Trần Thị Bình (Văn phòng Sở)" in board and "Lê Văn Nộp" not in board
    assert "Đồng chí chưa có điểm" in board

    # 5. The filer still finds it, and its screen shows the whole application and the decision.
    assert "SK-2026-0001" in await nop.send("/cuatoi")
    detail = await nop.tap("SK-2026-0001")
    for shown in (
        f"Chủ đầu tư tạo ra sáng kiến: {INVESTOR[0]}, địa chỉ: {INVESTOR[1]}",
        "Tác giả (tỷ lệ đóng góp): Trần Thị Bình (60%), Hoàng Văn Ngoài (40%)\n",
        f"Trần Thị Bình: sinh 02/09/1990; {OFFICE_UNIT}",
        "Chuyên viên chính; Thạc sĩ Quản lý công; 60%",
        "Hoàng Văn Ngoài: sinh 11/11/1980; Công ty Phần mềm Ngoài; Kỹ sư trưởng",
        "Kỹ sư phần mềm; 40%",
        "Văn phòng Sở (Số 1 đường Nguyễn Trãi): Rút ngắn một nửa thời gian xét hồ sơ.",
        "SK-2026-0001 · Được công nhận",
        "Kết luận của Hội đồng sáng kiến: ĐẠT. Hội đồng thống nhất đạt",
        "Quyết định công nhận: Quyết định số 15/QĐ-STTTT ngày 01/03/2026 của Giám đốc",
        f"Giấy chứng nhận sáng kiến số: {CERTIFICATE}",
    ):
        assert shown in detail, shown
    assert "Cần số liệu năm 2025" not in detail  # the council's note is for reviewers only
