"""Role menus, permissions, unknown and unbuilt commands, forged buttons and groups."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import App, open_app
from bot.callbacks import (
    BroadcastAct,
    BroadcastChoice,
    DialogChoice,
    MenuAction,
    PeriodChoice,
    ReminderAct,
    ReminderChoice,
    ReportMenu,
)
from bot.config import Settings
from bot.errors import NotAllowed
from bot.ports import Channel, ChatKind, Incoming
from bot.roles import Role
from handlers.common.catalog import COMMANDS
from tests.factories import INVITE_TOKEN, invite_token, join, make_admin
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

PRIVILEGED = {spec.name: spec.roles for spec in COMMANDS if spec.roles not in (frozenset(Role),)}
NAMES = {
    Role.STAFF: "Nguyễn Văn Cán",
    Role.UNIT_HEAD: "Lê Thị Trưởng",
    Role.OFFICE: "Phạm Văn Phòng",
    Role.COUNCIL: "Đỗ Văn Hội",
    Role.LEADER: "Vũ Văn Lãnh",
}


async def people_by_role(app: App) -> dict[Role, Person]:
    return {role: await join(app, role.value, "CNTT", role, name) for role, name in NAMES.items()}


async def test_each_role_sees_its_own_menu(app: App) -> None:
    people = await people_by_role(app)
    for role, person in people.items():
        await person.send("/start")
        names = {c.name for c in person.last.commands or ()}
        expected = {spec.name for spec in COMMANDS if role in spec.roles}
        assert names == expected, role
        await person.send("/trogiup")
        for spec in COMMANDS:
            assert (f"/{spec.name} " in person.text) is (role in spec.roles), (role, spec.name)


@pytest.mark.parametrize("command", sorted(PRIVILEGED))
async def test_privileged_commands_refuse_every_lower_role(app: App, command: str) -> None:
    people = await people_by_role(app)
    for role, person in people.items():
        await person.send(f"/{command}")
        refused = "không được dùng" in person.text
        assert refused is (role not in PRIVILEGED[command]), (command, role)


async def test_every_command_is_built(app: App) -> None:
    admin = await make_admin(app)
    for spec in COMMANDS:
        await admin.send(f"/{spec.name}")
        assert "đang được hoàn thiện" not in admin.text, spec.name
        await admin.send("/huy")


async def test_help_alias_and_unknown_command_show_the_role_help(app: App) -> None:
    staff = await join(app, "s", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await staff.send("/help")
    assert "/sangkien" in staff.text
    await staff.send("/khongcolenhnay")
    assert "/sangkien" in staff.text and "/moi" not in staff.text
    await staff.send("chào bot")
    assert "/sangkien" in staff.text


async def test_menu_buttons_run_their_command_with_the_same_checks(app: App) -> None:
    staff = await join(app, "s", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await staff.tap("Bảng xếp hạng")
    assert "Bảng xếp hạng đơn vị" in staff.text and staff.last.photo is not None
    await staff.press(MenuAction("sangkien").pack())
    assert "Tên sáng kiến" in staff.text
    await staff.press(MenuAction("moi").pack())  # forged: not in a staff menu
    assert "không được dùng" in staff.text


@pytest.mark.parametrize("data", ["zz:1", "m", "d:deadbeef:0:0", "ir:admin", "x" * 200, "m:kế"])
async def test_forged_or_stale_buttons_get_expired_and_the_menu(app: App, data: str) -> None:
    staff = await join(app, "s", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    await staff.press(data)
    assert "Nút này đã hết hạn" in staff.text
    assert staff.last.buttons


async def test_button_from_an_older_dialog_run_is_stale(app: App) -> None:
    admin = await make_admin(app)
    await admin.send("/moi")
    old = admin.last.flat_buttons()[0].data
    await admin.send("/huy")
    await admin.send("/moi")
    await admin.press(old)
    assert "Nút này thuộc một bước cũ" in admin.text and "Chọn đơn vị" in admin.text
    await admin.press(DialogChoice("ffffffff", 0, "CNTT").pack())
    assert "Nút này thuộc một bước cũ" in admin.text and "Chọn đơn vị" in admin.text


async def test_unit_head_invites_staff_of_their_unit_only(app: App) -> None:
    head = await join(app, "head", "CNTT", Role.UNIT_HEAD, "Lê Thị Trưởng")
    await head.send("/moi")
    assert "bao nhiêu người" in head.text  # unit and role are fixed
    await head.send("25")
    assert "Phòng Công nghệ thông tin" in head.text and "Cán bộ" in head.text
    assert INVITE_TOKEN.search(head.text)
    member = await app.services.members.find(Channel.CONSOLE, "head")
    with pytest.raises(NotAllowed):
        await app.services.invites.create(member, unit_code="VP", role=Role.STAFF, uses=1, days=1)
    with pytest.raises(NotAllowed):
        await app.services.invites.create(
            member, unit_code="CNTT", role=Role.OFFICE, uses=1, days=1
        )


async def test_office_cannot_mint_admins_but_admin_can(app: App) -> None:
    office = await join(app, "office", "VP", Role.OFFICE, "Phạm Văn Phòng")
    await office.send("/moi")
    await office.tap("Văn phòng Sở")
    labels = [b.label for b in office.last.flat_buttons()]
    assert "Quản trị viên" not in labels and "Cán bộ" in labels
    admin = await make_admin(app)
    await admin.send("/moi")
    await admin.tap("Văn phòng Sở")
    assert "Quản trị viên" in [b.label for b in admin.last.flat_buttons()]


async def test_invite_uses_must_be_a_number_in_range(app: App) -> None:
    head = await join(app, "head", "CNTT", Role.UNIT_HEAD, "Lê Thị Trưởng")
    await head.send("/moi")
    for bad, message in (
        ("nhiều", "Xin gõ một số"),
        ("0", "từ 1 đến 500"),
        ("501", "từ 1 đến 500"),
    ):
        await head.send(bad)
        assert message in head.text
    await head.send("1.000")
    assert "từ 1 đến 500" in head.text


async def test_group_commands_point_to_a_private_chat_and_chatter_is_ignored(app: App) -> None:
    await join(app, "s", "CNTT", Role.STAFF, "Nguyễn Văn Cán")
    group = Person(app.router, "s", chat_kind=ChatKind.GROUP)
    assert await group.send("xin chào cả nhà") is None
    await group.send("/sangkien")
    assert "tin nhắn riêng" in group.text


async def test_redelivered_update_is_ignored(app: App) -> None:
    incoming = Incoming(Channel.TELEGRAM, "777", "777", text="/start", update_key="42")
    assert await app.router.dispatch(incoming) is not None
    assert await app.router.dispatch(incoming) is None


async def test_dialog_survives_a_restart(settings: Settings, clock: FakeClock) -> None:
    first = await open_app(settings, clock=clock, run_migrations=False)
    token = await invite_token(first, "CNTT", Role.STAFF)
    before = Person(first.router, "p")
    await before.send(f"/start {token}")
    await before.send("Vũ Thị Hoa")
    await first.close()
    second = await open_app(settings, clock=clock, run_migrations=False)
    try:
        after = Person(second.router, "p")
        await after.send("Kế toán viên")
        assert "Kiểm tra lại" in after.text and "Vũ Thị Hoa" in after.text
        await after.tap("Xác nhận")
        assert "Đăng ký thành công" in after.text
    finally:
        await second.close()


async def test_stale_dialog_expires_with_a_message(app: App, clock: FakeClock) -> None:
    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    clock.advance(minutes=app.settings.dialogs.timeout_minutes + 1)
    await person.send("Vũ Thị Hoa")
    assert "hết hạn" in person.text
    await person.send("Vũ Thị Hoa")
    assert "lời mời" in person.text


async def test_one_persons_updates_are_handled_in_order(app: App) -> None:
    admin = await make_admin(app)
    await admin.send("/moi")
    messages = ["/huy", "/moi", "/huy", "/moi", "/huy", "/trogiup"]
    updates = [Incoming(Channel.CONSOLE, "quantri", "quantri", text=text) for text in messages]
    replies = await asyncio.gather(*(app.router.dispatch(u) for u in updates))
    texts = [r.text if r else "" for r in replies]
    assert "Đã hủy" in texts[0] and "Chọn đơn vị" in texts[1] and "Đã hủy" in texts[4]
    assert "/moi" in texts[5]


@pytest.mark.parametrize(
    "forged",
    [
        ReminderAct(1, ReminderChoice.PAUSE),
        BroadcastAct(0, BroadcastChoice.NEW),
        ReportMenu(1, PeriodChoice.STATUS),
    ],
    ids=["reminder", "broadcast", "report"],
)
async def test_a_button_for_another_role_is_refused_before_its_handler(
    app: App, forged: ReminderAct | BroadcastAct | ReportMenu
) -> None:
    staff = await join(app, "staff", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await staff.press(forged.pack())
    assert "Vai trò của đồng chí không được dùng chức năng này" in staff.text


async def test_a_stranger_pressing_any_button_is_told_how_to_join(app: App) -> None:
    stranger = Person(app.router, "stranger")
    await stranger.press(ReminderAct(1, ReminderChoice.OPEN).pack())
    assert "lời mời" in stranger.text.casefold()
