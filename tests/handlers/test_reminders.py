"""/nhacviec through the router: creating reminders, the list, pausing, resuming, deleting."""

from __future__ import annotations

from bot.app import App
from bot.callbacks import ReminderAct, ReminderChoice
from bot.roles import Role
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

TEXT = "Kính gửi {ho_ten}: {don_vi} hãy cập nhật tiến độ thi đua tuần này."


async def office(app: App) -> Person:
    return await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")


async def start(person: Person, name: str, audience: str, frequency: str) -> None:
    await person.send("/nhacviec")
    await person.tap("Thêm lịch nhắc")
    await person.send(name)
    assert "nội dung" in person.text and "{ho_ten}" in person.text
    await person.send(TEXT)
    await person.tap(audience)
    await person.tap(frequency)


async def test_create_a_daily_reminder_with_a_preview_of_the_next_runs(app: App) -> None:
    vp = await office(app)
    await vp.send("/nhacviec")
    assert "Chưa có lịch nhắc nào" in vp.text
    await start(vp, "Nhắc cập nhật tiến độ", "Tất cả mọi người", "Hằng ngày")
    await vp.send("8h")
    assert "Giờ không hợp lệ" in vp.text and "mấy giờ" in vp.text
    await vp.send("25:00")
    assert "Giờ không hợp lệ" in vp.text
    await vp.send("8:30")
    await vp.tap("Không khẩn")
    preview = vp.text
    assert "Hằng ngày lúc 08:30" in preview
    assert "Tất cả mọi người" in preview and TEXT in preview
    # The clock is Monday 02/03/2026 09:00: today's 08:30 has passed.
    assert "08:30 Thứ Ba, 03/03/2026" in preview
    assert "08:30 Thứ Tư, 04/03/2026" in preview
    assert "08:30 Thứ Năm, 05/03/2026" in preview
    await vp.tap("Xác nhận")
    assert "Đã tạo lịch nhắc «Nhắc cập nhật tiến độ»" in vp.text
    assert "08:30 Thứ Ba, 03/03/2026" in vp.text

    await vp.send("/nhacviec")
    assert "Lịch nhắc việc (1)" in vp.text
    assert "Hằng ngày lúc 08:30" in vp.text
    assert "Lần gửi tới: 08:30 Thứ Ba, 03/03/2026" in vp.text
    assert "Lần gửi gần nhất: chưa có" in vp.text


async def test_create_weekly_and_monthly_reminders(app: App) -> None:
    vp = await office(app)
    await start(vp, "Nhắc sáng kiến thứ Sáu", "chưa có sáng kiến", "Hằng tuần")
    await vp.tap("Thứ Sáu")
    await vp.send("16:00")
    await vp.tap("Khẩn (gửi ngay")
    assert "Thứ Sáu hằng tuần lúc 16:00" in vp.text
    assert "16:00 Thứ Sáu, 06/03/2026" in vp.text and "16:00 Thứ Sáu, 20/03/2026" in vp.text
    await vp.tap("Xác nhận")

    await start(vp, "Nhắc nộp báo cáo giữa tháng", "chưa nộp báo cáo", "Hằng tháng")
    await vp.send("31")
    assert "từ 1 đến 28" in vp.text
    await vp.send("15")
    await vp.send("07:45")
    await vp.tap("Không khẩn")
    assert "Ngày 15 hằng tháng lúc 07:45" in vp.text
    assert "07:45 Chủ nhật, 15/03/2026" in vp.text and "15/05/2026" in vp.text
    await vp.tap("Xác nhận")

    await vp.send("/nhacviec")
    assert "Lịch nhắc việc (2)" in vp.text
    assert "Thứ Sáu hằng tuần lúc 16:00" in vp.text
    assert "Người chưa có sáng kiến năm nay" in vp.text
    assert "Ngày 15 hằng tháng lúc 07:45" in vp.text
    assert "Thủ trưởng đơn vị chưa nộp báo cáo" in vp.text


