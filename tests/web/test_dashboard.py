"""The dashboard at ``/web/`` over real HTTP and the real services: the plan's coverage per
unit, the pipeline by state linking to the queues, the year's milestones and the charts; the
Office sees every unit, a unit head their own unit, as in chat."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.app import App, open_app
from bot.roles import Role
from tests.conftest import UNITS, make_settings
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.services.initiatives_seed import START
from tests.services.nominations_reports_seed import AWARDS, Nominated, seed_nominations
from tests.web.support import Client, sign_in, web_client

#: Two milestones the seed's clock (April 2026) has passed, one to come.
MILESTONES = [
    {"key": "registration", "on": "03-10", "remind_days_before": [7]},
    {"key": "unit_reports", "on": "04-10", "remind_days_before": [1]},
    {"key": "tong_ket", "on": "12-20", "name": "Hội nghị <b>tổng kết</b>", "who": "all"},
]
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: A unit whose name a careless administrator typed with markup in it.
MARKUP_UNIT = {"code": "XSS", "name": "Phòng <script>alert(1)</script> Số", "kind": "department"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    settings = make_settings(
        database_url, awards=AWARDS, units=[*UNITS, MARKUP_UNIT], milestones=MILESTONES
    )
    core = await open_app(settings, clock=clock)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def seeded(app: App, clock: FakeClock) -> Nominated:
    return await seed_nominations(app, clock)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


def coverage_rows(html: str) -> dict[str, tuple[int, int, int]]:
    """The coverage table: unit name → (confirmed, members, percent)."""
    section = html.split('id="bao-phu"', 1)[1].split("</section>", 1)[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = re.findall(
        r"<td>([^<]*)</td>\s*<td class=\"number\">(\d+)</td>\s*"
        r"<td class=\"number\">(\d+)</td>\s*<td class=\"number\">(\d+)%</td>",
        body,
    )
    return {name: (int(a), int(b), int(c)) for name, a, b, c in found}


def state_count(html: str, queue: str, state: str) -> int:
    """The count shown next to a state's link to its queue."""
    found = re.search(rf'href="{queue}\?trang-thai={state}">[^<]+</a>: <b>(\d+)</b>', html)
    assert found is not None, f"no link to {queue} in state {state}"
    return int(found.group(1))


async def test_the_office_sees_every_unit_and_the_whole_pipeline(
    app: App, client: Client, clock: FakeClock, seeded: Nominated
) -> None:
    await app.services.plans.confirm(seeded.people.an, 1)
    await sign_in(client, app, seeded.people.office)
    page = await client.get("/web/")
    assert page.status == 200
    html = await page.text()
    rows = coverage_rows(html)
    assert rows["Phòng Công nghệ thông tin"] == (1, 3, 33)
    assert rows["Văn phòng Sở"] == (0, 3, 0)
    assert rows["Phòng Văn hóa và Thông tin thành phố Vĩnh Yên"] == (0, 2, 0)
    assert "1 đơn vị chưa có cán bộ" in html  # the markup unit has nobody yet
    assert state_count(html, "/web/sang-kien", "submitted") == 2
    assert state_count(html, "/web/sang-kien", "returned") == 1
    assert state_count(html, "/web/sang-kien", "recognized") == 1
    assert state_count(html, "/web/khen-thuong", "awarded") == 1
    assert state_count(html, "/web/khen-thuong", "returned") == 1
    assert state_count(html, "/web/bao-cao", "accepted") == 1
    assert state_count(html, "/web/bao-cao", "returned") == 1
    assert "Được công nhận" in html and "Đã có quyết định khen thưởng" in html
    assert 'href="/web/sang-kien?trang-thai=withdrawn"' not in html  # nothing to open
    assert "đơn vị chưa thực hiện)" in html  # the Office's count of who has not registered
    await app.services.plans.confirm(seeded.people.binh, 1)
    clock.advance(seconds=11)  # the Office's figures are at most ten seconds old
    again = coverage_rows(await (await client.get("/web/")).text())
    assert again["Phòng Công nghệ thông tin"] == (2, 3, 67)


async def test_a_unit_head_sees_their_own_unit_only(
    app: App, client: Client, seeded: Nominated
) -> None:
    await app.services.plans.confirm(seeded.cntt_head, 1)
    await sign_in(client, app, seeded.cntt_head)
    html = await (await client.get("/web/")).text()
    assert coverage_rows(html) == {"Phòng Công nghệ thông tin": (1, 3, 33)}
    assert "của đơn vị <b>Phòng Công nghệ thông tin</b>" in html
    assert state_count(html, "/web/sang-kien", "submitted") == 1  # VHTT-VY's is not theirs
    assert state_count(html, "/web/khen-thuong", "submitted") == 1
    assert 'href="/web/khen-thuong?trang-thai=returned"' not in html  # VHTT-VY's
    assert state_count(html, "/web/bao-cao", "accepted") == 1
    assert 'href="/web/bao-cao?trang-thai=returned"' not in html


