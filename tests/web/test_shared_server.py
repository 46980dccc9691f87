"""One HTTP server for everything asked on one address: the web app and a chat webhook on the
same port both answer, through one listener."""

from __future__ import annotations

from aiohttp import ClientSession, CookieJar

from bot.app import App
from bot.channels.webhook import HttpServers, Webhook, add_webhook
from bot.channels.zalo.http import AUTH_HEADER
from bot.roles import Role
from bot.web import add_web_app
from tests.factories import make_member
from tests.web.support import context_for

SECRET = "s3cret-of-the-webhook"


async def test_the_web_app_and_a_webhook_share_one_port(app: App) -> None:
    received: list[dict[str, object]] = []

    async def on_update(update: dict[str, object]) -> None:
        received.append(update)

    servers = HttpServers()
    shared = servers.app("127.0.0.1", 0)
    add_web_app(shared, context_for(app))
    hook = Webhook(
        name="Zalo",
        path="/zalo/hook",
        header=AUTH_HEADER,
        secret=SECRET,
        parse=lambda body: body if isinstance(body, dict) else None,
        on_update=on_update,
    )
    add_webhook(shared, hook)
    registered: list[int] = []

    async def register() -> None:
        registered.append(servers.port("127.0.0.1", 0))

    servers.when_listening(register)
    assert servers.app("127.0.0.1", 0) is shared
    member = await make_member(app, "951", Role.OFFICE, "VP", name="Đỗ Chung Cổng")
    link = await app.services.web_access.issue_link(member.id)
    await servers.start()
    try:
        await servers.start()  # a second start listens nowhere new
        base = f"http://127.0.0.1:{servers.port('127.0.0.1', 0)}"
        assert registered == [servers.port("127.0.0.1", 0)] and registered[0] != 0
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
            async with http.get(f"{base}/web/dang-nhap?t={link.token}") as page:
                assert page.url.path == "/web/" and "Đỗ Chung Cổng" in await page.text()
            headers = {AUTH_HEADER: SECRET}
            async with http.post(f"{base}/zalo/hook", json={"n": 1}, headers=headers) as hooked:
                assert hooked.status == 200
            async with http.post(f"{base}/zalo/hook", json={"n": 2}) as refused:
                assert refused.status == 403
    finally:
        await servers.stop()
    assert received == [{"n": 1}]
