"""Unit reports on Telegram: a period, a file, a return through the outbox, then accepted."""

from __future__ import annotations

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser
from tests.e2e.test_initiatives_review import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

SUMMARY = "Đơn vị hoàn thành toàn bộ chỉ tiêu thi đua năm 2026."
RESULTS = "Số hóa 100% hồ sơ <b>và</b> 3 sáng kiến được công nhận."


async def test_report_returned_through_the_outbox_then_accepted(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 4001, "Phòng")
    head = TgUser(fake, 4002, "Trưởng")
    await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Trần Thị Trưởng")

    assert "chưa có kỳ báo cáo" in await office.send("/baocao")
    await office.tap("Mở kỳ báo cáo")
    await office.send("Báo cáo kết quả thi đua năm 2026")
    assert "hết ngày 05/03/2026" in await office.send("05/03/2026")

    await head.send("/baocao")
    await head.tap("Nộp báo cáo")
    await head.send(SUMMARY)
    await head.send(RESULTS)
    await head.tap("Đính kèm tệp")
    preview = await head.send_document("bao-cao.pdf", b"%PDF-1.4", mime_type="application/pdf")
    assert "<b>và</b>" in preview  # typed text is shown as typed, never as markup
    assert "bao-cao.pdf" in preview
    assert "Đã nộp báo cáo" in await head.tap("Xác nhận")

    clock.advance(minutes=5)
    table = await office.send("/baocao")
    assert "Đã nộp 1/3 đơn vị" in table
    await office.tap("CNTT")
    await office.tap("Trả lại")
    assert "Đã trả lại" in await office.send("Thiếu số liệu quý IV")

    await wait_text(fake, head, "được trả lại")
    page = await head.tap("Báo cáo thi đua")
    assert "Lý do trả lại: Thiếu số liệu quý IV" in page
    await head.tap("Nộp báo cáo")
    await head.send(SUMMARY)
    await head.send("Số hóa 100% hồ sơ; bổ sung số liệu quý IV.")
    await head.tap("Không đính kèm")
    assert "Đã nộp báo cáo" in await head.tap("Xác nhận")

    await office.send("/baocao")
    await office.tap("CNTT")
    assert "Đã tiếp nhận" in await office.tap("Tiếp nhận")
    await wait_text(fake, head, "đã tiếp nhận báo cáo", clock)


async def send_report(head: TgUser) -> str:
    await head.send("/baocao")
    await head.tap("Nộp báo cáo")
    await head.send(SUMMARY)
    await head.send("Hoàn thành 100% chỉ tiêu; 2 sáng kiến được công nhận.")
    await head.tap("Không đính kèm")
    return await head.tap("Xác nhận")


async def test_on_time_late_and_missing_units_and_the_reminder(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 4101, "Phòng")
    on_time = TgUser(fake, 4102, "Đúng hạn")
    late = TgUser(fake, 4103, "Muộn")
    missing = TgUser(fake, 4104, "Chưa nộp")
    await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join_on_telegram(bot, on_time, Role.UNIT_HEAD, "Trần Thị Đúng", unit="CNTT")
    await join_on_telegram(bot, late, Role.UNIT_HEAD, "Phạm Văn Muộn", unit="VHTT-VY")
    await join_on_telegram(bot, missing, Role.UNIT_HEAD, "Đỗ Văn Vắng", unit="VP")
    await office.send("/baocao")
    await office.tap("Mở kỳ báo cáo")
    await office.send("Báo cáo kết quả thi đua năm 2026")
    await office.send("03/03/2026")  # the test clock starts on 02/03/2026
    assert "Đã nộp báo cáo" in await send_report(on_time)
    clock.advance(days=2)  # past the deadline
    assert "sau hạn nộp" in await send_report(late)
    table = await office.send("/baocao")
    assert "Đã nộp 2/3 đơn vị" in table
    assert "Văn phòng Sở — chưa nộp" in table
    assert "muộn" in table.split("Phòng Văn hóa và Thông tin thành phố Vĩnh Yên")[1].split("\n")[0]
    assert "Đã gửi 1 lời nhắc" in await office.tap("Nhắc đơn vị chưa nộp")
    await wait_text(fake, missing, "Báo cáo kết quả thi đua năm 2026", clock)
    assert fake.sent_count_to(on_time.user_id) == on_time.seen  # nothing for a unit that sent


async def test_closing_a_period_asks_first_and_tells_the_unit_that_has_not_sent(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 4201, "Phòng")
    missing = TgUser(fake, 4202, "Chưa nộp")
    await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join_on_telegram(bot, missing, Role.UNIT_HEAD, "Đỗ Văn Vắng", unit="CNTT")
    await office.send("/baocao")
    assert "Báo cáo kết quả thi đua năm 2026" in await office.tap("Mở kỳ báo cáo")
    await office.send("Kỳ 2026")
    refused = await office.send("1/3/2026")
    assert "Hạn nộp 01/03/2026 đã qua: hôm nay là 02/03/2026" in refused
    assert "Đã mở kỳ báo cáo «Kỳ 2026»" in await office.send("20/03/2026")
    await office.tap("Tình hình nộp báo cáo")
    sure = await office.tap("Đóng kỳ báo cáo")
    assert "Đồng chí chắc chắn muốn đóng kỳ báo cáo «Kỳ 2026»?" in sure
    assert "Sẽ báo cho: thủ trưởng 3 đơn vị chưa nộp báo cáo." in sure
    closed = await office.tap("Đóng kỳ báo cáo")
    assert "Đã đóng kỳ báo cáo «Kỳ 2026»." in closed
    assert "Kỳ báo cáo đã đóng: không nhận thêm báo cáo." in closed
    await wait_text(fake, missing, "Kỳ báo cáo «Kỳ 2026» đã đóng", clock)
