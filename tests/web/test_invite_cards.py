"""Printable invite cards over HTTP: the members without an account are listed, chosen ones
get a new personal invite printed with a QR code of the Telegram deep link and the Zalo line;
a unit head prints only for their own staff."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import replace

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from bot.roles import Role
from bot.services.people import read_staff
from bot.web import add_web_app
from tests.factories import make_member
from tests.web.staff_files import workbook
from tests.web.support import Client, context_for, post_form, sign_in, web_client


async def imported(app: App, *rows: tuple[str, ...]) -> list[int]:
    """Members added by the import (without accounts); their import invites are not shown."""
    admin = await make_member(app, "98", Role.ADMIN, "VP", name="Quản Trị")
    result = await app.services.staff_import.apply(admin, read_staff(workbook(*rows), {}, {}))
    return [invite.member_id for invite in result.invites]


async def test_chosen_members_get_cards_with_a_qr_code_and_the_zalo_line(app: App) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    ids = await imported(
        app, ("CNTT", "Lê <i>Văn</i> An", "", "", ""), ("CNTT", "Hồ Thị Bé", "", "", "")
    )
    async with web_client(app) as client:
        await sign_in(client, app, office)
        listing = await (await client.get("/web/loi-moi")).text()
        assert "Lê &lt;i&gt;Văn&lt;/i&gt; An" in listing and "Văn Phòng</label>" not in listing
        answer = await post_form(client, "/web/loi-moi/in", {"m": str(ids[0])})
        page = await answer.text()
    assert answer.status == 200 and page.count('class="invite-card"') == 1
    assert "Lê &lt;i&gt;Văn&lt;/i&gt; An" in page and "<i>Văn" not in page
    code = re.search(r"thamgia ([A-Za-z0-9_-]{20,64})", page)
    assert code is not None
    link = f"https://t.me/thidua_test_bot?start={code.group(1)}"
    assert link in page
    qr = re.search(r'src="data:image/svg\+xml[^,]*,([^"]+)"', page)
    assert qr is not None
    svg = urllib.parse.unquote(qr.group(1))
    assert svg.lstrip().startswith(("<svg", "<?xml")) and "<path" in svg
    assert (await app.services.invites.check(code.group(1))).unit.code == "CNTT"


async def test_without_a_bot_name_the_card_says_so_and_shows_the_code(app: App) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    ids = await imported(app, ("CNTT", "Lê Văn An", "", "", ""))
    context = replace(context_for(app), bot_username="")
    server = web.Application(client_max_size=context.settings.upload_max_bytes)
    add_web_app(server, context)
    client: Client = TestClient(TestServer(server))
    await client.start_server()
    try:
        await sign_in(client, app, office)
        page = await (await post_form(client, "/web/loi-moi/in", {"m": str(ids[0])})).text()
    finally:
        await client.close()
    assert "Chưa biết tên bot Telegram" in page and "thamgia " in page
    assert "t.me/" not in page and "data:image/svg" not in page


async def test_a_head_prints_for_their_staff_only_and_nothing_chosen_is_refused(app: App) -> None:
    await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    head = await make_member(app, "2", Role.UNIT_HEAD, "CNTT", name="Trưởng CNTT")
    ids = await imported(
        app, ("CNTT", "Lê Văn An", "", "", ""), ("VHTT-VY", "Hồ Thị Bé", "", "", "")
    )
    async with web_client(app) as client:
        await sign_in(client, app, head)
        listing = await (await client.get("/web/loi-moi")).text()
        assert "Lê Văn An" in listing and "Hồ Thị Bé" not in listing
        other = await post_form(client, "/web/loi-moi/in", {"m": str(ids[1])})
        assert other.status == 403
        nothing = await post_form(client, "/web/loi-moi/in", {})
        assert nothing.status == 400 and "Xin chọn ít nhất một cán bộ." in await nothing.text()
        no_csrf = await client.post("/web/loi-moi/in", data={"m": str(ids[0])})
        assert no_csrf.status == 403
        own = await post_form(client, "/web/loi-moi/in", {"m": str(ids[0])})
        assert own.status == 200 and "Lê Văn An" in await own.text()
