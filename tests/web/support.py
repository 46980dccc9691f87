"""Driving the web app over real HTTP in tests: a client on the real application, signing a
member in with a one-time link, and posting forms with the session's CSRF token."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from bot.config_web import Web
from bot.services.common import MemberView
from bot.web import COOKIE, Renderer, WebContext, add_web_app
from bot.web.security import csrf_token

Client = TestClient[web.Request, web.Application]
TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


def context_for(app: App, settings: Web | None = None, bot_token: str | None = None) -> WebContext:
    """The web app's context over ``app``'s services."""
    return WebContext(
        services=app.services,
        settings=settings or Web(public_base_url="http://127.0.0.1"),
        texts=app.texts,
        clock=app.clock,
        renderer=Renderer(app.texts, app.settings.organisation.zone),
        bot_token=bot_token,
        bot_username="thidua_test_bot",
    )


@asynccontextmanager
async def web_client(
    app: App, settings: Web | None = None, bot_token: str | None = None
) -> AsyncIterator[Client]:
    """A client of the whole web app, served on a free port of 127.0.0.1."""
    context = context_for(app, settings, bot_token)
    server = web.Application(client_max_size=context.settings.upload_max_bytes)
    add_web_app(server, context)
    client: Client = TestClient(TestServer(server))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def sign_in(client: Client, app: App, member: MemberView | int) -> None:
    """Sign ``member`` in on ``client`` with a one-time link, as a person does."""
    member_id = member if isinstance(member, int) else member.id
    link = await app.services.web_access.issue_link(member_id)
    page = await client.get(f"/web/dang-nhap?t={link.token}")
    assert page.url.path == "/web/", page.url


def session_csrf(client: Client) -> str:
    """The CSRF token of the client's session (as its pages' forms carry it)."""
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/web/")).get(COOKIE)
    assert cookie is not None, "not signed in"
    return csrf_token(cookie.value)


async def post_form(
    client: Client, path: str, data: Mapping[str, Any] | None = None, **kwargs: Any
) -> Any:
    """POST ``data`` to ``path`` as the page's form would, CSRF token included."""
    return await client.post(path, data={**(data or {}), "_csrf": session_csrf(client)}, **kwargs)
