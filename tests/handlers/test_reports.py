"""/baocao through the router: opening a period, submitting, the table, review, reminders."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.callbacks import PeriodChoice, ReportAct, ReportChoice, ReportMenu
from bot.roles import Role
from models import Delivery
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

SUMMARY = "Đơn vị hoàn thành toàn bộ chỉ tiêu thi đua năm 2026."
RESULTS = "Số hóa 100% hồ sơ; 3 sáng kiến được công nhận."


async def open_period(office: Person) -> None:
    await office.send("/baocao")
    assert "chưa có kỳ báo cáo" in office.text
    await office.tap("Mở kỳ báo cáo")
    await office.send("Báo cáo kết quả thi đua năm 2026")
    await office.send("31/02/2026")
    assert "ngày" in office.text  # not a date: asked again
    await office.send("1/3/2026")  # yesterday: refused when typed, naming today
    assert "Hạn nộp 01/03/2026 đã qua: hôm nay là 02/03/2026" in office.text
    await office.send("05/03/2026")
    assert "Đã mở kỳ báo cáo «Báo cáo kết quả thi đua năm 2026»" in office.text
    assert "05/03/2026" in office.text


def doubled(texts: list[str]) -> list[str]:
    """The texts that name a period "Báo cáo Báo cáo …" (its name starts with "Báo cáo")."""
    return [t for t in texts if "báo cáo báo cáo" in t.casefold()]


async def submit(head: Person, *, attach: Path | None = None) -> None:
    await head.send("/baocao")
    await head.tap("Nộp báo cáo")
    assert "kỳ «Báo cáo kết quả thi đua năm 2026»" in head.text
    await head.send("ngắn")
    assert "10" in head.text  # too short: asked again
    await head.send(SUMMARY)
    await head.send(RESULTS)
    if attach is None:
        await head.tap("Không đính kèm")
    else:
        await head.tap("Đính kèm tệp")
        await head.send_file(attach, "application/pdf")
    assert SUMMARY in head.text and RESULTS in head.text
    await head.tap("Xác nhận")


async def deliveries_to(app: App, chat: str) -> list[str]:
    async with app.sessions.begin() as session:
        rows = await session.scalars(select(Delivery.payload).where(Delivery.chat_id == chat))
        return [str(p["text"]) for p in rows]


async def test_the_whole_journey(app: App, clock: FakeClock, tmp_path: Path) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    other = await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await head.send("/baocao")
    assert "chưa có kỳ báo cáo nào đang mở" in head.text
    await open_period(office)

    report_file = tmp_path / "bao-cao.pdf"
    report_file.write_bytes(b"%PDF-1.4")
    await submit(head, attach=report_file)
    assert "Đã nộp báo cáo" in head.text and "sau hạn" not in head.text
    await head.send("/baocao")
    assert "đã nộp, chờ Văn phòng Sở xem xét" in head.text
    assert "bao-cao.pdf" in head.text
    assert not head.last.flat_buttons()  # nothing to submit again

    clock.advance(days=4)  # past the deadline
    await submit(other)
    assert "sau hạn" in other.text

    await office.send("/baocao")
    assert "Đã nộp 2/3 đơn vị (nộp muộn 1" in office.text
    assert "Văn phòng Sở — chưa nộp" in office.text
    assert "Phòng Công nghệ thông tin — đã nộp" in office.text
    await office.tap("CNTT")
    assert SUMMARY in office.text and "Trần Thị Trưởng" in office.text
    stale_accept = next(b.data for b in office.last.flat_buttons() if "Tiếp nhận" in b.label)
    file_button = next(b.data for b in office.last.flat_buttons() if "bao-cao.pdf" in b.label)
    await office.press(file_button)
    assert office.last.document is not None
    assert office.last.document.file_id == str(report_file)
    await office.send("/baocao")
    await office.tap("CNTT")
    await office.tap("Trả lại")
    await office.send("Thiếu số liệu quý IV")
    assert "Đã trả lại báo cáo" in office.text
    assert "Thiếu số liệu quý IV" in office.text
    await office.press(stale_accept)
    assert "đã được xử lý" in office.text
    notices = await deliveries_to(app, "cntt")
    assert any("được trả lại" in n and "Thiếu số liệu quý IV" in n for n in notices)

    await head.send("/baocao")
    assert "Lý do trả lại: Thiếu số liệu quý IV" in head.text
    await submit(head)
    assert "sau hạn" not in head.text  # lateness is fixed at the first submission

    await office.press(file_button)  # the file went with the content it belonged to
    assert "không còn trong báo cáo" in office.text
    await office.send("/baocao")
    await office.tap("CNTT")
    await office.tap("Tiếp nhận")
    assert "Đã tiếp nhận báo cáo" in office.text
    assert "đã được Văn phòng Sở tiếp nhận" in office.text
    assert any("đã tiếp nhận" in n for n in await deliveries_to(app, "cntt"))
    everything = [r.text for p in (office, head, other) for r in p.replies]
    assert doubled([*everything, *await deliveries_to(app, "cntt")]) == []


async def test_reminding_the_units_that_have_not_sent(app: App, clock: FakeClock) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await open_period(office)
    await submit(head)
    await office.send("/baocao")
    await office.tap("Nhắc đơn vị chưa nộp")
    assert "Đã gửi 1 lời nhắc" in office.text
    assert any("chưa nộp báo cáo" in n for n in await deliveries_to(app, "vy"))
    assert not any("chưa nộp báo cáo" in n for n in await deliveries_to(app, "cntt"))
    await office.send("/baocao")
    await office.tap("Nhắc đơn vị chưa nộp")
    assert "hãy đợi thêm" in office.text


async def test_roles_and_forged_buttons(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    other = await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    staff = await join(app, "nv", "CNTT", Role.STAFF, "Nguyễn Văn Viên")
    await open_period(office)
    await submit(head)
    await staff.send("/baocao")
    assert "không được dùng" in staff.text
    for person in (staff, head):
        await person.press(ReportAct(1, 1, ReportChoice.ACCEPT).pack())
        assert "không được dùng" in person.text
        await person.press(ReportMenu(1, PeriodChoice.REMIND).pack())
        assert "không được dùng" in person.text
    await other.press(ReportAct(1, 0, ReportChoice.OPEN).pack())
    assert "không có quyền xem" in other.text
    await staff.press(ReportMenu(1, PeriodChoice.SUBMIT).pack())
    assert "không được dùng" in staff.text
    await office.press(ReportAct(99, 1, ReportChoice.ACCEPT).pack())
    assert "Không tìm thấy báo cáo" in office.text


async def test_a_colleague_submitting_first_closes_the_dialog(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    first = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    second = await join(app, "cntt2", "CNTT", Role.UNIT_HEAD, "Đỗ Văn Phó")
    await open_period(office)
    await second.send("/baocao")
    await second.tap("Nộp báo cáo")
    await second.send(SUMMARY)
    await second.send(RESULTS)
    await second.tap("Không đính kèm")
    await submit(first)
    await second.tap("Xác nhận")
    assert "Đơn vị đã nộp báo cáo kỳ này" in second.text
    await second.send("/baocao")
    assert "Trần Thị Trưởng" in second.text  # out of the dialog: the unit's report
