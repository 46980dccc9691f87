"""User journeys on Telegram: joining by deep link, menus per role, bad invites, restarts."""

from __future__ import annotations

import re

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser
from tests.factories import finish_registration_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

LINK = re.compile(r"https://t\.me/thidua_vp_bot\?start=([A-Za-z0-9_-]+)")


async def test_admin_invites_by_deep_link_and_staff_joins(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    admin = TgUser(fake, 1000, "Quản")
    assert "quản trị viên ban đầu" in await admin.send("/start")
    assert "Đăng ký thành công" in await finish_registration_on_telegram(
        admin, "Trần Văn Quản", "Chánh Văn phòng"
    )
    assert {"moi", "duyet", "nhacviec", "xuat"} <= admin.commands()
    await admin.send("/moi")
    await admin.tap("Phòng Công nghệ thông tin")
    await admin.tap("Cán bộ")
    created = await admin.send("1")
    match = LINK.search(created)
    assert match, created

    lan = TgUser(fake, 2001, "Lan")
    assert "t.me" in await lan.send("/start")  # a stranger gets how to join
    assert lan.commands() == {"start", "trogiup"}
    greeting = await lan.send(f"/start {match.group(1)}")
    assert "Phòng Công nghệ thông tin" in greeting
    assert "Đăng ký thành công" in await finish_registration_on_telegram(lan, "Nguyễn Thị Lan")
    assert lan.commands() == {
        "viecchoxuly",
        "kehoach",
        "sangkien",
        "cuatoi",
        "bangxephang",
        "dangkythidua",
        "lichthidua",
        "congkhai",
        "bophieu",
        "lienket",
        "huy",
        "quaylai",
        "trogiup",
    }
    assert "Bảng xếp hạng đơn vị" in await lan.send("/bangxephang", replies=2)
    assert "không được dùng" in await lan.send("/moi")


async def test_every_invite_error_has_its_own_message(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    services = bot.core.services
    user = TgUser(fake, 3001)
    assert "không đúng dạng" in await user.send("/start ab%cd")
    assert "Không tìm thấy" in await user.send("/start abcdefghijklmnop")
    used = await services.invites.create(None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7)
    first = TgUser(fake, 3002)
    await first.send(f"/start {used.token}")
    await finish_registration_on_telegram(first, "Hoàng Văn Một")
    assert "dùng hết" in await user.send(f"/start {used.token}")
    old = await services.invites.create(None, unit_code="CNTT", role=Role.STAFF, uses=5, days=1)
    clock.advance(days=2)
    assert "hết hạn" in await user.send(f"/start {old.token}")


async def test_restart_in_the_middle_of_registration(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    invite = await bot.core.services.invites.create(
        None, unit_code="VHTT-VY", role=Role.UNIT_HEAD, uses=1, days=7
    )
    head = TgUser(fake, 4001)
    await head.send(f"/start {invite.token}")
    await head.send("Lê Thị Trưởng")
    await bot.restart()
    summary = await head.send("Trưởng phòng")
    assert "Lê Thị Trưởng" in summary and "Thủ trưởng đơn vị" in summary
    assert "Đăng ký thành công" in await head.tap("Xác nhận")
    assert "decu" in head.commands()


async def test_forged_callback_and_html_in_a_name(bot: RunningBot, fake: FakeTelegramApi) -> None:
    invite = await bot.core.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    user = TgUser(fake, 5001, "<b>Hacker</b>")
    await user.send(f"/start {invite.token}")
    assert "chữ cái" in await user.send("<b>Lan</b> & <i>Mai</i>")
    await user.send("Nguyễn Thị Mai")
    shown = await user.send("<script>alert(1)</script> & Co")
    assert "<script>alert(1)</script> & Co" in shown  # shown as typed, not as markup
    assert "Nút này" in await user.press("d:ffffffff:9:9")
    assert "Nút này" in await user.press("hack:" + "x" * 40)
    assert "Đăng ký thành công" in await user.tap("Xác nhận")


async def test_redelivered_update_is_answered_once(bot: RunningBot, fake: FakeTelegramApi) -> None:
    update = fake.push_message(6001, "/start", queue=False)
    from telegram import Update

    application = bot.channel.application if bot.channel else None
    assert application is not None
    for _ in range(2):
        await application.process_update(Update.de_json(update, application.bot))
    assert fake.sent_count_to(6001) == 1
