"""Units' vote lists over HTTP with the real services: who sees which list, the returned list
edited as one table and sent again in one POST (a wrong cell keeps every typed value and
writes nothing, a list changed meanwhile says so), and the Office receiving and returning."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App
from bot.roles import Role
from bot.services.vote_lists import ListState
from tests.factories import make_member
from tests.web.support import Client, post_form, sign_in, web_client
from tests.web.vote_list_seed import (
    MEETING,
    YEAR,
    Unit,
    returned_list,
    table,
    vote_list_settings,
)


@pytest.fixture
def settings(database_url: str) -> Any:
    return vote_list_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def _rows(app: App, unit: Unit) -> set[tuple[int | None, str, float | None, str | None]]:
    view = await app.services.vote_lists.view(unit.office, unit.list_id)
    return {(r.row.member_id, r.row.award_code, r.row.vote_share, r.row.basis) for r in view.rows}


async def _version(app: App, unit: Unit) -> str:
    return str((await app.services.vote_lists.view(unit.office, unit.list_id)).version)


async def test_each_viewer_sees_only_the_lists_they_may(app: App, client: Client) -> None:
    unit = await returned_list(app)
    path = f"/web/binh-xet/{unit.list_id}"
    await sign_in(client, app, unit.head)
    own = await (await client.get("/web/binh-xet")).text()
    assert f'href="{path}"' in own and "bị trả lại" in own
    page = await client.get(path)
    text = await page.text()
    assert page.status == 200 and "Nguyễn &lt;i&gt;Văn&lt;/i&gt; An" in text
    assert "Thiếu tỉ lệ phiếu chính xác" in text and 'name="c-share"' in text
    await sign_in(client, app, unit.other)
    assert (await client.get(path)).status == 403
    forged = await post_form(client, path, {**table(unit), "version": await _version(app, unit)})
    assert forged.status == 403
    assert f'href="{path}"' not in await (await client.get("/web/binh-xet")).text()
    council = await make_member(app, "hd", Role.COUNCIL, "VP", name="Hội Đồng")
    await sign_in(client, app, council)
    assert (await client.get("/web/binh-xet")).status == 403
    await sign_in(client, app, unit.office)
    overview = await (await client.get(f"/web/binh-xet?nam={YEAR}")).text()
    assert f'href="{path}"' in overview and unit.other.unit.name in overview
    assert (await client.get(f"/web/binh-xet/{unit.list_id + 99}")).status == 404


async def test_one_wrong_cell_keeps_every_value_and_writes_nothing(
    app: App, client: Client
) -> None:
    unit = await returned_list(app)
    binh = unit.staff[1]
    before = await _rows(app, unit)
    await sign_in(client, app, unit.head)
    version = await _version(app, unit)
    path = f"/web/binh-xet/{unit.list_id}"
    posted = table(unit, version=version, **{f"s-{binh.id}-LDTT": "abc", "attendees": "12"})
    answer = await post_form(client, path, posted)
    text = await answer.text()
    assert answer.status == 400 and "một số từ 0 đến 100" in text
    assert 'value="abc"' in text and text.count('value="90"') == 5  # every other cell kept
    assert await _rows(app, unit) == before and await _version(app, unit) == version
    no_basis = table(unit, version=version, **{f"b-{unit.staff[0].id}-CSTDCS": ""})
    answer = await post_form(client, path, no_basis)
    assert answer.status == 400 and "Chọn căn cứ" in await answer.text()
    future = await post_form(client, path, table(unit, version=version, meeting_on="1/4/2026"))
    assert future.status == 400 and "sau hôm nay" in await future.text()
    # The rules: TTLĐTT needs 70 % of the unit LĐTT; two of four is refused next to the title.
    few = {f"t-{p.id}-LDTT": "" for p in unit.people[:2]}
    answer = await post_form(client, path, table(unit, version=version, **few))
    text = await answer.text()
    assert answer.status == 400 and "Cần ít nhất 70% thành viên" in text
    assert await _rows(app, unit) == before
    assert (await client.post(path, data=table(unit, version=version))).status == 403  # no token
    assert await _rows(app, unit) == before


async def test_a_saved_table_reads_back_through_the_service(app: App, client: Client) -> None:
    unit = await returned_list(app)
    an, binh, chi = unit.staff
    await sign_in(client, app, unit.head)
    path = f"/web/binh-xet/{unit.list_id}"
    changes = {f"s-{binh.id}-LDTT": "75,5", f"t-{an.id}-CSTDCS": "", "meeting_on": "21/2/2026"}
    answer = await post_form(
        client, path, table(unit, version=await _version(app, unit), **changes)
    )
    assert answer.url.path == path and "Đã gửi lại danh sách" in await answer.text()
    view = await app.services.vote_lists.view(unit.head, unit.list_id)
    assert view.state is ListState.SUBMITTED and view.minutes == 1
    assert view.meeting is not None and view.meeting.held_on.day == 21
    assert view.meeting.attendees == MEETING.attendees
    assert await _rows(app, unit) == {
        (None, "TTLDTT", 0.9, None),
        *((p.id, "LDTT", 0.755 if p is binh else 0.9, None) for p in unit.people),
    }
    assert chi.id in {r.row.member_id for r in view.rows}
    again = await client.get(path)
    assert 'name="c-share"' not in await again.text()  # sent: read-only until returned


async def test_a_list_changed_meanwhile_says_so_and_shows_the_current_one(
    app: App, client: Client
) -> None:
    unit = await returned_list(app)
    await sign_in(client, app, unit.head)
    path = f"/web/binh-xet/{unit.list_id}"
    seen = await _version(app, unit)
    view = await app.services.vote_lists.view(unit.head, unit.list_id)
    rows = [found.row for found in view.rows]  # sent again from chat meanwhile
    await app.services.vote_lists.submit(unit.head, YEAR, rows, MEETING, ())
    answer = await post_form(client, path, table(unit, version=seen))
    text = await answer.text()
    assert answer.status == 409 and "Danh sách vừa thay đổi" in text
    assert "đã gửi, chờ Văn phòng tiếp nhận" in text
    assert await _rows(app, unit) == {
        (r.member_id, r.award_code, r.vote_share, r.basis) for r in rows
    }


async def test_the_office_receives_or_returns_the_list(app: App, client: Client) -> None:
    unit = await returned_list(app)
    service = app.services.vote_lists
    view = await service.view(unit.head, unit.list_id)
    await service.submit(unit.head, YEAR, [r.row for r in view.rows], MEETING, ())
    path = f"/web/binh-xet/{unit.list_id}"
    await sign_in(client, app, unit.head)
    assert (await post_form(client, f"{path}/tiep-nhan", {"version": "1"})).status == 403
    await sign_in(client, app, unit.office)
    stale = await post_form(client, f"{path}/tiep-nhan", {"version": "0"})
    assert stale.status == 409 and "Danh sách vừa thay đổi" in await stale.text()
    version = await _version(app, unit)
    received = await post_form(client, f"{path}/tiep-nhan", {"version": version})
    assert "Đã tiếp nhận" in await received.text()
    assert (await service.view(unit.office, unit.list_id)).state is ListState.RECEIVED
    version = await _version(app, unit)
    empty = await post_form(client, f"{path}/tra-lai", {"version": version, "reason": "  "})
    assert empty.status == 400 and "Nhập lý do trả lại" in await empty.text()
    reason = "Sai <b>tỉ lệ</b>"
    back = await post_form(client, f"{path}/tra-lai", {"version": version, "reason": reason})
    text = await back.text()
    assert "Đã trả lại danh sách" in text and "Sai &lt;b&gt;tỉ lệ&lt;/b&gt;" in text
    returned = await service.view(unit.office, unit.list_id)
    assert returned.state is ListState.RETURNED and returned.return_reason == reason
