"""/thongbao shows who waits for the Zalo OA's reply window, and why, in the status, the list
and the workbook."""

from __future__ import annotations

import io

from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import update

from bot.app import App
from bot.roles import Role
from models import Delivery, DeliveryStatus
from tests.factories import join
from tests.handlers.test_broadcasts import compose


async def test_waiting_people_are_listed_with_their_reason(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(app, "can", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    await office.tap("Xác nhận")
    (broadcast_id,) = await app.services.broadcasts.start_due()
    outcomes = {
        "cntt": (DeliveryStatus.WAITING, "out_of_window", ""),
        "can": (DeliveryStatus.WAITING, "not_following", ""),
        "vp": (DeliveryStatus.SENT, "", "telegram"),
    }
    async with app.sessions.begin() as session:
        for chat, (status, outcome, moved) in outcomes.items():
            await session.execute(
                update(Delivery)
                .where(Delivery.chat_id == chat, Delivery.broadcast_id == broadcast_id)
                .values(status=status, outcome=outcome, rerouted_from=moved)
            )

    await office.send("/thongbao")
    assert "đã gửi 1/3 · 2 chờ người nhận nhắn lại" in office.text
    await office.tap(f"#{broadcast_id}")
    assert "Chờ người nhận nhắn lại 2 · qua kênh khác 1" in office.text
    await office.tap("Danh sách chưa nhận")
    text = office.text
    assert "Chờ người nhận nhắn tin cho Zalo OA (2)" in text
    assert "Trần Thị Trưởng — Phòng Công nghệ thông tin (quá 48 giờ kể từ lần nhắn cuối)" in text
    assert "Nguyễn Văn Cán — Phòng Công nghệ thông tin (chưa quan tâm OA)" in text

    await office.tap("Tải Excel")
    document = office.last.document
    assert document is not None
    sheet = load_workbook(io.BytesIO(document.content)).active
    reasons = {row[1].value: row[3].value for row in sheet.iter_rows(min_row=3)}
    assert reasons == {
        "Nguyễn Văn Cán": "Chờ nhắn tin cho Zalo OA: chưa quan tâm OA",
        "Trần Thị Trưởng": "Chờ nhắn tin cho Zalo OA: quá 48 giờ kể từ lần nhắn cuối",
    }
