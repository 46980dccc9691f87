"""``/canbo`` → "Ghi đối tượng": the Office records a member's staff category for the
statistics tables (no day asked), and can make it unknown again; unit heads are not offered it.

The clock reads Monday 2 March 2026, 09:00 in Hà Nội.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.roles import Role
from models import AuditEntry, Member
from tests.factories import join


async def _category(app: App, name: str) -> str | None:
    async with app.sessions() as session:
        return await session.scalar(select(Member.category).where(Member.full_name == name))


async def test_the_office_records_a_category_in_chat(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await office.send("/canbo")
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("Nguyễn Văn An")
    await office.tap("📊 Ghi đối tượng (biểu thống kê)")
    assert "Nguyễn Văn An · Cán bộ thuộc đối tượng nào" in office.text
    await office.tap("Người trực tiếp công tác, lao động")
    assert "Đã ghi đối tượng của Nguyễn Văn An: Người trực tiếp công tác, lao động." in (
        office.text
    )
    assert await _category(app, "Nguyễn Văn An") == "frontline"
    async with app.sessions() as session:
        audited = await session.scalar(
            select(AuditEntry.after).where(AuditEntry.action == "member.category")
        )
    assert audited == {"category": "frontline"}

    await office.send("/canbo")
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("Nguyễn Văn An")
    await office.tap("📊 Ghi đối tượng (biểu thống kê)")
    await office.tap("Chưa rõ")
    assert await _category(app, "Nguyễn Văn An") is None


async def test_a_unit_head_is_not_offered_the_category(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await head.send("/canbo")
    await head.tap("Nguyễn Văn An")
    labels = [b.label for b in head.last.flat_buttons()]
    assert not any("đối tượng" in label for label in labels)
