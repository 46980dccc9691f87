"""A department for ``bench/cycle.py``: 40 units of 50 members (a head and 49 staff, in
service for years), each with a Telegram account, the Office's sender and nine council members
seated on the emulation council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from bot.app import App
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.councils import Position
from bot.services.people import member_view
from models import ChannelAccount, Member, Unit
from tests.fakes.broadcast_rig import FIRST_RECIPIENT, SENDER_CHAT

UNITS, PER_UNIT, COUNCIL = 40, 50, 9
COUNCIL_CODE = "HDTDKT"
COUNCIL_CHAT = 10


@dataclass(frozen=True)
class Department:
    """Who acts in the benchmark."""

    office: MemberView
    heads: list[MemberView]
    council: list[MemberView]
    chats: list[int]


def _account(member_id: int, chat: int, now: datetime) -> dict[str, object]:
    return {
        "channel": "telegram",
        "external_id": str(chat),
        "chat_id": str(chat),
        "member_id": member_id,
        "blocked": False,
        "created_at": now,
    }


def _member(unit_id: int, name: str, role: Role, now: datetime) -> dict[str, object]:
    return {
        "unit_id": unit_id,
        "full_name": name,
        "position": "Chuyên viên",
        "role": role.value,
        "active": True,
        "service_start": date(2015, 1, 5),
        "created_at": now,
    }


async def seed(app: App) -> Department:
    """Add the units, the members and their accounts; seat the council."""
    now = datetime.now(UTC)
    async with app.sessions.begin() as session:
        office_unit = await session.scalar(select(Unit).where(Unit.code == "VP"))
        assert office_unit is not None
        units = [
            {
                "code": f"P{n:02d}",
                "name": f"Phòng {n:02d}",
                "kind": "department",
                "active": True,
                "created_at": now,
            }
            for n in range(1, UNITS + 1)
        ]
        unit_ids = list(await session.scalars(insert(Unit).returning(Unit.id), units))
        people = [_member(office_unit.id, "Trần Văn Quản", Role.OFFICE, now)]
        people += [
            _member(office_unit.id, f"Hội đồng {n}", Role.COUNCIL, now) for n in range(COUNCIL)
        ]
        for n, unit_id in enumerate(unit_ids):
            people.append(_member(unit_id, f"Thủ trưởng {n:02d}", Role.UNIT_HEAD, now))
            people += [
                _member(unit_id, f"Cán bộ {n:02d}-{i:02d}", Role.STAFF, now)
                for i in range(PER_UNIT - 1)
            ]
        ids = list(await session.scalars(insert(Member).returning(Member.id), people))
        chats = [SENDER_CHAT] + [COUNCIL_CHAT + n for n in range(COUNCIL)]
        chats += [FIRST_RECIPIENT + n for n in range(len(ids) - 1 - COUNCIL)]
        await session.execute(
            insert(ChannelAccount),
            [_account(m, c, now) for m, c in zip(ids, chats, strict=True)],
        )
        rows = (await session.execute(select(Member, Unit).join(Unit).order_by(Member.id))).all()
    views = {m.id: member_view(m, u) for m, u in rows}
    office = views[ids[0]]
    council = [views[i] for i in ids[1 : 1 + COUNCIL]]
    heads = [v for v in views.values() if v.role is Role.UNIT_HEAD]
    for member in council:
        await app.services.councils.seat(office, COUNCIL_CODE, member.id, Position.MEMBER)
    return Department(office, heads, council, chats[1 + COUNCIL :])
