"""Seeding members and accounts straight into the database for the broadcast tests.

Members are written as rows (not through invites) so a test can give each one exactly the
accounts it needs: a Telegram chat, a blocked one, several channels, or none at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.broadcasts.records import BroadcastDraft
from bot.services.broadcasts.service import BroadcastService
from bot.services.common.views import MemberView, UnitView
from bot.services.delivery.send_calendar import SendCalendar
from models import ChannelAccount, Delivery, Member, Unit

#: An account: (channel, chat id, blocked).
Account = tuple[Channel, str, bool]
STATUS_CHAT = (Channel.TELEGRAM, "9000")


async def unit_view(app: App, code: str) -> UnitView:
    """The unit with ``code``."""
    async with app.sessions() as session:
        unit = (await session.scalars(select(Unit).where(Unit.code == code))).one()
        return UnitView(unit.id, unit.code, unit.name, unit.kind)


async def add_unit(app: App, code: str, name: str, *, active: bool = True) -> UnitView:
    """Add a unit that is not in the configuration."""
    async with app.sessions.begin() as session:
        unit = Unit(code=code, name=name, kind="center", active=active, created_at=app.clock.now())
        session.add(unit)
        await session.flush()
        return UnitView(unit.id, unit.code, unit.name, unit.kind)


async def add_member(
    app: App,
    unit: str,
    name: str,
    role: Role = Role.STAFF,
    *,
    chat: str | None = None,
    accounts: tuple[Account, ...] | None = None,
    active: bool = True,
) -> MemberView:
    """Add a member; ``chat`` gives them a Telegram account (``accounts``: any others)."""
    if accounts is None:
        accounts = () if chat is None else ((Channel.TELEGRAM, chat, False),)
    now: datetime = app.clock.now()
    view = await unit_view(app, unit)
    async with app.sessions.begin() as session:
        member = Member(
            unit_id=view.id,
            full_name=name,
            position="Chuyên viên",
            role=role.value,
            active=active,
            created_at=now,
        )
        session.add(member)
        await session.flush()
        for channel, chat_id, blocked in accounts:
            session.add(
                ChannelAccount(
                    channel=channel.value,
                    external_id=chat_id,
                    chat_id=chat_id,
                    member_id=member.id,
                    blocked=blocked,
                    created_at=now,
                )
            )
        return MemberView(member.id, name, "Chuyên viên", role, view)


async def add_staff(app: App, unit: str, count: int, *, first_chat: int) -> list[MemberView]:
    """Add ``count`` staff members with Telegram chats numbered from ``first_chat``."""
    now = app.clock.now()
    view = await unit_view(app, unit)
    names = [f"Cán bộ {first_chat + i:05d}" for i in range(count)]
    rows = [
        {
            "unit_id": view.id,
            "full_name": name,
            "position": "Chuyên viên",
            "role": Role.STAFF.value,
            "active": True,
            "created_at": now,
        }
        for name in names
    ]
    async with app.sessions.begin() as session:
        ids = list(
            (
                await session.scalars(
                    insert(Member).returning(Member.id, sort_by_parameter_order=True), rows
                )
            ).all()
        )
        accounts = [
            {
                "channel": Channel.TELEGRAM.value,
                "external_id": str(first_chat + i),
                "chat_id": str(first_chat + i),
                "member_id": member_id,
                "blocked": False,
                "created_at": now,
            }
            for i, member_id in enumerate(ids)
        ]
        await session.execute(insert(ChannelAccount), accounts)
    return [
        MemberView(member_id, name, "Chuyên viên", Role.STAFF, view)
        for member_id, name in zip(ids, names, strict=True)
    ]


@dataclass
class Org:
    """The people of :func:`org` who send things."""

    office: MemberView
    head: MemberView
    staff: MemberView
    other_head: MemberView


async def org(app: App) -> Org:
    """The Office clerk, the IT head, two IT staff (one blocked), a VY head, a VY staff member
    who never started the bot: six people, one blocked, one unreachable."""
    office = await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat="9000")
    head = await add_member(app, "CNTT", "Trưởng CNTT", Role.UNIT_HEAD, chat="9001")
    staff = await add_member(app, "CNTT", "An", chat="9002")
    await add_member(app, "CNTT", "Bình", accounts=((Channel.TELEGRAM, "9003", True),))
    other = await add_member(app, "VHTT-VY", "Trưởng VY", Role.UNIT_HEAD, chat="9004")
    await add_member(app, "VHTT-VY", "Chi")
    return Org(office, head, staff, other)


def draft(
    text: str = "Kính gửi {ho_ten} ({don_vi}): họp lúc 14:00.",
    kind: AudienceKind = AudienceKind.EVERYONE,
    *,
    units: tuple[int, ...] = (),
    roles: tuple[Role, ...] = (),
    urgent: bool = False,
    send_at: datetime | None = None,
) -> BroadcastDraft:
    """A broadcast as composed."""
    return BroadcastDraft(text, Audience(kind, units, roles), urgent=urgent, send_at=send_at)


def second_service(app: App) -> BroadcastService:
    """The broadcast service of a second process on the same database."""
    zone = app.settings.organisation.zone
    return BroadcastService(
        app.sessions,
        app.clock,
        app.texts,
        SendCalendar(app.settings.calendar, zone),
        zone=zone,
        progress_every=timedelta(seconds=app.settings.broadcasts.progress_seconds),
        initiative_councils=tuple(c.code for c in app.settings.councils if c.kind == "initiative"),
    )


async def deliveries(app: App) -> list[Delivery]:
    """Every delivery, oldest first."""
    async with app.sessions() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))
