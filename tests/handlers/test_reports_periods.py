"""/baocao's periods through the router: the Office edits a period (prefilled), closes it and
deletes it while nothing was sent, each decisive step asking "Đồng chí chắc chắn …?" first."""

from __future__ import annotations

from bot.app import App
from bot.callbacks import PeriodChoice, ReportMenu
from bot.roles import Role
from tests.factories import join
from tests.fakes.people import Person
from tests.handlers.test_reports import RESULTS, SUMMARY, deliveries_to, open_period, submit

NAME = "Báo cáo kết quả thi đua năm 2026"


async def _office_and_heads(app: App) -> tuple[Person, Person, Person]:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    other = await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await open_period(office)
    return office, head, other


def _labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def test_closing_asks_first_then_stops_submissions_and_tells_the_missing(
    app: App,
) -> None:
    office, head, other = await _office_and_heads(app)
    await submit(head)
    await other.send("/viecchoxuly")
    assert "Gửi báo cáo của đơn vị" in other.text
    submit_button = ReportMenu(1, PeriodChoice.SUBMIT).pack()

    await office.send("/baocao")
    await office.tap("Đóng kỳ báo cáo")
    assert f"Đồng chí chắc chắn muốn đóng kỳ báo cáo «{NAME}»?" in office.text
    assert "hiện còn 2 đơn vị chưa nộp" in office.text
    assert "Sẽ báo cho: thủ trưởng 2 đơn vị chưa nộp báo cáo." in office.text
    await office.tap("Không, quay lại")  # nothing happened: the table, still open
    assert "Kỳ báo cáo đã đóng" not in office.text and "🔒 Đóng kỳ báo cáo" in _labels(office)

    await office.tap("Đóng kỳ báo cáo")
    yes = next(b.data for b in office.last.flat_buttons() if "Đóng kỳ" in b.label)
    await office.press(yes)
    assert f"Đã đóng kỳ báo cáo «{NAME}»." in office.text
    assert "Đã gửi thông báo tới 1 Thủ trưởng đơn vị." in office.text
    assert "🔒 Kỳ báo cáo đã đóng: không nhận thêm báo cáo." in office.text
    assert not any("Đóng kỳ" in label or "Nhắc" in label for label in _labels(office))
    await office.press(yes)  # pressed again: nothing more happens
    assert "Kỳ báo cáo này đã đóng" in office.text
    told = [n for n in await deliveries_to(app, "vy") if "đã đóng" in n]
    assert told == [
        f"🔒 Kỳ báo cáo «{NAME}» đã đóng: đơn vị của đồng chí chưa nộp báo cáo kỳ này và không "
        "nộp được nữa. Nếu cần, xin liên hệ Văn phòng Sở."
    ]
    assert not any("đã đóng" in n for n in await deliveries_to(app, "cntt"))

    await other.send("/baocao")
    assert "chưa có kỳ báo cáo nào đang mở" in other.text
    await other.press(submit_button)  # the button of the open period, pressed late
    assert "Kỳ báo cáo này đã đóng, không nhận báo cáo nữa." in other.text
    await other.send("/viecchoxuly")
    assert "Gửi báo cáo của đơn vị" not in other.text

    await office.send("/baocao")
    await office.tap("Các kỳ báo cáo")
    assert f"«{NAME}» — hạn nộp hết ngày 05/03/2026 — 🔒 đã đóng" in office.text
    await office.tap(NAME)
    assert "Đã nộp 1/3 đơn vị" in office.text and "Kỳ báo cáo đã đóng" in office.text
    await office.tap("CNTT")
    await office.tap("Trả lại")  # the unit could not send it again
    assert "Kỳ báo cáo này đã đóng" in office.text
    await office.tap("Tiếp nhận")  # what was sent is still reviewed
    assert "Đã tiếp nhận báo cáo" in office.text


