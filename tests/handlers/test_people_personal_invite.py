"""A personal invite from the staff list import, used in chat: the person's account joins the
member the Office imported instead of registering a second one."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.roles import Role
from bot.services.people import StaffRow
from models import ChannelAccount, Member
from tests.factories import finish_registration, make_member
from tests.fakes.people import Person


async def test_a_personal_invite_links_the_account_to_the_imported_member(app: App) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    row = StaffRow(2, "CNTT", "Nguyễn Thị Lan", "Kế toán")
    made = (await app.services.staff_import.apply(office, [row])).invites[0]
    lan = Person(app.router, "lan")
    await lan.send(f"/start {made.token}")
    assert "Phòng Công nghệ thông tin" in lan.text
    await finish_registration(lan, name="Lan Nguyễn")
    member = await app.services.members.find(lan.channel, "lan")
    assert member is not None
    assert (member.id, member.full_name, member.unit.code) == (
        made.member_id,
        "Nguyễn Thị Lan",
        "CNTT",
    )
    async with app.sessions() as session:
        assert await session.scalar(select(func.count(Member.id))) == 2
        accounts = await session.scalar(
            select(func.count(ChannelAccount.id)).where(ChannelAccount.member_id == made.member_id)
        )
    assert accounts == 1
