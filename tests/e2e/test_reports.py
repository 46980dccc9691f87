"""Unit reports on Telegram: a period, a file, a return through the outbox, then accepted."""

from __future__ import annotations

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser
from tests.e2e.test_initiative_review import wait_text
from tests.e2e.test_plan import join
from tests.fakes.clock import FakeClock
from tests.fakes.fake_telegram_api import FakeTelegramApi

SUMMARY = "Đơn vị hoàn thành toàn bộ chỉ tiêu thi đua năm 2026."
RESULTS = "Số hóa 100% hồ sơ <b>và</b> 3 sáng kiến được công nhận."


async def test_report_returned_through_the_outbox_then_accepted(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 4001, "Phòng")
    head = TgUser(fake, 4002, "Trưởng")
    await join(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join(bot, head, Role.UNIT_HEAD, "Trần Thị Trưởng")

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
