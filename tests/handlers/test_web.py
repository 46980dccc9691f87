"""``/web`` through the router: a one-time sign-in link for the Office, unit heads and the
council; a refusal for staff; a plain explanation while the web app has no address."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.app import App, open_app
from bot.ports import Channel
from bot.roles import Role
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock

LINK = re.compile(r"https://thidua\.example\.vn/web/dang-nhap\?t=([A-Za-z0-9_-]{43})")


@pytest.fixture
async def web_app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with the web app's public address set (written with a trailing slash)."""
    settings = make_settings(database_url, web={"public_base_url": "https://thidua.example.vn/"})
    core = await open_app(settings, clock=clock)
    try:
        yield core
    finally:
        await core.close()


@pytest.mark.parametrize("role", [Role.OFFICE, Role.UNIT_HEAD, Role.COUNCIL])
async def test_the_link_signs_in_once(web_app: App, role: Role) -> None:
    person = await join(web_app, "301", "VP", role, "Phạm Thị Hoa")
    await person.send("/web")
    match = LINK.search(person.text)
    assert match, person.text
    assert "10 phút" in person.text and "một lần" in person.text
    opened = await web_app.services.web_access.sign_in(match.group(1))
    assert opened is not None and opened.member.full_name == "Phạm Thị Hoa"
    assert await web_app.services.web_access.sign_in(match.group(1)) is None


async def test_typed_without_slash_on_zalo_and_each_link_is_new(web_app: App) -> None:
    person = await join(web_app, "302", "VP", Role.OFFICE, "Lê Văn Nam", channel=Channel.ZALO)
    await person.send("web")
    first = LINK.search(person.text)
    await person.send("/web")
    second = LINK.search(person.text)
    assert first and second and first.group(1) != second.group(1)


async def test_staff_are_refused(web_app: App) -> None:
    person = await join(web_app, "303", "CNTT", Role.STAFF, "Ngô Văn Tư")
    await person.send("/web")
    assert "không được dùng chức năng này" in person.text
    assert "dang-nhap" not in person.text


async def test_without_a_public_address_nothing_is_sent(app: App) -> None:
    person = await join(app, "304", "VP", Role.OFFICE, "Đỗ Thị Mai")
    await person.send("/web")
    assert "chưa có địa chỉ công khai" in person.text and "public_base_url" in person.text
    assert "dang-nhap" not in person.text
