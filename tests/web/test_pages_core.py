"""The signed-in pages' common path (:mod:`bot.web.pages_core`), on small pages registered
here only: who may see a page, the CSRF check of every POST, how the services' refusals are
shown, and the security headers of every answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer

from bot import errors
from bot.app import App
from bot.roles import Role
from bot.web import add_web_app
from bot.web.pages_core import Pages, Viewer, see_other
from tests.factories import make_member
from tests.web.support import Client, context_for, post_form, sign_in

CSP_FRAMING = "frame-ancestors 'self' https://web.telegram.org"


@dataclass
class Done:
    """What the test pages did."""

    posts: list[str] = field(default_factory=list)


def add_test_pages(pages: Pages, done: Done) -> None:
    """A page for the Office only, a form, and pages the services refuse in each way."""

    async def office_only(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return pages.render(request, viewer, "message.html", title="Thử", message="Trang thử")

    async def count(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        done.posts.append(viewer.member.full_name)
        raise see_other("/web/thu/van-phong")

    async def not_allowed(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        raise errors.NotAllowed

    async def unknown(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        raise errors.InitiativeNotFound

    async def refused(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        raise errors.ReasonRequired

    async def moved(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        raise {"409": errors.AlreadyHandled, "403": errors.NotAllowed}[request.match_info["how"]]

    async def item(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        if request.match_info["id"] == "0":
            raise errors.InitiativeNotFound  # gone meanwhile
        return pages.render(request, viewer, "message.html", title="Mục", message="Mục mới nhất")

    pages.get("/web/thu/van-phong", office_only, roles={Role.OFFICE, Role.ADMIN})
    pages.post("/web/thu/dem", count)
    pages.post("/web/thu/muc/{id}/{how}", moved, item=item)
    pages.get("/web/thu/cam", not_allowed)
    pages.get("/web/thu/khong-co", unknown)
    pages.get("/web/thu/tu-choi", refused)


@pytest.fixture
def done() -> Done:
    return Done()


@pytest.fixture
async def client(app: App, done: Done) -> AsyncIterator[Client]:
    server = web.Application()
    add_test_pages(add_web_app(server, context_for(app)), done)
    client: Client = TestClient(TestServer(server))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


def assert_secured(answer: ClientResponse) -> None:
    headers = answer.headers
    assert CSP_FRAMING in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


async def test_a_role_the_page_is_not_for_gets_a_vietnamese_403(app: App, client: Client) -> None:
    head = await make_member(app, "701", Role.UNIT_HEAD, "CNTT", name="Trần Trưởng Phòng")
    await sign_in(client, app, head)
    page = await client.get("/web/thu/van-phong")
    text = await page.text()
    assert page.status == 403 and app.texts.t("web.refused.role") in text
    assert "Trang thử" not in text
    assert_secured(page)
    assert page.headers["Cache-Control"] == "no-store"


async def test_the_role_the_page_is_for_sees_it(app: App, client: Client) -> None:
    office = await make_member(app, "702", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await sign_in(client, app, office)
    page = await client.get("/web/thu/van-phong")
    assert page.status == 200 and "Trang thử" in await page.text()
    assert_secured(page)
    assert page.headers["Cache-Control"] == "no-store"


async def test_a_post_without_or_with_a_wrong_token_is_refused_and_does_nothing(
    app: App, client: Client, done: Done
) -> None:
    office = await make_member(app, "703", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await sign_in(client, app, office)
    csrf = app.texts.t("web.refused.csrf")
    for data in ({}, {"_csrf": "forged"}, {"_csrf": ""}):
        answer = await client.post("/web/thu/dem", data=data)
        assert answer.status == 403 and csrf in await answer.text(), data
        assert_secured(answer)
    wrong_header = await client.post("/web/thu/dem", headers={"X-CSRF-Token": "forged"})
    assert wrong_header.status == 403
    assert done.posts == []
    answer = await post_form(client, "/web/thu/dem", allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"] == "/web/thu/van-phong"
    assert_secured(answer)
    assert done.posts == ["Lê Văn Phòng"]


async def test_a_post_without_a_session_is_refused(client: Client, done: Done) -> None:
    answer = await client.post("/web/thu/dem", data={"_csrf": "x"})
    assert answer.status == 403 and done.posts == []
    assert_secured(answer)


async def test_the_services_refusals_become_403_404_409_with_their_text(
    app: App, client: Client
) -> None:
    office = await make_member(app, "704", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await sign_in(client, app, office)
    for path, status, error in (
        ("/web/thu/cam", 403, errors.NotAllowed),
        ("/web/thu/khong-co", 404, errors.InitiativeNotFound),
        ("/web/thu/tu-choi", 409, errors.ReasonRequired),
    ):
        page = await client.get(path)
        assert page.status == status, path
        assert app.texts.t(error.text_key) in await page.text(), path
        assert_secured(page)


async def test_a_form_refused_because_its_item_moved_shows_the_item_now(
    app: App, client: Client
) -> None:
    office = await make_member(app, "705", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await sign_in(client, app, office)
    reason = app.texts.t(errors.AlreadyHandled.text_key)
    moved = await post_form(client, "/web/thu/muc/7/409")
    page = await moved.text()
    assert moved.status == 409 and "Mục mới nhất" in page
    assert reason in page.split("<h1>")[0] and app.texts.t("web.refused_fresh.lead") in page
    assert_secured(moved)
    # An item gone meanwhile: the bare refusal; a refused role is never the item's page.
    gone = await post_form(client, "/web/thu/muc/0/409")
    assert gone.status == 409 and reason in await gone.text()
    forbidden = await post_form(client, "/web/thu/muc/7/403")
    assert forbidden.status == 403 and "Mục mới nhất" not in await forbidden.text()


async def test_a_signed_out_visitor_is_sent_to_the_expired_page(client: Client) -> None:
    answer = await client.get("/web/thu/van-phong", allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"] == "/web/het-han"
    assert_secured(answer)


async def test_the_stylesheet_is_served_and_an_unknown_file_is_404(client: Client) -> None:
    sheet = await client.get("/web/static/app.css")
    assert sheet.status == 200 and sheet.content_type == "text/css"
    assert "{" in await sheet.text()
    assert_secured(sheet)
    for name in ("nothing.css", "..%2Fsecurity.py", "app.css.bak"):
        missing = await client.get(f"/web/static/{name}")
        assert missing.status == 404, name
        assert_secured(missing)
