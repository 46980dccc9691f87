"""The initiatives desk over HTTP: the queue's filters and accent-free search, what a unit
head sees, the dossier, and refusals of forged addresses."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.roles import Role
from bot.services.common import FileInfo
from bot.services.initiatives import Action
from tests.factories import make_member, make_proposal
from tests.web.initiatives_support import desk
from tests.web.support import Client, sign_in, web_client


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def test_the_search_finds_words_typed_without_accents(app: App, client: Client) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.office)
    page = await client.get("/web/sang-kien", params={"q": "ung dung"})
    text = await page.text()
    assert page.status == 200
    assert "Ứng dụng chữ ký số nội bộ" in text and "Thư viện số" not in text
    by_author = await (await client.get("/web/sang-kien", params={"q": "NGUYEN VAN an"})).text()
    assert seen.app_item.code in by_author and seen.other_item.code not in by_author
    nothing = await (await client.get("/web/sang-kien", params={"q": "100%_x"})).text()
    assert "Không có sáng kiến nào khớp bộ lọc." in nothing


async def test_the_queue_filters_by_state_and_unit_and_escapes_titles(
    app: App, client: Client
) -> None:
    seen = await desk(app)
    await app.services.reviews.act(seen.office, seen.app_item.id, Action.RECEIVE)
    await sign_in(client, app, seen.office)
    whole = await (await client.get("/web/sang-kien")).text()
    assert "Thư viện số &lt;script&gt;huyện&lt;/script&gt;" in whole and "<script>" not in whole
    assert "Phạm Thị &lt;b&gt;Lan&lt;/b&gt;" in whole
    received = await (await client.get("/web/sang-kien?trang-thai=received")).text()
    assert seen.app_item.code in received and seen.other_item.code not in received
    unit = seen.other_item.unit_id
    of_unit = await (await client.get(f"/web/sang-kien?don-vi={unit}")).text()
    assert seen.other_item.code in of_unit and seen.app_item.code not in of_unit
    junk = await client.get("/web/sang-kien?trang-thai=<x>&don-vi=abc&page=-3")
    assert junk.status == 200 and seen.app_item.code in await junk.text()


async def test_the_queue_pages_keep_the_filters(app: App, client: Client) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    for n in range(27):
        author = await make_member(app, f"a{n}", Role.STAFF, "CNTT", name=f"Tác Giả {n}")
        await app.services.initiatives.submit(author, make_proposal(title=f"Giải pháp {n}"))
    await sign_in(client, app, office)
    first = await (await client.get("/web/sang-kien?q=giai+phap")).text()
    assert "Trang 1/2" in first and 'href="/web/sang-kien?q=giai+phap&amp;page=2"' in first
    second = await (await client.get("/web/sang-kien?q=giai+phap&page=2")).text()
    assert "Trang 2/2" in second and second.count("<tr>") == 1 + 2


async def test_a_unit_head_sees_their_unit_only(app: App, client: Client) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.head)
    text = await (await client.get("/web/sang-kien")).text()
    assert seen.app_item.code in text and seen.other_item.code not in text
    assert 'name="don-vi"' not in text
    mine = await client.get(f"/web/sang-kien/{seen.app_item.id}")
    assert mine.status == 200 and "Ứng dụng chữ ký số nội bộ" in await mine.text()
    assert "Tiếp nhận" not in await mine.text()  # a unit head takes no reviewer step
    forged = await client.get(f"/web/sang-kien/{seen.other_item.id}")
    assert forged.status == 403 and "Thư viện" not in await forged.text()
    assert (await client.get("/web/sang-kien/999999")).status == 404
    assert (await client.get("/web/sang-kien/abc")).status == 404


async def test_staff_cannot_open_the_desk(app: App, client: Client) -> None:
    seen = await desk(app)
    leader = await make_member(app, "ld", Role.LEADER, "VP", name="Lãnh Đạo")
    await sign_in(client, app, leader)
    assert seen.other_item.code in await (await client.get("/web/sang-kien")).text()
    page = await client.get(f"/web/sang-kien/{seen.app_item.id}")
    assert page.status == 200 and "Tiếp nhận" not in await page.text()


async def test_the_dossier_shows_the_form_history_and_files(app: App, client: Client) -> None:
    seen = await desk(app)
    await app.services.reviews.act(
        seen.office, seen.app_item.id, Action.RETURN, reason="Thiếu số liệu <i>cụ thể</i>"
    )
    await sign_in(client, app, seen.office)
    text = await (await client.get(f"/web/sang-kien/{seen.app_item.id}")).text()
    for shown in (
        "Hồ sơ giấy chậm, dễ thất lạc.",
        "Nộp và xét duyệt hồ sơ qua Thi đua bot.",
        "Máy tính nối mạng và tài khoản Thi đua bot.",
        "Nguyễn Văn An",
        "Trả lại để bổ sung",
        "Thiếu số liệu &lt;i&gt;cụ thể&lt;/i&gt;",
        "Không có tệp đính kèm.",
    ):
        assert shown in text, shown
    assert "Rút sáng kiến" not in text  # the Office is no author: it cannot withdraw


async def test_the_dossier_lists_files_where_they_are_and_links_the_documents(
    app: App, client: Client
) -> None:
    seen = await desk(app)
    files = (
        FileInfo("telegram", "AgAD-xyz", "Thuyết minh <1>.pdf", "application/pdf", 20480),
        FileInfo("zalo", "zl-1", "so-lieu.xlsx", "application/vnd.ms-excel", 512),
    )
    item = await app.services.initiatives.submit(seen.author, make_proposal(files=files))
    await sign_in(client, app, seen.office)
    text = await (await client.get(f"/web/sang-kien/{item.id}")).text()
    assert "Thuyết minh &lt;1&gt;.pdf · 20.480 byte · gửi qua Telegram" in text
    assert "so-lieu.xlsx · 512 byte · gửi qua Zalo" in text
    assert "AgAD-xyz" not in text  # a platform's file id is no use to a browser
    assert f'href="/web/van-ban/{item.code}"' in text