async def test_a_period_is_deleted_only_while_no_unit_has_sent(app: App) -> None:
    office, head, _ = await _office_and_heads(app)
    await office.send("/baocao")
    await office.tap("Xóa kỳ báo cáo")
    assert f"Đồng chí chắc chắn muốn xóa kỳ báo cáo «{NAME}»?" in office.text
    assert "Sẽ báo cho: thủ trưởng 3 đơn vị chưa nộp báo cáo." in office.text
    yes = next(b.data for b in office.last.flat_buttons() if "Xóa kỳ" in b.label)
    await submit(head)  # a unit sends while the Office reads the question
    await office.press(yes)
    assert "đã có 1 đơn vị nộp báo cáo nên không xóa được" in office.text
    assert not any("Xóa kỳ" in label for label in _labels(office))

    await office.tap("Mở kỳ báo cáo")
    await office.send("Kỳ báo cáo nhầm")
    await office.send("31/03/2026")
    await office.tap("Tình hình nộp báo cáo")
    await office.tap("Xóa kỳ báo cáo")
    await office.tap("Xóa kỳ báo cáo")
    assert "Đã xóa kỳ báo cáo «Kỳ báo cáo nhầm»." in office.text
    assert "Đã gửi thông báo tới 2 Thủ trưởng đơn vị." in office.text
    assert any("đã hủy kỳ báo cáo «Kỳ báo cáo nhầm»" in n for n in await deliveries_to(app, "vy"))
    await office.tap("Các kỳ báo cáo")
    assert "Kỳ báo cáo nhầm" not in office.text and NAME in office.text
    await head.send("/baocao")  # the unit sees the period it sent to again
    assert NAME in head.text and SUMMARY in head.text and RESULTS in head.text


async def test_editing_a_period_starts_from_its_name_and_deadline(app: App) -> None:
    office, head, _ = await _office_and_heads(app)
    await office.send("/baocao")
    await office.tap("Sửa kỳ báo cáo")
    assert f"Tên kỳ: «{NAME}»" in office.text and "Hạn nộp: hết ngày 05/03/2026" in office.text
    await office.tap("Đổi tên kỳ")
    assert f"Giá trị hiện tại: {NAME}" in office.text
    await office.send("Báo cáo thi đua quý I/2026")
    assert "Tên kỳ: «Báo cáo thi đua quý I/2026»" in office.text
    await office.tap("Đổi hạn nộp")
    assert "Hạn nộp hiện tại: hết ngày 05/03/2026" in office.text
    await office.send("28/2/2026")
    assert "Hạn nộp 28/02/2026 đã qua: hôm nay là 02/03/2026" in office.text
    await office.send("20/03/2026")
    assert "Hạn nộp: hết ngày 20/03/2026" in office.text
    await office.tap("Lưu thay đổi")
    assert "Đã lưu kỳ báo cáo «Báo cáo thi đua quý I/2026», hạn nộp hết ngày 20/03/2026." in (
        office.text
    )
    assert "Đã gửi thông báo tới 2 Thủ trưởng đơn vị." in office.text
    assert any("đã đổi thành hết ngày 20/03/2026" in n for n in await deliveries_to(app, "cntt"))
    await head.send("/baocao")
    assert "Báo cáo thi đua quý I/2026" in head.text and "20/03/2026" in head.text


async def test_only_the_office_changes_periods(app: App) -> None:
    office, head, _ = await _office_and_heads(app)
    staff = await join(app, "nv", "CNTT", Role.STAFF, "Nguyễn Văn Viên")
    for person in (head, staff):
        for action in (PeriodChoice.EDIT, PeriodChoice.CLOSE_NOW, PeriodChoice.DELETE_NOW):
            await person.press(ReportMenu(1, action).pack())
            assert "không được dùng" in person.text
    await office.press(ReportMenu(99, PeriodChoice.DELETE_NOW).pack())
    assert "Không tìm thấy kỳ báo cáo này." in office.text
    await head.send("/baocao")
    assert NAME in head.text  # still open, still there
