"""A broadcast on Telegram: the Office composes it, the unit's members receive it, one who
blocked the bot is reported, the status message ends as the delivery report, and the list of
people not reached comes as text and as an .xlsx document."""

from __future__ import annotations

import io

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.roles import Role
from models import DeliveryStatus
from tests.e2e.harness import RunningBot, TgUser
from tests.e2e.test_initiatives_review import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

TEXT = "Kính gửi {ho_ten}: 14:00 thứ Năm họp sơ kết <i>thi đua</i> tại phòng 301."


async def outbox_settled(bot: RunningBot) -> None:
    """Let the sends in flight finish, then check the outbox has nothing left."""
    assert bot.core.worker is not None
    await bot.core.worker.settle()
    counts = await bot.core.services.outbox.counts()
    assert not counts.count(DeliveryStatus.PENDING) and not counts.count(DeliveryStatus.SENDING)


async def test_office_broadcast_reaches_the_unit_and_reports_who_was_missed(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 6001, "Phòng")
    head = TgUser(fake, 6002, "Trưởng")
    lan = TgUser(fake, 6003, "Lan")
    binh = TgUser(fake, 6004, "Bình")
    await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    await join_on_telegram(bot, binh, Role.STAFF, "Phạm Văn Bình")
    fake.block(binh.user_id)

    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send(TEXT)
    await office.tap("Không đính kèm")
    await office.tap("Một số đơn vị")
    await office.tap("Công nghệ thông tin")
    await office.tap("Xong")
    await office.tap("Gửi ngay")
    preview = await office.tap("Bình thường")
    assert "Kính gửi Lê Văn Phòng: 14:00 thứ Năm họp sơ kết <i>thi đua</i>" in preview
    assert "Số người nhận: 3" in preview
    assert "đưa vào hàng đợi" in await office.tap("Xác nhận")

    # With the clock passing: the head was just told about the new members, so the per-chat
    # gap holds the broadcast back for a second.
    await wait_text(fake, lan, "Kính gửi Nguyễn Thị Lan: 14:00 thứ Năm", clock)
    await wait_text(fake, head, "Kính gửi Trần Thị Trưởng: 14:00 thứ Năm", clock)
    assert "<i>thi đua</i>" in lan.text  # typed markup reaches people as typed
    await wait_text(fake, office, "Thông báo #1: đã gửi")
    await fake.wait_for(lambda: any(c.status == 403 for c in fake.calls_to("sendMessage")))
    await outbox_settled(bot)
    clock.advance(seconds=10)  # the next look at the broadcast is due
    bot.core.runner.wake()  # type: ignore[union-attr]
    await wait_text(fake, office, "đã gửi xong")

    status = [
        m for m in fake.messages_to(office.user_id) if "Thông báo #1" in (m.plain_text or "")
    ]
    assert status[-1].method == "editMessageText"  # one status message, edited
    report = status[-1].plain_text or ""
    assert "đã gửi xong tới 3 người" in report
    assert "Đã nhận: 2" in report and "Đã chặn bot: 1" in report

    listing = await office.tap("Danh sách chưa nhận")
    assert "Phạm Văn Bình" in listing and "Nguyễn Thị Lan" not in listing
    await office.tap("Tải Excel", replies=2)  # a line of text, then the document
    document = fake.messages_to(office.user_id)[-1]
    assert document.method == "sendDocument" and document.file_content is not None
    sheet = load_workbook(io.BytesIO(document.file_content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Phạm Văn Bình" in cells and "Nguyễn Thị Lan" not in cells

    # Blocked once, left out next time: a second broadcast does not try Bình's chat again.
    def tried_binh() -> int:
        return len([c for c in fake.calls_to("sendMessage") if c.params.get("chat_id") == 6004])

    before = tried_binh()
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("Nhắc lại: họp sơ kết lúc 14:00.")
    await office.tap("Không đính kèm")
    await office.tap("Một số đơn vị")
    await office.tap("Công nghệ thông tin")
    await office.tap("Xong")
    await office.tap("Gửi ngay")
    assert "1 người đã chặn bot" in await office.tap("Khẩn")  # known before sending
    await office.tap("Xác nhận")
    await wait_text(fake, lan, "Nhắc lại: họp sơ kết", clock)
    await wait_text(fake, head, "Nhắc lại: họp sơ kết", clock)
    await outbox_settled(bot)
    assert tried_binh() == before
