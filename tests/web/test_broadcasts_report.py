"""The delivery report of a broadcast sent from the web: after the real outbox worker has
delivered to some through a fake messenger, the page lists exactly the people not reached."""

from __future__ import annotations

import asyncio
import re

from bot.app import App
from bot.ports import Channel, PermanentFailure, TransientFailure
from scheduler.outbox import OutboxWorker
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.services.broadcasts_seed import add_member, org
from tests.web.broadcast_forms import NEW, confirmation
from tests.web.support import Client, post_form, sign_in, web_client


class PaceTime:
    """The worker's pacing clock: waiting moves it, never the database clock or real time."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds


def names_listed(page: str) -> list[str]:
    """The first cell of every row of the "not reached" table."""
    table = page.split('class="not-reached"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td>", table)


async def send_to_everyone(app: App, client: Client) -> str:
    fields = {"text": "Họp giao ban", "audience": "everyone", "urgent": "yes"}
    sent = await post_form(client, NEW, await confirmation(client, fields))
    assert sent.status == 200
    return str(sent.url.path)


async def test_the_report_lists_exactly_who_was_not_reached(app: App, clock: FakeClock) -> None:
    p = await org(app)  # Văn Phòng 9000, Trưởng CNTT 9001, An 9002, Bình blocked, VY 9004, Chi
    await add_member(app, "CNTT", "Đặng <b>Thị</b> Ánh", chat="9005")
    messenger = FakeMessenger()
    messenger.fail("9002", PermanentFailure("Bad Request: chat not found"))
    messenger.fail("9004", TransientFailure("timed out"))
    pace = PaceTime()
    worker = OutboxWorker(
        app.services.outbox,
        {Channel.TELEGRAM: messenger},
        app.settings.outbox,
        app.clock,
        monotonic=pace.monotonic,
        sleep=pace.sleep,
    )
    async with web_client(app) as client:
        await sign_in(client, app, p.office)
        report = await send_to_everyone(app, client)
        await app.services.broadcasts.start_due()
        await worker.drain()
        assert sorted(chat for chat, _ in messenger.sent) == ["9000", "9001", "9005"]
        page = await (await client.get(report)).text()
        # By unit name, then by name (Vietnamese order).
        assert names_listed(page) == ["An", "Bình", "Chi", "Trưởng VY"]
        assert "Người chưa nhận được (4)" in page
        assert "Bad Request: chat not found" in page and "not sent:" not in page
        assert 'id="count-sent">3<' in page and 'id="count-pending">1<' in page
        for status in ("Gửi lỗi", "Đã chặn bot", "Đang chờ gửi", "Chưa dùng bot (không có kênh)"):
            assert status in page
        # Searching without diacritics finds the name written with them.
        found = await (await client.get(f"{report}?q=binh")).text()
        assert names_listed(found) == ["Bình"]
        nobody = await (await client.get(f"{report}?q=%3Cscript%3E")).text()
        assert "<script>" not in nobody and "&lt;script&gt;" in nobody
        # The person whose send is retried gets it: they leave the list.
        clock.advance(seconds=3600)
        pace.now += 3600
        await worker.drain()
        after = await (await client.get(report)).text()
        assert sorted(names_listed(after)) == sorted(["An", "Bình", "Chi"])
        assert "Đặng &lt;b&gt;Thị&lt;/b&gt; Ánh" not in after


async def test_the_not_reached_list_is_paginated(app: App) -> None:
    p = await org(app)
    for number in range(60):
        await add_member(app, "VHTT-VY", f"Người {number:02d}")  # no account: unreachable
    async with web_client(app) as client:
        await sign_in(client, app, p.office)
        report = await send_to_everyone(app, client)
        await app.services.broadcasts.start_due()
        first = await (await client.get(report)).text()
        second = await (await client.get(f"{report}?q=&page=2")).text()
    assert "Người chưa nhận được (66)" in first and "Trang 1/2" in first
    assert len(names_listed(first)) == 50 and len(names_listed(second)) == 16
    assert not set(names_listed(first)) & set(names_listed(second))
