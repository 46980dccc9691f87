"""``/donvi`` makes units: a merge into a new unit, and a split whose every working member is
placed in one of its units, with /quaylai, a restart, bad input and forged buttons on the way.

The clock reads Monday 2 March 2026, 09:00 in Hà Nội.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App, open_app
from bot.callbacks import DialogChoice, unpack
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from models import DialogState, Member, Unit
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

KHCN = "Phòng Khoa học và Công nghệ"


async def unit_of(app: App, name: str) -> str:
    async with app.sessions() as session:
        found = await session.scalar(
            select(Unit.code)
            .join(Member, Member.unit_id == Unit.id)
            .where(Member.full_name == name)
        )
        return str(found)


async def unit_row(app: App, code: str) -> Unit | None:
    async with app.sessions() as session:
        return await session.scalar(select(Unit).where(Unit.code == code))


def forged(person: Person, value: str) -> str:
    real = unpack(person.last.flat_buttons()[0].data)
    assert isinstance(real, DialogChoice)
    return DialogChoice(real.nonce, real.step, value).pack()


async def test_the_office_merges_two_units_into_a_new_one(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "chi", "VHTT-VY", Role.STAFF, "Vũ Thị Chi")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await office.send("/donvi")
    await office.tap("Sáp nhập")
    await office.tap("Vĩnh Yên")
    await office.tap("Thêm đơn vị cùng sáp nhập")
    assert not any("Vĩnh Yên" in b.label for b in office.last.flat_buttons())
    await office.press(forged(office, "VHTT-VY"))  # the unit already merged
    assert "Nút này thuộc một bước cũ" in office.text
    await office.tap("Phòng Công nghệ thông tin")
    assert "Vĩnh Yên; Phòng Công nghệ thông tin sáp nhập vào đơn vị nào" in office.text
    await office.tap("Đơn vị mới")
    await office.send("VH XH")
    assert "không có khoảng trắng" in office.text  # asked again
    await office.send("CNTT")
    assert "Mã CNTT đã có đơn vị dùng" in office.text
    await office.send("VHXH-VY")
    await office.tap("Phòng Văn hóa - Xã hội cấp xã")
    await office.send("/quaylai")
    await office.tap("UBND xã")
    await office.send("/quaylai")
    await office.tap("Phòng Văn hóa - Xã hội cấp xã")
    await office.send("Phòng Văn hóa - Xã hội phường Vĩnh Yên")
    await office.send("01/07/2025")
    await office.send("Nghị quyết sắp xếp đơn vị hành chính")
    assert "vào đơn vị mới Phòng Văn hóa - Xã hội phường Vĩnh Yên (mã VHXH-VY" in office.text
    await office.tap("Xác nhận")
    assert "Cán bộ chuyển đơn vị: 2" in office.text
    new = await unit_row(app, "VHXH-VY")
    assert new is not None and (new.kind, new.active) == ("commune_office", True)
    old = await unit_row(app, "VHTT-VY")
    assert old is not None and not old.active
    assert await unit_of(app, "Vũ Thị Chi") == "VHXH-VY"
    assert await unit_of(app, "Nguyễn Văn An") == "VHXH-VY"


async def start_split(office: Person) -> None:
    await office.send("/donvi")
    await office.tap("Chia tách")
    await office.tap("Phòng Công nghệ thông tin")
    assert not any("Đủ đơn vị" in b.label for b in office.last.flat_buttons())
    await office.tap("Vĩnh Yên")
    await office.tap("Đơn vị mới")
    await office.send("VHTT-VY")  # already chosen, and taken anyway
    assert "đã có đơn vị dùng" in office.text
    await office.send("KHCN")
    await office.tap("Phòng chuyên môn")
    await office.send(KHCN)
    assert "Đã chọn: Phòng Văn hóa và Thông tin thành phố Vĩnh Yên; " + KHCN in office.text
    await office.tap("Đủ đơn vị")


async def test_the_office_splits_a_unit_placing_every_member(
    app: App, settings: Settings, clock: FakeClock
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    for user, name in (("an", "Nguyễn Văn An"), ("binh", "Trần Thị Bình"), ("cuc", "Lê Thị Cúc")):
        await join(app, user, "CNTT", Role.STAFF, name)
    chi = await join(app, "chi", "VHTT-VY", Role.STAFF, "Vũ Thị Chi")
    del chi
    await start_split(office)
    assert "(0/3 người đã xếp)" in office.text and "Đồng chí Lê Thị Cúc" in office.text
    # A member of another unit, or a unit the split does not name, is no button of this step.
    async with app.sessions() as session:
        other = await session.scalar(select(Member.id).where(Member.full_name == "Vũ Thị Chi"))
    for value in (f"one.{other}.KHCN", "all.VP"):
        await office.press(forged(office, value))
        assert "Nút này thuộc một bước cũ" in office.text
    await office.send("Phòng Tài chính")  # words that name no button
    assert "(0/3 người đã xếp)" in office.text
    await office.tap(f"➡️ {KHCN}")
    assert "(1/3 người đã xếp)" in office.text and "Đồng chí Nguyễn Văn An" in office.text
    await office.tap("Xếp lại người vừa xếp")
    assert "(0/3 người đã xếp)" in office.text and "Đồng chí Lê Thị Cúc" in office.text
    await office.tap("➡️ Phòng Văn hóa")
    await office.send("/quaylai")  # back to the step before: the same member, still placed
    assert "(1/3 người đã xếp)" in office.text
    await office.tap("Xếp lại từ đầu")
    assert "(0/3 người đã xếp)" in office.text
    await office.tap(f"➡️ {KHCN}")
    await app.close()
    reopened = await open_app(settings, clock=clock, run_migrations=False)
    try:
        again = Person(reopened.router, "vp")
        await again.send("xin chào")  # not a button: the step is asked again, nothing lost
        assert "(1/3 người đã xếp)" in again.text
        await again.tap("Cả 2 người còn lại → Phòng Văn hóa")
        await again.send("01/03/2026")
        await again.send("Quyết định số 15/QĐ-SKHCN")
        assert f"{KHCN} (đơn vị mới, mã KHCN): 1 cán bộ" in again.text
        assert "Thành phố Vĩnh Yên: 2 cán bộ".casefold() in again.text.casefold()
        await again.tap("Xác nhận")
        assert "Cán bộ chuyển đơn vị: 3" in again.text
        assert await unit_of(reopened, "Lê Thị Cúc") == "KHCN"
        assert await unit_of(reopened, "Trần Thị Bình") == "VHTT-VY"
        old = await unit_row(reopened, "CNTT")
        assert old is not None and not old.active
    finally:
        await reopened.close()


async def test_a_member_left_unplaced_cannot_confirm(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await start_split(office)
    await office.tap("Cả 1 người còn lại → Phòng Khoa học")
    await office.send("01/03/2026")
    await office.send("Quyết định số 15/QĐ-SKHCN")
    await join(app, "dung", "CNTT", Role.STAFF, "Phạm Văn Dũng")  # joined meanwhile
    await office.tap("Xác nhận")
    assert "Còn 1 cán bộ của đơn vị chưa được xếp" in office.text
    assert await unit_of(app, "Nguyễn Văn An") == "CNTT"
    assert await unit_row(app, "KHCN") is None
    for _step in ("reason", "day", "place"):
        await office.send("/quaylai")
    assert "(1/2 người đã xếp)" in office.text and "Đồng chí Phạm Văn Dũng" in office.text
    await office.tap("➡️ Phòng Văn hóa")
    await office.send("01/03/2026")
    await office.send("Quyết định số 15/QĐ-SKHCN")
    await office.tap("Xác nhận")
    assert "Cán bộ chuyển đơn vị: 2" in office.text
    assert await unit_of(app, "Phạm Văn Dũng") == "VHTT-VY"


async def test_cancelling_a_split_changes_nothing(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await start_split(office)
    await office.send("/huy")
    assert "Đã hủy, chưa thay đổi gì" in office.text
    assert await unit_row(app, "KHCN") is None
    assert await unit_of(app, "Nguyễn Văn An") == "CNTT"


async def test_a_merge_left_half_way_before_the_update_resumes_at_its_step(
    app: App, settings: Settings, clock: FakeClock
) -> None:
    await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    now = app.clock.now()
    old = {
        "action": "merge",
        "action_name": "🔗 Sáp nhập vào đơn vị khác",
        "unit": "VHTT-VY",
        "unit_name": "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
        "into": "CNTT",
        "into_name": "Phòng Công nghệ thông tin",
    }
    async with app.sessions.begin() as session:
        session.add(
            DialogState(
                channel=Channel.CONSOLE.value,
                chat_id="vp",
                user_id="vp",
                dialog="unit_change",
                step=4,  # the day, before the split's steps were added
                nonce="old1",
                data=old,
                trail=[0, 1, 3],
                prefilled=[],
                updated_at=now,
                expires_at=now + timedelta(days=30),
            )
        )
    await app.close()
    reopened = await open_app(settings, clock=clock, run_migrations=False)
    try:
        again = Person(reopened.router, "vp")
        await again.send("01/03/2026")
        assert "vừa được cập nhật" in again.text and "Ngày có hiệu lực" in again.text
        await again.send("01/03/2026")
        await again.send("Quyết định số 15/QĐ-SKHCN")
        assert (
            "Sáp nhập Phòng Văn hóa và Thông tin thành phố Vĩnh Yên vào Phòng Công nghệ"
            in again.text
        )
        await again.tap("Xác nhận")
        assert "Đã ghi thay đổi số 1" in again.text
    finally:
        await reopened.close()


async def test_another_person_cannot_press_the_office_s_buttons(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await start_split(office)
    for person in (an, head):
        await person.press(office.last.flat_buttons()[-1].data)  # "all remaining → KHCN"
        assert "Nút này đã hết hạn" in person.text
    await office.send("/quaylai")  # the office's dialog is where it was
    assert "Đã chọn: Phòng Văn hóa và Thông tin thành phố Vĩnh Yên; " + KHCN in office.text
    assert await unit_row(app, "KHCN") is None
