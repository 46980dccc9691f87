"""The documents of a subject over HTTP with the real services: what the chat's ``/vanban
CODE`` offers, the blanks listed before the download, a real ``.docx`` download, the Office's
whole dossier ``.zip``, and the chat's rule of who may have what (403, 404)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from urllib.parse import quote

import docx
import pytest

from bot.app import App
from bot.config import Settings
from tests.services.documents_seed import (
    DECISION_NUMBER,
    PLACE_LABEL,
    SESSION_CODE,
    Seeded,
    documents_settings,
    docx_text,
    seed,
)
from tests.web.support import Client, sign_in, web_client


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def seeded(app: App) -> Seeded:
    return await seed(app)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def test_the_office_checks_the_blanks_then_downloads_a_real_docx(
    app: App, client: Client, seeded: Seeded
) -> None:
    await sign_in(client, app, seeded.office)
    code = seeded.nomination_code
    listed = await client.get(f"/web/van-ban/{code}")
    text = await listed.text()
    assert listed.status == 200 and "Báo cáo thành tích" in text
    check = await client.get(f"/web/van-ban/{code}/loai/achievement")
    checked = await check.text()
    assert check.status == 200 and PLACE_LABEL in checked
    assert f'href="/web/van-ban/{code}/loai/achievement/tai"' in checked
    got = await client.get(f"/web/van-ban/{code}/loai/achievement/tai")
    assert got.status == 200
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"{code}.docx" in disposition
    assert got.content_type.endswith("wordprocessingml.document")
    content = await got.read()
    document = docx.Document(io.BytesIO(content))
    assert document.paragraphs and "Nguyễn Văn An" in docx_text(content)


async def test_the_office_downloads_a_sessions_and_a_decisions_whole_dossier(
    app: App, client: Client, seeded: Seeded
) -> None:
    await sign_in(client, app, seeded.office)
    for code in (SESSION_CODE, DECISION_NUMBER):
        path = f"/web/van-ban/{quote(code, safe='')}"
        page = await client.get(path)
        text = await page.text()
        assert page.status == 200 and "Toàn bộ hồ sơ" in text, code
        got = await client.get(f"{path}/ho-so.zip")
        assert got.status == 200 and got.content_type == "application/zip"
        assert got.headers["Content-Disposition"].startswith("attachment;")
        with zipfile.ZipFile(io.BytesIO(await got.read())) as archive:
            names = archive.namelist()
            assert names and archive.testzip() is None
            for name in names:
                if name.endswith(".docx"):
                    docx.Document(io.BytesIO(archive.read(name)))


async def test_another_units_head_gets_403_and_an_unknown_code_404(
    app: App, client: Client, seeded: Seeded
) -> None:
    await sign_in(client, app, seeded.other_head)
    code = seeded.nomination_code
    assert (await client.get(f"/web/van-ban/{code}")).status == 403
    assert (await client.get(f"/web/van-ban/{code}/loai/achievement/tai")).status == 403
    assert (await client.get(f"/web/van-ban/{SESSION_CODE}/ho-so.zip")).status == 403
    assert (await client.get("/web/van-ban/DC-2099-9999")).status == 404


async def test_the_nominations_head_gets_its_documents_but_no_dossier(
    app: App, client: Client, seeded: Seeded
) -> None:
    await sign_in(client, app, seeded.head)
    page = await client.get(f"/web/van-ban/{seeded.nomination_code}")
    assert page.status == 200 and "Toàn bộ hồ sơ" not in await page.text()
    got = await client.get(f"/web/van-ban/{seeded.nomination_code}/loai/achievement/tai")
    assert got.status == 200
    docx.Document(io.BytesIO(await got.read()))
