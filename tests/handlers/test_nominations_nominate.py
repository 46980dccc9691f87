"""/decu through the router: a member of the unit, a person by name for a thematic award,
who may nominate, and a duplicate refused when the award is chosen (and, if one was sent
meanwhile, at the end without losing the draft)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.callbacks import NominationFile, NominationOpen
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from tests.conftest import make_settings
from tests.factories import join, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.initiative_recognition import recognise
from tests.services.nominations_seed import AWARDS


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with an award catalogue."""
    settings = make_settings(database_url, awards=AWARDS)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def nominate_an(head: Person) -> None:
    """Nominate Nguyễn Văn An for Chiến sĩ thi đua cơ sở, up to the preview."""
    await head.send("/decu")
    assert "Chọn loại khen thưởng" in head.text
    await head.tap("hằng năm")
    # On 2 March last year's dossiers are still collected: 2025 is proposed first.
    assert [b.label for b in head.last.flat_buttons()] == [
        "Thành tích năm 2025",
        "Thành tích năm 2026",
    ]
    await head.tap("năm 2026")
    await head.tap("cán bộ của đơn vị")
    await head.tap("Nguyễn Văn An")
    assert "Đạt Lao động tiên tiến" in head.text  # the eligibility note is shown
    await head.tap("Chiến sĩ thi đua")
    await head.send("Hoàn thành xuất sắc nhiệm vụ năm 2026.")
    assert "chưa chọn sáng kiến nào" in head.text
    await head.tap("Tiếp tục")
    assert "minh chứng" in head.text  # evidence files come next
    await head.tap("Xem lại và nộp")


async def test_a_unit_head_nominates_a_member(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await nominate_an(head)
    assert "Xem lại hồ sơ" in head.text
    assert "Phòng Công nghệ thông tin" in head.text and "Hoàn thành xuất sắc" in head.text
    await head.tap("Xác nhận")
    assert "DC-2026-0001" in head.text and "Nguyễn Văn An" in head.text
    page = await app.services.nominations.mine(await _member(app, "truong"), 0, 10)
    assert [(i.nominee_name, i.state) for i in page.items] == [
        ("Nguyễn Văn An", NominationState.SUBMITTED)
    ]


async def test_the_office_nominates_a_person_for_a_thematic_award(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/decu")
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("chuyên đề")
    await office.tap("năm 2025")
    await office.tap("Thi đua thực hiện chuyển đổi số quốc gia")
    await office.tap("chưa tham gia bot")
    await office.send("Bùi Văn Dũng")
    assert [b.label for b in office.last.flat_buttons()] == ["Giấy khen của Giám đốc Sở"]
    await office.tap("Giấy khen")
    await office.send("Có nhiều đóng góp cho chuyển đổi số của tỉnh.")
    await office.tap("Tiếp tục")
    await office.tap("Xem lại và nộp")
    assert "Bùi Văn Dũng" in office.text and "chuyển đổi số quốc gia" in office.text
    assert "Năm thành tích: 2025" in office.text
    await office.tap("Xác nhận")
    assert "DC-2026-0001" in office.text  # numbered by the year it was filed
    view = await app.services.nominations.view(await _member(app, "vp"), 1)
    assert (view.unit, view.movement, view.nominee_name, view.year) == (
        "Phòng Công nghệ thông tin",
        "Thi đua thực hiện chuyển đổi số quốc gia",
        "Bùi Văn Dũng",
        2025,
    )


async def test_a_duplicate_is_refused_as_soon_as_the_award_is_chosen(app: App) -> None:
    staff = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await staff.send("/decu")
    assert "không được dùng" in staff.text
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await nominate_an(head)
    await head.tap("Xác nhận")
    await head.send("/decu")
    await head.tap("hằng năm")
    await head.tap("năm 2026")
    await head.tap("cán bộ của đơn vị")
    await head.tap("Nguyễn Văn An")
    await head.tap("Chiến sĩ thi đua")
    assert "Nguyễn Văn An" in head.text and "«Chiến sĩ thi đua cơ sở»" in head.text
    assert "DC-2026-0001 (Đã nộp)" in head.text
    assert (
        "Chọn danh hiệu thi đua hoặc hình thức khen thưởng" in head.text
    )  # asked again, before any summary
    await head.tap("Giấy khen")  # another award for the same person is fine
    assert "Tóm tắt thành tích" in head.text
    await head.send("/huy")
    # The same award for last year's achievements is another nomination.
    await head.send("/decu")
    await head.tap("hằng năm")
    await head.tap("năm 2025")
    await head.tap("cán bộ của đơn vị")
    await head.tap("Nguyễn Văn An")
    await head.tap("Chiến sĩ thi đua")
    assert "Tóm tắt thành tích" in head.text


async def test_a_duplicate_sent_meanwhile_is_still_refused_at_the_end(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    deputy = await join(app, "pho", "CNTT", Role.UNIT_HEAD, "Đỗ Văn Phó")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await nominate_an(head)
    await nominate_an(deputy)
    await deputy.tap("Xác nhận")
    await head.tap("Xác nhận")
    assert "đã có hồ sơ đề nghị" in head.text and "DC-2026-0001" in head.text
    await head.send("/huy")
    assert "Đã hủy hồ sơ đề nghị" in head.text


async def _member(app: App, user: str) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, user)
    assert found is not None
    return found


async def test_a_recognised_initiative_and_a_file_back_the_nomination(
    app: App, tmp_path: Path
) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    an, vp = await _member(app, "an"), await _member(app, "vp")
    assert office.user_id == "vp"
    item = await app.services.initiatives.submit(an, make_proposal())
    await recognise(app, vp, item.id)
    await head.send("/decu")
    await head.tap("hằng năm")
    await head.tap("năm 2026")
    await head.tap("cán bộ của đơn vị")
    await head.tap("Nguyễn Văn An")
    await head.tap("Chiến sĩ thi đua")
    await head.send("Hoàn thành xuất sắc nhiệm vụ năm 2026.")
    await head.tap(item.code)
    assert item.code in head.text and [b.label for b in head.last.flat_buttons()] == ["➡️ Tiếp tục"]
    await head.tap("Tiếp tục")
    await head.tap("Đính kèm tệp")
    evidence = tmp_path / "bang-diem.pdf"
    evidence.write_bytes(b"%PDF minh chung")
    await head.send_file(evidence, "application/pdf")
    assert "bang-diem.pdf" in head.text
    await head.tap("Xem lại và nộp")
    assert f"{item.code} — Số hóa hồ sơ thi đua" in head.text
    assert "Tệp minh chứng: bang-diem.pdf" in head.text
    await head.tap("Xác nhận")
    view = await app.services.nominations.view(vp, 1)
    assert [c.code for c in view.initiatives] == [item.code]
    assert [(f.name, f.channel) for f in view.files] == [("bang-diem.pdf", "console")]
    await office.press(NominationOpen(view.id).pack())
    assert "Tệp minh chứng (1): bang-diem.pdf" in office.text
    await office.tap("bang-diem.pdf")
    sent = office.last.document
    assert sent is not None and sent.file_id == str(evidence)
    await office.press(NominationFile(view.id, 999_999).pack())  # forged: no such file
    assert office.last.document is None
