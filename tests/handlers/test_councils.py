"""``/hoidong`` through the router: the councils of ``[[councils]]`` and their rolls; the Office
seats members (unit → member → position), changes a position, unseats with a question; other
roles read or are refused, by command and by forged buttons."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.callbacks import CouncilChoice, CouncilMenu
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.councils import Position, seats_of
from models import AuditEntry
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.people import Person

COUNCILS = [
    {"code": "HDTDKT", "name": "Hội đồng Thi đua - Khen thưởng Sở", "kind": "emulation"},
    {"code": "HDSK", "name": "Hội đồng sáng kiến", "kind": "initiative"},
]
NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, councils=COUNCILS)


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def choose(person: Person, label: str) -> None:
    """Press the button labelled exactly ``label`` ("Chủ tịch" is in two labels)."""
    await person.press(next(b.data for b in person.last.flat_buttons() if b.label == label))


async def roll(app: App, code: str) -> list[tuple[str, Position]]:
    async with app.sessions() as session:
        return [(s.full_name, s.position) for s in await seats_of(session, code)]


async def test_the_office_seats_changes_and_unseats(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    await office.send("/hoidong")
    assert "• Hội đồng Thi đua - Khen thưởng Sở: 0 thành viên" in office.text
    assert "• Hội đồng sáng kiến: 0 thành viên" in office.text
    await office.tap("🏛 Hội đồng Thi đua")
    assert "Chưa có thành viên nào" in office.text
    for name, position in (("Nguyễn Văn An", "Chủ tịch Hội đồng"), ("Trần Thị Bình", "Ủy viên")):
        await office.tap("Thêm thành viên")
        assert "thuộc đơn vị nào" in office.text
        await office.tap("Phòng Công nghệ thông tin")
        await office.tap(name)
        assert "Chức danh trong Hội đồng" in office.text
        await choose(office, position)
        assert f"✅ Đã ghi nhận: {name} — {position}." in office.text
    assert await roll(app, "HDTDKT") == [
        ("Nguyễn Văn An", Position.CHAIR),
        ("Trần Thị Bình", Position.MEMBER),
    ]
    assert "1. Nguyễn Văn An — Chủ tịch Hội đồng" in office.text
    # Seating again changes the position; the roll keeps one seat per person.
    await office.tap("Thêm thành viên")
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("Trần Thị Bình")
    await choose(office, "Phó Chủ tịch Hội đồng")
    assert await roll(app, "HDTDKT") == [
        ("Nguyễn Văn An", Position.CHAIR),
        ("Trần Thị Bình", Position.VICE_CHAIR),
    ]
    await office.tap("Bỏ Trần Thị Bình")
    assert "Đồng chí chắc chắn muốn bỏ Trần Thị Bình khỏi Hội đồng Thi đua" in office.text
    await office.tap("Không, quay lại")
    assert len(await roll(app, "HDTDKT")) == 2
    await office.tap("Bỏ Trần Thị Bình")
    await office.tap("Bỏ Trần Thị Bình")
    assert "Đã bỏ thành viên khỏi Hội đồng" in office.text
    assert await roll(app, "HDTDKT") == [("Nguyễn Văn An", Position.CHAIR)]
    # The initiative council is another council, with its own roll.
    assert await roll(app, "HDSK") == []
    async with app.sessions() as session:
        actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-4:] == ["council.seat", "council.seat", "council.seat", "council.unseat"]


async def test_the_seat_dialog_goes_back_cancels_and_refuses_bad_answers(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await office.press(CouncilMenu(CouncilChoice.SEAT, "HDTDKT").pack())
    await office.tap("Phòng Công nghệ thông tin")
    await office.send("Không có ai")
    assert "Chọn cán bộ" in office.text  # asked again
    await office.send("/quaylai")
    assert "thuộc đơn vị nào" in office.text
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("Nguyễn Văn An")
    await office.send("/huy")
    assert "Danh sách thành viên Hội đồng giữ nguyên" in office.text
    assert await roll(app, "HDTDKT") == []
    # A forged council code opens nothing.
    await office.press(CouncilMenu(CouncilChoice.SEAT, "KHONG").pack())
    assert "Không có Hội đồng mã «KHONG»" in office.text


async def test_reviewers_read_the_rolls_and_lower_roles_are_refused(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await office.press(CouncilMenu(CouncilChoice.SEAT, "HDTDKT").pack())
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("Nguyễn Văn An")
    await office.tap("Ủy viên")
    an_id = (await app.services.members.find(Channel.CONSOLE, "an")).id  # type: ignore[union-attr]
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    lanh = await join(app, "lanh", "VP", Role.LEADER, "Hoàng Văn Lãnh")
    for reader in (hoi, lanh):
        await reader.send("/hoidong")
        await reader.tap("🏛 Hội đồng Thi đua")
        assert "1. Nguyễn Văn An — Ủy viên" in reader.text
        assert not any("Thêm" in label or "Bỏ" in label for label in labels(reader))
        for choice in (CouncilChoice.SEAT, CouncilChoice.UNSEAT, CouncilChoice.UNSEAT_NOW):
            await reader.press(CouncilMenu(choice, "HDTDKT", an_id).pack())
            assert NOT_ALLOWED in reader.text, choice
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    for outsider in (an, head):
        await outsider.send("/hoidong")
        assert NOT_ALLOWED in outsider.text
        for choice in CouncilChoice:
            await outsider.press(CouncilMenu(choice, "HDTDKT", an_id).pack())
            assert NOT_ALLOWED in outsider.text, choice
    assert await roll(app, "HDTDKT") == [("Nguyễn Văn An", Position.MEMBER)]
