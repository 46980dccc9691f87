"""/thongbao through the router: composing, previewing, scheduling, cancelling, reports."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import select, update

from bot import errors
from bot.app import App
from bot.callbacks import BroadcastAct, BroadcastChoice
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.broadcasts.records import BroadcastDraft
from bot.services.common.views import MemberView
from models import Delivery, DeliveryStatus
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

TEXT = "Kính gửi đồng chí {ho_ten} ({don_vi}): mời họp lúc 14:00 tại phòng <họp 2>."
SEPARATOR = "────────────"


async def broadcasts_to(app: App, chat: str) -> list[str]:
    async with app.sessions.begin() as session:
        rows = await session.scalars(
            select(Delivery.payload).where(
                Delivery.chat_id == chat, Delivery.broadcast_id.is_not(None)
            )
        )
        return [str(p["text"]) for p in rows]


async def member(app: App, user_id: str) -> MemberView:
    view = await app.services.members.find(Channel.CONSOLE, user_id)
    assert view is not None
    return view


async def compose(person: Person, text: str = TEXT) -> None:
    await person.send("/thongbao")
    await person.tap("Soạn thông báo mới")
    await person.send(text)
    await person.tap("Không đính kèm")


def previewed_message(person: Person) -> str:
    """The message as the preview shows it (markup), between its title and the separator."""
    body = person.last.text.split("\n", 1)[1]
    return body.split("\n" + SEPARATOR, 1)[0]


async def test_the_office_composes_previews_and_sends(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(app, "can", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await office.send("/thongbao")
    assert "Chưa có thông báo nào" in office.text
    await office.tap("Soạn thông báo mới")
    assert "{ho_ten}" in office.text and "{don_vi}" in office.text and "3000" in office.text
    await office.send("x" * 3001)
    assert "tối đa 3000 ký tự" in office.text  # too long: asked again
    await office.send(TEXT)
    await office.tap("Không đính kèm")
    await office.tap("Một số đơn vị")
    await office.tap("Xong")
    assert "ít nhất một đơn vị" in office.text  # nothing chosen yet: asked again
    await office.tap("Phòng Công nghệ thông tin")
    assert "Đã chọn: Phòng Công nghệ thông tin" in office.text
    assert not any("Công nghệ" in b.label for b in office.last.flat_buttons())
    await office.tap("Xong")
    await office.send("/quaylai")  # back to the loop, the choice kept
    assert "Đã chọn: Phòng Công nghệ thông tin" in office.text
    await office.tap("Xong")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")

    assert "Kính gửi đồng chí Lê Văn Phòng (Văn phòng Sở)" in office.text
    assert "Số người nhận: 2" in office.text
    assert "Bắt đầu gửi ngay" in office.text
    preview = previewed_message(office)
    await office.tap("Xác nhận")
    assert "đưa vào hàng đợi" in office.text and "tin nhắn tiếp theo" in office.text

    assert await app.services.broadcasts.start_due()
    received = await broadcasts_to(app, "cntt")
    mine = preview.replace(
        "Lê Văn Phòng (Văn phòng Sở)", "Trần Thị Trưởng (Phòng Công nghệ thông tin)"
    )
    assert received == [mine]  # exactly what the preview showed, filled in for the recipient
    assert "&lt;họp 2&gt;" in mine  # typed text stays text
    assert len(await broadcasts_to(app, "can")) == 1
    assert await broadcasts_to(app, "vy") == []
    assert await broadcasts_to(app, "vp") == []

    await office.send("/thongbao")
    assert "#1" in office.text and "đang gửi" in office.text


async def test_an_attachment_goes_with_the_message(app: App, tmp_path: Path) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("Gửi các đồng chí kế hoạch tổ chức hội nghị.")
    await office.tap("Đính kèm tệp")
    assert "tối đa 20 MB" in office.text
    huge = tmp_path / "video.mp4"
    with huge.open("wb") as handle:
        handle.truncate(21 * 2**20)  # sparse: only the size matters
    await office.send_file(huge, "video/mp4")
    assert "Tệp quá lớn: tối đa 20 MB" in office.text  # asked again
    plan = tmp_path / "ke-hoach-hoi-nghi.pdf"
    plan.write_bytes(b"%PDF-1.4")
    await office.send_file(plan, "application/pdf")
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "Kèm tệp: ke-hoach-hoi-nghi.pdf" in office.text
    await office.tap("Xác nhận")
    await app.services.broadcasts.start_due()
    async with app.sessions.begin() as session:
        payload = await session.scalar(
            select(Delivery.payload).where(
                Delivery.chat_id == "cntt", Delivery.broadcast_id.is_not(None)
            )
        )
    assert payload is not None
    assert payload["document"] == {"name": "ke-hoach-hoi-nghi.pdf", "file_id": str(plan)}


async def test_cancel_and_back_words(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("/quaylai")
    assert "bước đầu tiên" in office.text and "{ho_ten}" in office.text
    await office.send("Nội dung thử")
    await office.send("/huy")
    assert "Đã hủy soạn thông báo" in office.text
    await office.send("/thongbao")
    assert "Chưa có thông báo nào" in office.text


async def test_big_counts_and_who_will_not_receive_it(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await compose(office)
    await office.tap("Theo vai trò")
    await office.tap("Thủ trưởng đơn vị")
    await office.tap("Văn phòng Sở")
    assert "Đã chọn: Thủ trưởng đơn vị, Văn phòng Sở" in office.text
    await office.tap("Xong")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "Số người nhận: 2" in office.text
    assert "chặn bot" not in office.text  # everyone can be reached


async def test_an_empty_audience_sends_back_to_the_audience(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await compose(office)
    await office.tap("hồ sơ chờ xét duyệt")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "không có ai thuộc đối tượng này" in office.text
    assert "Gửi cho ai?" in office.text
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "Số người nhận: 1" in office.text


async def test_scheduling_refuses_bad_and_past_times_and_can_be_cancelled(
    app: App, clock: FakeClock
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Hẹn giờ")
    await office.send("chiều mai")
    assert "Không đọc được thời điểm gửi" in office.text
    await office.send("31/02/2026 10:00")
    assert "Không đọc được thời điểm gửi" in office.text
    await office.send("08:00 02/03/2026")  # it is 09:00 already
    assert "Thời điểm gửi đã qua" in office.text
    await office.send("02/03/2026 15:30")
    await office.tap("Bình thường")
    assert "Bắt đầu gửi lúc 15:30 02/03/2026" in office.text
    await office.tap("Xác nhận")
    assert "hẹn gửi lúc 15:30 02/03/2026" in office.text

    await office.send("/thongbao")
    await office.tap("#1")
    assert "chờ gửi" in office.text
    await office.tap("Hủy thông báo")
    assert "Đồng chí chắc chắn muốn hủy thông báo #1?" in office.text
    assert "hẹn gửi lúc 15:30 02/03/2026 sẽ không được gửi" in office.text
    await office.tap("Hủy thông báo")
    assert "Đã hủy thông báo #1" in office.text
    clock.advance(hours=8)
    assert await app.services.broadcasts.start_due() == []
    assert await broadcasts_to(app, "cntt") == []


async def test_a_time_that_passes_during_the_dialog_is_asked_again(
    app: App, clock: FakeClock
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Hẹn giờ")
    await office.send("09:30 02/03/2026")
    clock.advance(hours=1)
    await office.tap("Bình thường")
    assert "Thời điểm gửi đã qua" in office.text
    assert "giờ:phút ngày/tháng/năm" in office.text  # back on the time step
    await office.send("11:00 02/03/2026")
    await office.tap("Bình thường")
    assert "Bắt đầu gửi lúc 11:00 02/03/2026" in office.text


async def test_quiet_hours_postpone_unless_urgent(app: App, clock: FakeClock) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    clock.advance(hours=13)  # 22:00 on Monday in Việt Nam
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "nên sẽ bắt đầu gửi lúc 07:00 03/03/2026" in office.text
    await office.send("/quaylai")
    await office.tap("Khẩn")
    assert "THÔNG BÁO KHẨN" in office.text
    assert "Bắt đầu gửi ngay" in office.text and "07:00" not in office.text


async def test_weekend_postpones_a_scheduled_broadcast(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Hẹn giờ")
    await office.send("10:00 07/03/2026")  # a Saturday
    await office.tap("Bình thường")
    assert "nên sẽ bắt đầu gửi lúc 07:00 09/03/2026" in office.text
    await office.tap("Xác nhận")
    assert "hẹn gửi lúc 07:00 09/03/2026" in office.text


async def test_report_reminders_fill_the_period_for_each_unit(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await app.services.reports.open_period(
        await member(app, "vp"), "Báo cáo thi đua năm 2026", date(2026, 3, 20)
    )
    await compose(office, "{don_vi} chưa nộp «{ky_bao_cao}», hạn nộp {han_nop}.")
    await office.tap("chưa nộp báo cáo")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "chưa nộp «Báo cáo thi đua năm 2026», hạn nộp 20/03/2026." in office.text
    await office.tap("Xác nhận")
    await app.services.broadcasts.start_due()
    (received,) = await broadcasts_to(app, "cntt")
    assert "Phòng Công nghệ thông tin chưa nộp «Báo cáo thi đua năm 2026»" in received
    assert "hạn nộp 20/03/2026" in received


async def test_unit_heads_send_to_their_own_unit_only(app: App) -> None:
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(app, "can", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await compose(head)
    labels = [b.label for b in head.last.flat_buttons()]
    assert labels == [
        "Cả đơn vị",
        "Người trong đơn vị chưa xác nhận Kế hoạch",
        "Người trong đơn vị chưa có sáng kiến năm nay",
    ]
    await head.tap("Cả đơn vị")
    await head.tap("Gửi ngay")
    await head.tap("Bình thường")
    assert "Số người nhận: 2" in head.text
    assert "Thông báo · Phòng Công nghệ thông tin" in head.text
    await head.tap("Xác nhận")
    await app.services.broadcasts.start_due()
    assert len(await broadcasts_to(app, "can")) == 1
    assert await broadcasts_to(app, "vy") == []

    # A handcrafted audience for another unit is refused by the service itself.
    view = await member(app, "cntt")
    other = (await member(app, "vy")).unit.id
    for audience in (
        Audience(AudienceKind.EVERYONE, units=(other,)),
        Audience(AudienceKind.EVERYONE),
        Audience(AudienceKind.UNITS, units=(view.unit.id,)),
        Audience(AudienceKind.REVIEWS_PENDING, units=(view.unit.id,)),
    ):
        with pytest.raises(errors.NotAllowed):
            await app.services.broadcasts.preview(view, BroadcastDraft("Xin chào", audience))
        with pytest.raises(errors.NotAllowed):
            await app.services.broadcasts.create(
                view, BroadcastDraft("Xin chào", audience), (Channel.CONSOLE, "cntt")
            )


async def test_staff_are_not_allowed(app: App) -> None:
    staff = await join(app, "can", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await staff.send("/thongbao")
    assert "không được dùng" in staff.text
    await staff.press(BroadcastAct(0, BroadcastChoice.NEW).pack())
    assert "không được dùng" in staff.text


async def sent_and_settled(app: App, office: Person) -> int:
    """Send a broadcast to everyone and settle its deliveries: one blocked, one failed."""
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    await office.tap("Xác nhận")
    (broadcast_id,) = await app.services.broadcasts.start_due()
    outcomes = {
        "cntt": (DeliveryStatus.BLOCKED, "not sent: blocked"),
        "can": (DeliveryStatus.FAILED, "Bad Request: chat not found"),
        "vy": (DeliveryStatus.UNREACHABLE, "not sent: unreachable"),
        "vp": (DeliveryStatus.SENT, ""),
    }
    async with app.sessions.begin() as session:
        for chat, (status, error) in outcomes.items():
            await session.execute(
                update(Delivery)
                .where(Delivery.chat_id == chat, Delivery.broadcast_id == broadcast_id)
                .values(status=status, last_error=error)
            )
    return broadcast_id


async def test_the_delivery_report_list_and_workbook(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(app, "can", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    broadcast_id = await sent_and_settled(app, office)

    await office.send("/thongbao")
    await office.tap(f"#{broadcast_id}")
    assert "đã nhận 1" in office.text and "chặn bot 1" in office.text and "lỗi 1" in office.text
    await office.tap("Danh sách chưa nhận")
    text = office.text
    assert "3 người chưa nhận được" in text
    blocked = text.index("Đã chặn bot (1)")
    never = text.index("Chưa bắt đầu dùng bot (1)")
    failed = text.index("Gửi lỗi sau nhiều lần thử (1)")
    assert blocked < text.index("Trần Thị Trưởng — Phòng Công nghệ thông tin") < never
    assert never < text.index("Phạm Văn Vĩnh") < failed < text.index("Nguyễn Văn Cán")

    await office.tap("Tải Excel")
    document = office.last.document
    assert document is not None and document.name == f"chua-nhan-thong-bao-{broadcast_id}.xlsx"
    sheet = load_workbook(io.BytesIO(document.content)).active
    assert f"thông báo #{broadcast_id}" in sheet["A1"].value
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["STT", "Họ và tên", "Đơn vị", "Lý do", "Chi tiết lỗi"],
        [1, "Trần Thị Trưởng", "Phòng Công nghệ thông tin", "Đã chặn bot", None],
        [
            2,
            "Phạm Văn Vĩnh",
            "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
            "Chưa bắt đầu dùng bot",
            None,
        ],
        [
            3,
            "Nguyễn Văn Cán",
            "Phòng Công nghệ thông tin",
            "Gửi lỗi",
            "Bad Request: chat not found",
        ],
    ]

    # Someone else's broadcast: a forged button shows nothing.
    for action in ("list", "xlsx", "open", "cancel", "cancelok"):
        await head.press(BroadcastAct(broadcast_id, BroadcastChoice(action)).pack())
        assert "Không tìm thấy thông báo này" in head.text, action
        assert head.last.document is None
    for cancel in (BroadcastChoice.CANCEL, BroadcastChoice.CANCEL_NOW):
        await office.press(BroadcastAct(broadcast_id, cancel).pack())
        assert "đã bắt đầu gửi" in office.text


async def test_an_unknown_placeholder_is_refused_with_the_known_ones(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("Kính gửi {ho_ten}, {nguoi_gui} và { don_vi } xin báo: họp lúc 14:00.")
    assert "chỗ trống bot không biết: {nguoi_gui}, { don_vi }" in office.text
    assert "{ho_ten}, {don_vi}, {ky_bao_cao}, {han_nop}" in office.text
    assert "Nhập nội dung thông báo" in office.text  # asked again
    await office.send("Kính gửi {ho_ten}: họp lúc 14:00 (phòng {2}).")
    assert "Có đính kèm tệp" in office.text


async def test_the_reports_placeholders_are_for_the_heads_of_units_that_have_not_sent(
    app: App,
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("Kính gửi {ho_ten}: nộp báo cáo {ky_bao_cao} trước {han_nop}.")
    await office.tap("Không đính kèm")
    await office.tap("Tất cả mọi người")  # nobody of them would have the period filled in
    assert (
        "chỗ trống {ky_bao_cao}, {han_nop}: bot chỉ điền được khi gửi cho thủ trưởng"
        in office.text
    )
    assert "Gửi cho ai?" in office.text  # the audience is asked again
    await office.tap("Thủ trưởng đơn vị chưa nộp báo cáo")
    assert "chỗ trống" not in office.text


async def test_times_are_read_as_people_type_them_with_examples_from_today(
    app: App, clock: FakeClock
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Hẹn giờ")
    assert "ví dụ 08:00 03/03/2026" in office.text  # tomorrow at 08:00
    await office.send("8h00 31/2/26")
    assert "ngày 31/02/2026 không tồn tại" in office.text
    await office.send("25:00 3/3/26")
    assert "Không đọc được thời điểm gửi" in office.text
    await office.send("3-3-26 08:15")
    await office.tap("Bình thường")
    assert "Bắt đầu gửi lúc 08:15 03/03/2026" in office.text
    await office.send("/huy")
    clock.advance(days=30)
    await compose(office)
    await office.tap("Tất cả mọi người")
    await office.tap("Hẹn giờ")
    assert "ví dụ 08:00 02/04/2026" in office.text


async def test_a_file_sent_instead_of_answering_attach_is_attached(
    app: App, tmp_path: Path
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("Gửi các đồng chí kế hoạch.")
    script = tmp_path / "cai-dat.bat"
    script.write_text("echo")
    await office.send_file(script, "application/octet-stream")
    assert "Bot không nhận tệp «cai-dat.bat»" in office.text and ".pdf" in office.text
    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(b"%PDF-1.4")
    await office.send_file(plan, "application/pdf")
    assert "Gửi cho ai?" in office.text
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "Kèm tệp: ke-hoach.pdf" in office.text
