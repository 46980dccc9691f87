"""The councils' rolls against the real database: one seat per person and council, a member who
left no longer counts, unknown councils and people are refused, only the Office keeps them."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot import errors
from bot.app import App
from bot.config import Settings
from bot.roles import Role
from bot.services.councils import Position
from models import Member
from tests.conftest import make_settings
from tests.factories import make_member

COUNCILS = [
    {"code": "HDTDKT", "name": "Hội đồng Thi đua - Khen thưởng Sở", "kind": "emulation"},
    {"code": "HDSK", "name": "Hội đồng sáng kiến", "kind": "initiative"},
]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, councils=COUNCILS)


async def test_one_seat_each_and_those_who_left_do_not_count(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    binh = await make_member(app, "binh", name="Trần Thị Bình")
    councils = app.services.councils
    await councils.seat(office, "HDTDKT", binh.id, Position.MEMBER)
    await councils.seat(office, "HDTDKT", an.id, Position.MEMBER)
    await councils.seat(office, "HDTDKT", an.id, Position.CHAIR)  # a change, not a second seat
    await councils.seat(office, "HDSK", binh.id, Position.CHAIR)
    roll = await councils.roll(office, "HDTDKT")
    assert [(s.full_name, s.position) for s in roll] == [
        ("Nguyễn Văn An", Position.CHAIR),
        ("Trần Thị Bình", Position.MEMBER),
    ]
    assert [(c.code, c.seats) for c in await councils.councils(office)] == [
        ("HDTDKT", 2),
        ("HDSK", 1),
    ]
    async with app.sessions.begin() as session:
        await session.execute(update(Member).where(Member.id == an.id).values(active=False))
    assert [s.full_name for s in await councils.roll(office, "HDTDKT")] == ["Trần Thị Bình"]
    with pytest.raises(errors.MemberNotFound):
        await councils.seat(office, "HDSK", an.id, Position.MEMBER)
    assert await councils.unseat(office, "HDTDKT", binh.id)
    assert not await councils.unseat(office, "HDTDKT", binh.id)


async def test_refusals(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    council = await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội")
    head = await make_member(app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng")
    councils = app.services.councils
    with pytest.raises(errors.UnknownCouncil):
        await councils.seat(office, "KHAC", head.id, Position.MEMBER)
    with pytest.raises(errors.UnknownCouncil):
        await councils.roll(council, "KHAC")
    for someone in (council, head):
        with pytest.raises(errors.NotAllowed):
            await councils.seat(someone, "HDTDKT", head.id, Position.MEMBER)
        with pytest.raises(errors.NotAllowed):
            await councils.unseat(someone, "HDTDKT", head.id)
        with pytest.raises(errors.NotAllowed):
            await councils.candidates(someone, head.unit.id)
    with pytest.raises(errors.NotAllowed):
        await councils.roll(head, "HDTDKT")
    assert await councils.roll(council, "HDTDKT") == ()
