"""The web app's sign-in over HTTP: a link opens a session cookie once, the page names the
member, signing out ends the session; an expired link or session leads to a plain page."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession, CookieJar

from bot.app import App, open_app
from bot.cli_channels import Channels
from bot.config_web import Web
from bot.roles import Role
from bot.web import COOKIE
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.web.support import Client, post_form, web_client


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def test_a_link_signs_in_once_and_signing_out_ends_the_session(
    app: App, client: Client
) -> None:
    member = await make_member(app, "901", Role.OFFICE, "VP", name="Lê <b>Văn</b> Phòng")
    link = await app.services.web_access.issue_link(member.id)
    page = await client.get(f"/web/dang-nhap?t={link.token}")
    assert page.status == 200 and page.url.path == "/web/"
    text = await page.text()
    assert "Lê &lt;b&gt;Văn&lt;/b&gt; Phòng" in text and "Đăng xuất" in text
    again = await client.get(f"/web/dang-nhap?t={link.token}")
    assert again.url.path == "/web/het-han" and "hết hạn" in await again.text()
    forged = await client.post("/web/dang-xuat", data={"_csrf": "0" * 64})
    assert forged.status == 403 and (await client.get("/web/")).url.path == "/web/"
    out = await post_form(client, "/web/dang-xuat")
    assert out.url.path == "/web/da-dang-xuat" and "đã đăng xuất" in await out.text()
    home = await client.get("/web/")
    assert home.url.path == "/web/het-han"


async def test_the_cookie_is_httponly_lax_and_secure_behind_https(app: App) -> None:
    member = await make_member(app, "902", Role.UNIT_HEAD, "CNTT", name="Trần Trưởng")
    link = await app.services.web_access.issue_link(member.id)
    async with web_client(app, Web(public_base_url="https://thidua.example.vn")) as client:
        answer = await client.get(f"/web/dang-nhap?t={link.token}", allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"] == "/web/"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert all(flag in cookie for flag in ("HttpOnly", "SameSite=Lax", "Secure", "Path=/web"))
    assert link.token not in cookie


async def test_an_expired_session_leads_to_the_expired_page(
    app: App, clock: FakeClock, client: Client
) -> None:
    member = await make_member(app, "903", Role.COUNCIL, "VP", name="Phạm Hội Đồng")
    link = await app.services.web_access.issue_link(member.id)
    assert (await client.get(f"/web/dang-nhap?t={link.token}")).url.path == "/web/"
    clock.advance(hours=12)
    assert (await client.get("/web/")).url.path == "/web/het-han"
    assert (await client.get("/web/dang-nhap")).url.path == "/web/het-han"


async def test_the_running_bot_serves_the_web_app_once_it_has_an_address(
    database_url: str, clock: FakeClock
) -> None:
    web_settings = {"public_base_url": "http://127.0.0.1", "port": 0}
    core = await open_app(make_settings(database_url, web=web_settings), clock=clock)
    channels = Channels(core, core.settings, core.texts)
    try:
        names = await channels.start(telegram=False, zalo=False, webhook=False)
        assert names == ["Web http://127.0.0.1/web/"]
        member = await make_member(core, "904", Role.OFFICE, "VP", name="Vũ Văn Phòng")
        link = await core.services.web_access.issue_link(member.id)
        base = f"http://127.0.0.1:{channels.servers.port('127.0.0.1', 0)}"
        jar = CookieJar(unsafe=True)  # keeps cookies of an IP address such as 127.0.0.1
        async with (
            ClientSession(cookie_jar=jar) as session,
            session.get(f"{base}/web/dang-nhap?t={link.token}") as page,
        ):
            assert page.url.path == "/web/" and "Vũ Văn Phòng" in await page.text()
    finally:
        await channels.stop()
        await core.close()