async def test_milestones_show_their_days_and_the_charts_their_images(
    app: App, client: Client, clock: FakeClock, seeded: Nominated
) -> None:
    await sign_in(client, app, seeded.people.council)
    html = await (await client.get("/web/")).text()
    milestones = html.split('id="moc-thoi-gian"', 1)[1].split("</section>", 1)[0]
    today = clock.now().astimezone(ZONE).date()
    assert "Các mốc thi đua năm 2026" in milestones
    rows = re.findall(
        r"<tr[^>]*>\s*<td>(.*?)</td>\s*<td>([0-9/]+)</td>\s*<td>(.*?)</td>", milestones
    )
    assert [(day, re.sub(r"<[^>]+>", "", left)) for _, day, left in rows] == [
        ("10/03/2026", f"đã qua {(today - date(2026, 3, 10)).days} ngày"),
        ("10/04/2026", f"đã qua {(today - date(2026, 4, 10)).days} ngày"),
        ("20/12/2026", f"còn {(date(2026, 12, 20) - today).days} ngày"),
    ]
    assert rows[2][0] == "Hội nghị &lt;b&gt;tổng kết&lt;/b&gt;"
    assert '<tr class="next">' in milestones and "chưa thực hiện" not in milestones
    images = re.findall(
        r'<img class="chart" src="(/web/bieu-do/[a-z-]+\.png)" alt="([^"]+)"', html
    )
    assert [src for src, _ in images] == [
        "/web/bieu-do/xep-hang.png",
        "/web/bieu-do/ty-le-xac-nhan.png",
        "/web/bieu-do/sang-kien-theo-thang.png",
    ]
    assert all(alt.startswith("Biểu đồ") for _, alt in images)


async def test_html_in_a_unit_name_is_escaped(app: App, client: Client, seeded: Nominated) -> None:
    await make_member(app, "xss", Role.STAFF, "XSS", name="Ngô <b>Văn</b> Lạ")
    await sign_in(client, app, seeded.people.office)
    html = await (await client.get("/web/")).text()
    assert "<script>alert(1)</script>" not in html
    assert coverage_rows(html)["Phòng &lt;script&gt;alert(1)&lt;/script&gt; Số"] == (0, 1, 0)


async def test_a_chart_is_a_png_for_the_signed_in_only(
    app: App, client: Client, seeded: Nominated
) -> None:
    outside = await client.get("/web/bieu-do/xep-hang.png", allow_redirects=False)
    assert outside.status == 303 and outside.headers["Location"] == "/web/het-han"
    await sign_in(client, app, seeded.vy_head)
    for name in ("xep-hang", "ty-le-xac-nhan", "sang-kien-theo-thang"):
        chart = await client.get(f"/web/bieu-do/{name}.png")
        assert chart.status == 200 and chart.content_type == "image/png"
        assert (await chart.read()).startswith(b"\x89PNG\r\n\x1a\n")
    again = await client.get("/web/bieu-do/xep-hang.png")
    assert again.status == 200 and (await again.read()).startswith(b"\x89PNG")
    unknown = await client.get("/web/bieu-do/mat-khau.png")
    assert unknown.status == 404 and "Không có biểu đồ này" in await unknown.text()


async def test_the_office_counts_are_kept_ten_seconds_a_unit_heads_are_not(
    app: App, client: Client, clock: FakeClock, seeded: Nominated
) -> None:
    await sign_in(client, app, seeded.people.office)
    assert (
        state_count(await (await client.get("/web/")).text(), "/web/sang-kien", "submitted") == 2
    )
    await app.services.initiatives.submit(seeded.people.an, make_proposal(title="Sổ tay số"))
    kept = await (await client.get("/web/")).text()
    assert state_count(kept, "/web/sang-kien", "submitted") == 2  # many reviewers, one count
    async with web_client(app) as other:
        await sign_in(other, app, seeded.cntt_head)
        own = await (await other.get("/web/")).text()
    assert state_count(own, "/web/sang-kien", "submitted") == 2  # CNTT's, counted afresh
    clock.advance(seconds=11)
    fresh = await (await client.get("/web/")).text()
    assert state_count(fresh, "/web/sang-kien", "submitted") == 3
