"""Plan coverage shows who saw the plan's notice on the Zalo OA (its read receipts) beside who
confirmed; the confirmation stays the proof, and the Office is told why."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from models import Delivery
from tests.factories import join, make_admin


async def test_seen_but_not_confirmed_is_shown_apart(app: App) -> None:
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    minh = await join(app, "minh", "CNTT", Role.STAFF, "Trần Văn Minh")
    await join(app, "hoa", "CNTT", Role.STAFF, "Lê Thị Hoa")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await admin.send("/kehoach")
    await admin.tap("Nhắc người chưa xác nhận")
    async with app.sessions.begin() as session:
        topics = set(await session.scalars(select(Delivery.topic)))
        # The notice reached Minh, and his app said he read it (a receipt names the message).
        await session.execute(
            update(Delivery)
            .where(Delivery.chat_id == "minh")
            .values(status="sent", message_id="m-1")
        )
    assert topics == {"plan:1"}
    receipts = app.services.reply_windows.receipts
    await receipts(Channel.CONSOLE, "minh", ["m-1"], seen=True, at=app.clock.now())

    await admin.send("/kehoach")
    await admin.tap("Tiến độ quán triệt các đơn vị")
    table = admin.text
    assert "33% · 1/3 · Phòng Công nghệ thông tin · đã xem 1" in table
    assert "Đã xem trên Zalo OA nhưng chưa xác nhận: 1 người" in table
    assert "Telegram và Zalo Bot không báo đã xem" in table
    await admin.tap("CNTT")
    detail = admin.text
    seen, missing = detail.split("Đã xem, chưa xác nhận (1):")[1].split("Chưa xác nhận (1):")
    assert "Trần Văn Minh" in seen and "Lê Thị Hoa" not in seen
    assert "Lê Thị Hoa" in missing and "Trần Văn Minh" not in missing
    assert "bằng chứng cam kết" in detail

    # Once Minh confirms he counts as confirmed, not as "seen".
    await minh.send("/kehoach")
    await minh.tap("cam kết")
    units = await app.services.plan_coverage.coverage_all()
    [it] = [u for u in units if u.code == "CNTT"]
    assert (it.confirmed, it.seen) == (2, 0)
