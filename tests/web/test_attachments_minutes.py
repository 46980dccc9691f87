"""A vote list's minutes and a nomination's evidence opened on the web: the same rule as the
initiatives' files (whoever sees the item opens its files, nobody else) on the other desks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App
from bot.services.common import FileInfo
from tests.services.nominations_seed import draft_for
from tests.web.support import Client, sign_in, web_client
from tests.web.vote_list_seed import MEETING, YEAR, returned_list, vote_list_settings

PDF = b"%PDF-1.4\n% bien ban hop\n%%EOF\n"
MINUTES_NAME = "Biên bản họp bình xét 2025.pdf"


@pytest.fixture
def settings(database_url: str) -> Any:
    return vote_list_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def test_a_lists_minutes_open_for_the_unit_and_the_office_only(
    app: App, client: Client
) -> None:
    unit = await returned_list(app)
    minutes = await app.services.files.store(unit.head, MINUTES_NAME, "application/pdf", PDF)
    service = app.services.vote_lists
    view = await service.view(unit.head, unit.list_id)
    rows = [r.row for r in view.rows]
    await service.submit(
        unit.head, YEAR, rows, MEETING, [minutes], unit_id=view.unit_id, seen_version=view.version
    )
    files = await service.minutes(unit.office, unit.list_id)
    address = f"/web/binh-xet/{unit.list_id}/tep/{files[0].id}"
    for viewer in (unit.head, unit.office):
        await sign_in(client, app, viewer)
        page = await (await client.get(f"/web/binh-xet/{unit.list_id}")).text()
        assert "Biên bản họp đã gửi" in page and f'href="{address}" target="_blank"' in page
        got = await client.get(address)
        assert got.status == 200 and await got.read() == PDF
        assert got.headers["Content-Type"] == "application/pdf"
    await sign_in(client, app, unit.other)
    assert (await client.get(address)).status == 403
    await sign_in(client, app, unit.head)
    assert (await client.get(f"/web/binh-xet/{unit.list_id}/tep/{files[0].id + 1}")).status == 404


async def test_a_nominations_evidence_opens_for_whoever_sees_the_nomination(
    app: App, client: Client
) -> None:
    unit = await returned_list(app)
    an = unit.staff[0]
    image = b"\xff\xd8\xff\xe0" + b"\x00" * 32
    evidence = await app.services.files.store(unit.head, "bằng khen.jpg", "image/jpeg", image)
    other = FileInfo("zalo", "https://zalo.example/f/1", "ghi-am.m4a", "audio/mp4", 10)
    nomination = await app.services.nominations.submit(
        unit.head, draft_for(an, award_code="GK-GD", files=(evidence, other))
    )
    first, second = nomination.files
    base = f"/web/khen-thuong/{nomination.id}"
    await sign_in(client, app, unit.office)
    page = await (await client.get(base)).text()
    assert f'src="{base}/tep/{first.id}"' in page and "gửi qua Zalo" in page
    got = await client.get(f"{base}/tep/{first.id}?tai-ve=1")
    assert got.status == 200 and await got.read() == image
    assert got.headers["Content-Type"] == "image/jpeg"
    assert got.headers["Content-Disposition"].startswith("attachment; ")
    unavailable = await client.get(f"{base}/tep/{second.id}")
    assert unavailable.status == 409 and "ghi-am.m4a" in await unavailable.text()
    await sign_in(client, app, unit.other)
    assert (await client.get(f"{base}/tep/{first.id}")).status == 403
