"""Reviewing initiatives on Telegram: the Office and the initiative council act with buttons
(evaluation, conclusion, the head's decision and its certificate), the author
is told through the outbox, files go out by their Telegram file id, stale presses are caught."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import func, select

from bot.callbacks import InitiativeAct, InitiativeOpen
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import FileInfo
from bot.services.councils import Position
from bot.services.initiatives import Scores
from bot.services.initiatives.records import InitiativeView, Proposal
from models import Delivery
from tests.e2e.harness import RunningBot, TgUser, member_of
from tests.factories import join_on_telegram, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.initiative_recognition import all_met


async def submit(
    bot: RunningBot, author: TgUser, proposal: Proposal | None = None
) -> InitiativeView:
    """Submit through the service, as the proposal dialog would (the default proposal unless
    told)."""
    member = await bot.core.services.members.find(Channel.TELEGRAM, str(author.user_id))
    assert member is not None
    chosen = make_proposal() if proposal is None else proposal
    return await bot.core.services.initiatives.submit(member, chosen)


async def wait_text(
    fake: FakeTelegramApi, user: TgUser, needle: str, clock: FakeClock | None = None
) -> None:
    """Wait until a message containing ``needle`` reached ``user`` (e.g. from the outbox).

    With ``clock``, time passes meanwhile: the outbox puts back a second message to the same
    chat within a second (per-chat pacing) until the clock says it is due.
    """

    async def time_passes(clock: FakeClock) -> None:
        while True:
            clock.advance(seconds=2)
            await asyncio.sleep(0.1)

    ticking = None if clock is None else asyncio.create_task(time_passes(clock))
    try:
        await fake.wait_for(
            lambda: any(needle in (m.plain_text or "") for m in fake.messages_to(user.user_id)),
            timeout=10,
            description=f"{needle!r} sent to {user.user_id}",
        )
    finally:
        if ticking is not None:
            ticking.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticking
    user.seen = fake.sent_count_to(user.user_id)


async def test_the_council_evaluates_and_the_heads_decision_recognises(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 4001, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    office = await join_on_telegram(
        bot, TgUser(fake, 4002, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    hoi = await join_on_telegram(bot, TgUser(fake, 4003, "Hội"), Role.COUNCIL, "Đỗ Văn Hội", "VP")
    dong = await join_on_telegram(
        bot, TgUser(fake, 4004, "Đồng"), Role.COUNCIL, "Vũ Thị Đồng", "VP"
    )
    item = await submit(bot, an)

    listed = await office.send("/duyet")
    assert item.code in listed and "Lọc: trạng thái tất cả" in listed
    assert "Số hóa hồ sơ thi đua" in await office.tap(item.code)
    assert "Văn phòng đã tiếp nhận" in await office.tap("Tiếp nhận")
    assert fake.messages_to(office.user_id)[-1].edited  # the detail is updated in place
    assert "Hội đồng sáng kiến đang thẩm định" in await office.tap("Chuyển Hội đồng")
    await wait_text(fake, an, "chuyển Hội đồng sáng kiến", clock)

    vp = await member_of(bot, office)
    for person in (hoi, dong):
        seated = await member_of(bot, person)
        await bot.core.services.councils.seat(vp, "HDSK", seated.id, Position.MEMBER)
    for person, marks, note in ((hoi, "453", "Cần số liệu năm 2025"), (dong, "544", "không")):
        await person.press(InitiativeOpen(item.id).pack())
        assert "Điều kiện 1/5" in await person.tap("Đánh giá sáng kiến")
        for _condition in range(5):
            await person.tap("✅ Đạt")
            await person.send("-")
        for mark in marks:
            await person.send(mark)
        assert "Đã ghi đánh giá" in await person.send(note)
    assert "tổng 12,5/15" in dong.text and "Cần số liệu năm 2025" in dong.text
    assert "Có tính mới trong phạm vi cơ sở: 2 đạt · 0 không đạt" in dong.text

    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Kết luận Hội đồng: Đạt")
    assert "chờ quyết định công nhận" in await office.send("Hội đồng thống nhất đạt")
    await office.tap("Ghi quyết định công nhận")
    for answer in ("15/QĐ-STTTT", "01/03/2026", "Giám đốc Nguyễn Văn Bình"):
        await office.send(answer)
    assert "001/GCN-SK-2026" in await office.tap("Xác nhận")

    await wait_text(fake, an, "Giấy chứng nhận sáng kiến số", clock)
    shown = await an.tap("Xem sáng kiến")  # the notice's button
    assert "Quyết định số 15/QĐ-STTTT ngày 01/03/2026" in shown
    assert "Trung bình (2 lượt chấm)" in shown and "Cần số liệu" not in shown


async def test_a_return_with_a_reason_reaches_the_author_who_resubmits(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 4101, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    office = await join_on_telegram(
        bot, TgUser(fake, 4102, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    staff = await join_on_telegram(
        bot, TgUser(fake, 4103, "Bình"), Role.STAFF, "Trần Thị Bình", "CNTT"
    )
    item = await submit(bot, an)
    assert "không được dùng" in await staff.send("/duyet")
    await office.press(InitiativeOpen(item.id).pack())
    assert "lý do" in await office.tap("Trả lại")
    assert "Lý do: Thiếu số liệu hiệu quả" in await office.send("Thiếu số liệu hiệu quả")
    await wait_text(fake, an, "Thiếu số liệu hiệu quả")
    await an.tap("Xem sáng kiến")
    assert "Xem lại sáng kiến" in await an.tap("Sửa và nộp lại")
    assert "nộp lại" in await an.tap("Nộp sáng kiến")
    detail = await office.press(InitiativeOpen(item.id).pack())
    assert "Đã nộp lại" in detail


async def test_a_file_goes_out_by_its_telegram_id(bot: RunningBot, fake: FakeTelegramApi) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 4201, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    office = await join_on_telegram(
        bot, TgUser(fake, 4202, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    content = b"%PDF-1.4 bao cao hieu qua"
    update = fake.push_document(an.user_id, "bao-cao.pdf", content)
    await fake.wait_sent(an.user_id, an.seen + 1)  # outside a dialog: the menu
    an.seen += 1
    file_id = update["message"]["document"]["file_id"]
    files = (
        FileInfo("telegram", file_id, "bao-cao.pdf", "application/pdf", len(content)),
        FileInfo("console", "/tmp/ghi-chu.txt", "ghi-chu.txt", "text/plain", 10),
    )
    item = await submit(bot, an, make_proposal(files=files))
    detail = await office.press(InitiativeOpen(item.id).pack())
    assert "ghi-chu.txt" in detail.split("kênh khác")[1]
    await office.tap("📎 bao-cao.pdf", replies=2)  # a line of text, then the document
    sent = fake.calls_to("sendDocument")
    assert [call.params["document"] for call in sent] == [file_id]
    document = fake.messages_to(office.user_id)[-1]
    assert (document.file_name, document.file_content) == ("bao-cao.pdf", content)


async def test_two_office_members_press_receive_at_once(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 4301, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    first = await join_on_telegram(
        bot, TgUser(fake, 4302, "Một"), Role.OFFICE, "Phạm Văn Một", "VP"
    )
    second = await join_on_telegram(
        bot, TgUser(fake, 4303, "Hai"), Role.OFFICE, "Phạm Văn Hai", "VP"
    )
    item = await submit(bot, an)
    receive = InitiativeAct(item.id, "rcv", item.version).pack()
    answers = await asyncio.gather(first.press(receive), second.press(receive))
    assert sum("đã được xử lý" in answer for answer in answers) == 1
    assert all("Văn phòng đã tiếp nhận" in answer for answer in answers)
    await wait_text(fake, an, "đã tiếp nhận")
    async with bot.core.sessions() as session:
        queued = await session.scalar(
            select(func.count(Delivery.id)).where(Delivery.chat_id == str(an.user_id))
        )
    assert queued == 1  # one receipt, never two


async def test_not_recognised_with_a_reason_and_who_may_see_what(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 4501, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    head = await join_on_telegram(
        bot, TgUser(fake, 4502, "Trưởng"), Role.UNIT_HEAD, "Lê Văn Trưởng", "CNTT"
    )
    other = await join_on_telegram(
        bot, TgUser(fake, 4503, "Xa"), Role.UNIT_HEAD, "Đỗ Văn Xa", "VHTT-VY"
    )
    office = await join_on_telegram(
        bot, TgUser(fake, 4504, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    item = await submit(bot, an)
    assert "Không tìm thấy" in await other.press(InitiativeOpen(item.id).pack())  # forged
    await head.send("/cuatoi")
    assert item.code in await head.tap("Sáng kiến của đơn vị")
    assert "không được dùng" in await head.send("/duyet")
    receive = InitiativeAct(item.id, "rcv", item.version).pack()
    assert "không" in (await an.press(receive)).casefold()  # the author cannot receive it
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Tiếp nhận")
    await office.tap("Chuyển Hội đồng")
    hoi = await join_on_telegram(bot, TgUser(fake, 4505, "Hội"), Role.STAFF, "Đỗ Văn Hội", "VP")
    evaluator = await member_of(bot, hoi)
    await bot.core.services.councils.seat(
        await member_of(bot, office), "HDSK", evaluator.id, Position.MEMBER
    )
    marks = all_met(bot.core, failing=("new",))
    await bot.core.services.evaluations.evaluate(evaluator, item.id, marks, Scores(1, 3, 3))
    await office.tap("Kết luận Hội đồng: Không đạt")
    asked = await office.send("Giải pháp đã được áp dụng rộng rãi từ trước.")
    assert "Đồng chí chắc chắn muốn ghi kết luận «không đạt»" in asked
    decided = await office.tap("Xác nhận")
    assert "Không được công nhận" in decided
    await wait_text(fake, an, "không được công nhận", clock)
    assert "đã được áp dụng rộng rãi từ trước" in an.text