async def test_a_cron_expression_is_checked_and_shown_as_typed(app: App) -> None:
    vp = await office(app)
    await start(vp, "Nhắc duyệt hồ sơ", "hồ sơ chờ xử lý", "Biểu thức cron")
    for bad in ("0 9 * *", "61 9 * * *", "0 9 * * 8", "0 9 31 2 *", "mỗi sáng thứ hai"):
        await vp.send(bad)
        assert "Lịch không hợp lệ" in vp.text, bad
        assert "biểu thức cron" in vp.text
    await vp.send("30  8 1,15 * *")
    await vp.tap("Không khẩn")
    assert "Theo biểu thức cron 30 8 1,15 * *" in vp.text
    assert "08:30 Chủ nhật, 15/03/2026" in vp.text
    assert "08:30 Thứ Tư, 01/04/2026" in vp.text
    await vp.tap("Xác nhận")
    await vp.send("/nhacviec")
    assert "Theo biểu thức cron 30 8 1,15 * *" in vp.text


async def test_a_weekday_cron_uses_the_usual_numbers(app: App) -> None:
    vp = await office(app)
    await start(vp, "Nhắc đầu tuần", "Tất cả mọi người", "Biểu thức cron")
    await vp.send("0 9 * * 1")
    await vp.tap("Không khẩn")
    assert "Thứ Hai hằng tuần lúc 09:00" in vp.text
    assert "09:00 Thứ Hai, 09/03/2026" in vp.text  # Monday, 09:00 today is not after now


async def test_cancel_and_back_in_the_dialog(app: App) -> None:
    vp = await office(app)
    await start(vp, "Nhắc thử", "Tất cả mọi người", "Hằng tuần")
    await vp.send("/quaylai")
    assert "bao lâu một lần" in vp.text
    await vp.tap("Hằng ngày")
    assert "mấy giờ" in vp.text  # the weekday is not asked for a daily reminder
    await vp.send("/quaylai")
    await vp.send("/quaylai")
    assert "đối tượng" in vp.text
    await vp.send("/huy")
    assert "Đã hủy việc tạo lịch nhắc" in vp.text
    await vp.send("/nhacviec")
    assert "Chưa có lịch nhắc nào" in vp.text


async def test_pause_resume_and_delete_with_confirmation(app: App, clock: FakeClock) -> None:
    vp = await office(app)
    await start(vp, "Nhắc cập nhật tiến độ", "Tất cả mọi người", "Hằng ngày")
    await vp.send("08:30")
    await vp.tap("Không khẩn")
    await vp.tap("Xác nhận")
    await vp.send("/nhacviec")
    # Zalo and the console number buttons themselves: a label with its own number would
    # read "1. 1. Nhắc…" there.
    assert vp.last.flat_buttons()[0].label == "Nhắc cập nhật tiến độ"
    await vp.tap("Nhắc cập nhật")
    assert "Nhắc cập nhật tiến độ" in vp.text and TEXT in vp.text

    await vp.tap("Tạm dừng")
    assert "Đã tạm dừng" in vp.text and "Đang tạm dừng" in vp.text
    await vp.send("/nhacviec")
    assert "Đang tạm dừng" in vp.text and "Lần gửi tới" not in vp.text

    clock.advance(days=2)
    await vp.tap("Nhắc cập nhật")
    await vp.tap("Tiếp tục")
    assert "Đã bật lại" in vp.text
    assert "Lần gửi tới: 08:30 Thứ Năm, 05/03/2026" in vp.text

    await vp.tap("Xóa")
    assert "Đồng chí chắc chắn muốn xóa hẳn lịch nhắc «Nhắc cập nhật tiến độ»?" in vp.text
    await vp.tap("Không, quay lại")
    assert "Lần gửi tới" in vp.text
    await vp.tap("Xóa")
    await vp.tap("Xóa hẳn")
    assert "Đã xóa lịch nhắc «Nhắc cập nhật tiến độ»" in vp.text
    assert "Lịch nhắc việc (0)" in vp.text


