"""``/donvi`` and ``/canbo`` in chat: the Office records a unit's change, a unit head moves or
records the leaving of their own staff, and nobody reaches further by role or forged buttons.

The clock reads Monday 2 March 2026, 09:00 in Hà Nội.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.callbacks import DialogChoice, unpack
from bot.roles import Role
from models import Delivery, Member, Unit
from tests.factories import join


async def unit_name(app: App, code: str) -> str:
    async with app.sessions() as session:
        return str(await session.scalar(select(Unit.name).where(Unit.code == code)))


async def member(app: App, name: str) -> Member:
    async with app.sessions() as session:
        return (await session.scalars(select(Member).where(Member.full_name == name))).one()


async def test_the_office_renames_a_unit_in_chat_with_its_day(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/donvi")
    await office.tap("Đổi tên")
    await office.tap("Phòng Công nghệ thông tin")
    await office.send("Phòng Khoa học, Công nghệ và Chuyển đổi số")
    await office.send("01/04/2026")
    assert "chưa đến" in office.text  # asked again, nothing lost
    await office.send("01/03/2026")
    await office.send("Quyết định số 12/QĐ-SKHCN")
    assert "Đổi tên Phòng Công nghệ thông tin thành" in office.text
    await office.tap("Xác nhận")
    assert "Đã ghi thay đổi số 1" in office.text
    assert await unit_name(app, "CNTT") == "Phòng Khoa học, Công nghệ và Chuyển đổi số"


async def test_the_office_merges_a_unit_into_another_and_its_members_follow(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "chi", "VHTT-VY", Role.STAFF, "Vũ Thị Chi")
    await office.send("/donvi")
    await office.tap("Sáp nhập")
    await office.tap("Vĩnh Yên")
    await office.send("/quaylai")
    await office.tap("Vĩnh Yên")
    await office.tap("Phòng Công nghệ thông tin")
    await office.send("1/7/2025")
    await office.send("Nghị quyết sắp xếp đơn vị hành chính")
    await office.tap("Xác nhận")
    assert "Cán bộ chuyển đơn vị: 1" in office.text
    moved = await member(app, "Vũ Thị Chi")
    async with app.sessions() as session:
        cntt = await session.scalar(select(Unit.id).where(Unit.code == "CNTT"))
    assert moved.unit_id == cntt


async def test_a_unit_head_moves_and_retires_only_their_own_staff(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "pho", "CNTT", Role.UNIT_HEAD, "Đỗ Văn Phó")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    await join(app, "chi", "VHTT-VY", Role.STAFF, "Vũ Thị Chi")
    await head.send("/canbo")
    labels = [b.label for b in head.last.flat_buttons()]
    assert any("Nguyễn Văn An" in label for label in labels)
    assert not any("Phó" in label or "Chi" in label for label in labels)
    # A forged press naming a member of another unit is not one of the choices.
    real = unpack(head.last.flat_buttons()[0].data)
    assert isinstance(real, DialogChoice)
    other = (await member(app, "Vũ Thị Chi")).id
    await head.press(DialogChoice(real.nonce, real.step, str(other)).pack())
    assert "Nút này thuộc một bước cũ" in head.text
    await head.tap("Nguyễn Văn An")
    assert not any("vai trò" in b.label for b in head.last.flat_buttons())
    await head.tap("Ghi nghỉ")
    await head.tap("Nghỉ hưu")
    await head.send("01/03/2026")
    await head.tap("Xác nhận")
    assert "Đã ghi Nguyễn Văn An nghỉ" in head.text
    gone = await member(app, "Nguyễn Văn An")
    assert (gone.active, gone.left_reason) == (False, "retired")
    await head.send("/canbo")
    await head.tap("Trần Thị Bình")
    await head.tap("Điều chuyển")
    await head.tap("Vĩnh Yên")
    await head.send("02/03/2026")
    await head.tap("Xác nhận")
    assert "Đã điều chuyển Trần Thị Bình" in head.text
    # Bình is told where she works now; An, who left, was told nothing.
    async with app.sessions() as session:
        told = (
            await session.execute(
                select(Member.full_name, Delivery.payload).join(
                    Member, Member.id == Delivery.member_id
                )
            )
        ).all()
    assert [name for name, payload in told if "công tác tại" in payload["text"]] == [
        "Trần Thị Bình"
    ]


async def test_lower_roles_are_refused(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await head.send("/canbo")
    assert "chưa có cán bộ nào khác" in head.text
    staff = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    for person, command in ((staff, "/donvi"), (staff, "/canbo"), (head, "/donvi")):
        await person.send(command)
        assert "không được dùng chức năng này" in person.text


async def test_cancelling_changes_nothing(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/canbo")
    assert "chưa có cán bộ nào khác" in office.text
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await office.send("/donvi")
    await office.tap("Giải thể")
    await office.tap("Phòng Công nghệ thông tin")
    await office.send("/huy")
    assert "Đã hủy, chưa thay đổi gì" in office.text
    await office.send("/canbo")
    await office.send("/huy")
    assert "Đã hủy, chưa thay đổi gì" in office.text
    async with app.sessions() as session:
        assert await session.scalar(select(Unit.active).where(Unit.code == "CNTT")) is True
