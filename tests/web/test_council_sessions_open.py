"""The Office opens a council session from the web: the groups under review chosen, a title;
a wrong title or no group is said next to the field and opens nothing; items handled meanwhile
refuse the whole opening."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.config import Settings
from tests.web.council_seed import council_settings, open_sitting
from tests.web.support import Client, post_form, sign_in, web_client


@pytest.fixture
def settings(database_url: str) -> Settings:
    return council_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def test_the_office_opens_a_session_on_the_groups_chosen(app: App, client: Client) -> None:
    sitting = await open_sitting(app, open_now=False)
    cstd, gk = sitting.items
    (member,) = sitting.members
    await sign_in(client, app, member)
    assert (await client.get("/web/phien-hop/mo")).status == 403
    await sign_in(client, app, sitting.office)
    page = await (await client.get("/web/phien-hop/mo")).text()
    assert "Chiến sĩ thi đua cơ sở: 1 hồ sơ" in page and page.count("checked") == 2
    wrong = await post_form(
        client, "/web/phien-hop/mo", {"hd": "HDTDKT", "title": " ab ", "ids-CSTDCS": str(cstd)}
    )
    text = await wrong.text()
    assert wrong.status == 400 and "từ 3 đến 200 ký tự" in text and "Chưa chọn nhóm" in text
    assert 'value=" ab "' in text
    assert await app.services.council_sessions.sessions(sitting.office) == ()
    posted = {"hd": "HDTDKT", "title": "Phiên họp <b>cuối năm</b>", "nhom-CSTDCS": "1"}
    opened = await post_form(client, "/web/phien-hop/mo", {**posted, "ids-CSTDCS": str(cstd)})
    text = await opened.text()
    assert "Đã mở phiên họp" in text and "Phiên họp &lt;b&gt;cuối năm&lt;/b&gt;" in text
    (view,) = await app.services.council_sessions.sessions(sitting.office)
    assert view.items == 1 and opened.url.path == f"/web/phien-hop/{view.id}"
    stale = {"hd": "HDTDKT", "title": "Phiên họp hai", "nhom-GK-GD": "1"}
    refused = await post_form(client, "/web/phien-hop/mo", {**stale, "ids-GK-GD": f"{gk},{cstd}"})
    assert refused.status == 409 and "Danh sách hồ sơ vừa thay đổi" in await refused.text()
    assert len(await app.services.council_sessions.sessions(sitting.office)) == 1