async def test_staff_and_unit_heads_are_refused(app: App) -> None:
    staff = await join(app, "nv", "CNTT", Role.STAFF, "Nguyễn Văn Viên")
    head = await join(app, "tp", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    for person in (staff, head):
        await person.send("/nhacviec")
        assert "không được dùng" in person.text
        await person.press(ReminderAct(0, ReminderChoice.NEW).pack())
        assert "không được dùng" in person.text
        await person.press(ReminderAct(0, ReminderChoice.LIST).pack())
        assert "không được dùng" in person.text


async def test_forged_or_old_buttons_change_nothing(app: App) -> None:
    vp = await office(app)
    await start(vp, "Nhắc cập nhật tiến độ", "Tất cả mọi người", "Hằng ngày")
    await vp.send("08:30")
    await vp.tap("Không khẩn")
    await vp.tap("Xác nhận")
    await vp.send("/nhacviec")
    await vp.tap("Nhắc cập nhật")
    await vp.tap("Xóa")
    await vp.tap("Xóa hẳn")

    for action in ("open", "pause", "resume", "delete", "deleteok"):
        for item in (1, 999):
            await vp.press(ReminderAct(item, ReminderChoice(action)).pack())
            assert "Không tìm thấy lịch nhắc này" in vp.text, (action, item)
    await vp.press("ra:1:explode")  # forged: no button carries it
    assert "Nút này đã hết hạn" in vp.text
    await vp.send("/nhacviec")
    assert "Lịch nhắc việc (0)" in vp.text


async def test_name_and_text_lengths_are_checked(app: App) -> None:
    vp = await office(app)
    await vp.send("/nhacviec")
    await vp.tap("Thêm lịch nhắc")
    await vp.send("ab")
    assert "ít nhất 3 ký tự" in vp.text and "tên" in vp.text
    await vp.send("Nhắc thử")
    limit = app.settings.broadcasts.max_text
    await vp.send("x" * (limit + 1))
    assert f"quá dài: {limit + 1} ký tự, tối đa {limit} ký tự" in vp.text
    await vp.send("x" * limit)
    assert "đối tượng" in vp.text


async def test_an_unknown_placeholder_in_a_reminder_is_refused_with_the_known_ones(
    app: App,
) -> None:
    vp = await office(app)
    await vp.send("/nhacviec")
    await vp.tap("Thêm lịch nhắc")
    await vp.send("Nhắc nộp báo cáo")
    await vp.send("Kính gửi {ho_ten}, {nguoi_gui} nhắc nộp báo cáo.")
    assert "chỗ trống bot không biết: {nguoi_gui}" in vp.text
    assert "{ho_ten}, {don_vi}" in vp.text  # the known ones, to choose from
    await vp.send(TEXT)
    assert "Chọn đối tượng nhận nhắc" in vp.text  # accepted: on to the audience
    await vp.tap("Tất cả mọi người")  # {ho_ten} and {don_vi} are filled for anyone


async def test_a_reminder_of_the_reports_deadline_goes_to_the_heads_that_have_not_sent(
    app: App,
) -> None:
    vp = await office(app)
    await vp.send("/nhacviec")
    await vp.tap("Thêm lịch nhắc")
    await vp.send("Nhắc nộp báo cáo")
    await vp.send("Kính gửi {ho_ten}: hạn nộp báo cáo {ky_bao_cao} là {han_nop}.")
    await vp.tap("Tất cả mọi người")
    assert "chỗ trống {ky_bao_cao}, {han_nop}" in vp.text
    await vp.tap("Thủ trưởng đơn vị chưa nộp báo cáo")
    assert "chỗ trống" not in vp.text and "Hằng ngày" in [b.label for b in vp.last.flat_buttons()]
