"""A unit of 60 people: its returned list is one table of 60 rows, sent again in one POST
and read back through the service row by row."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from bot.app import App
from bot.roles import Role
from bot.services.vote_lists import ListState, Row
from tests.factories import make_member
from tests.services.cycle_seed import started
from tests.web.support import Client, post_form, sign_in, web_client
from tests.web.vote_list_seed import MEETING, MINUTES, YEAR, vote_list_settings

PEOPLE = 60


@pytest.fixture
def settings(database_url: str) -> Any:
    return vote_list_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def test_sixty_rows_are_sent_in_one_post(app: App, client: Client) -> None:
    head = await make_member(app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng")
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    people = [head] + [
        await make_member(app, f"cb{n}", name=f"Cán Bộ {n:02d}") for n in range(PEOPLE - 1)
    ]
    for person in people:
        await started(app, person.id, date(2020, 1, 1))
    service = app.services.vote_lists
    rows = [Row(p.id, "LDTT", 1.0) for p in people]
    sent = await service.submit(head, YEAR, rows, MEETING, MINUTES)
    back = await service.return_list(office, sent.id, "Sửa tỉ lệ phiếu", sent.version)
    await sign_in(client, app, head)
    page = await (await client.get(f"/web/binh-xet/{back.id}")).text()
    assert page.count('type="checkbox"') == PEOPLE * 2  # LĐTT and CSTĐCS for each person
    posted = {"version": str(back.version), "meeting_on": "20/02/2026", "attendees": "60"}
    for n, person in enumerate(people):
        posted[f"t-{person.id}-LDTT"] = "1"
        posted[f"s-{person.id}-LDTT"] = str(50 + n % 50)
    answer = await post_form(client, f"/web/binh-xet/{back.id}", posted)
    assert answer.status == 200 and "Đã gửi lại danh sách" in await answer.text()
    view = await service.view(office, back.id)
    assert view.state is ListState.SUBMITTED and len(view.rows) == PEOPLE
    shares = {r.row.member_id: r.row.vote_share for r in view.rows}
    assert shares == {p.id: (50 + n % 50) / 100 for n, p in enumerate(people)}
