"""One person, one order, across processes: two bots on one database, each with its own
webhook, receive one person's updates in turn, as two ``updates`` processes behind a load
balancer would.

The two bots are two cores (``open_app``) in this process: they share nothing but the database
and the fake Telegram server, as two processes share. Updates are posted to each bot's webhook
as Telegram would post them (``update_id`` increasing).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from sqlalchemy import text

from bot.app import App, open_app
from bot.channels.telegram.application import TelegramChannel
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.formatting import strip_html
from bot.ports import Channel
from bot.roles import Role
from bot.services.conversation.turn_lock import TURN_CLASS
from handlers.common import catalog
from tests.conftest import PG_URL, make_settings
from tests.e2e.harness import TOKEN
from tests.e2e.test_webhook import free_port
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

SECRET = "two-processes-secret-0123456789"
OFFICE = 6101
STAFF = 6102
postgres_only = pytest.mark.skipif(
    not PG_URL, reason="SQLite is served by one process (the process lock)"
)


@dataclass
class Receiver:
    """One bot with its own webhook."""

    app: App
    channel: TelegramChannel
    url: str

    async def post(self, update: dict[str, Any]) -> None:
        headers = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url, data=json.dumps(update).encode(), headers=headers) as answer,
        ):
            assert answer.status == 200


async def start_receiver(fake: FakeTelegramApi, database_url: str, clock: FakeClock) -> Receiver:
    port = free_port()
    settings = make_settings(
        database_url,
        telegram={
            "token": TOKEN,
            "base_url": fake.base_url,
            "base_file_url": fake.base_file_url,
            "mode": "webhook",
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
            "webhook_path": "telegram",
            "webhook_url": "https://bot.example.vn/telegram",
            "webhook_secret": SECRET,
        },
    )
    app = await open_app(settings, clock=clock)
    channel = TelegramChannel(settings, app.router, catalog.menu_for(None, app.texts))
    await channel.start(webhook=True)
    app.messengers[Channel.TELEGRAM] = channel.messenger
    path = urlsplit(fake.calls_to("setWebhook")[-1].params["url"]).path
    return Receiver(app, channel, f"http://127.0.0.1:{port}{path}")


@pytest.fixture
async def receivers(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[tuple[Receiver, Receiver]]:
    """Two bots on one database, each receiving by its own webhook."""
    first = await start_receiver(fake, database_url, clock)
    second = await start_receiver(fake, database_url, clock)
    await make_member(
        first.app, str(OFFICE), Role.OFFICE, "VP", name="Lê Văn Phòng", channel=Channel.TELEGRAM
    )
    await make_member(first.app, str(STAFF), name="Nguyễn Thị Lan", channel=Channel.TELEGRAM)
    try:
        yield first, second
    finally:
        for receiver in (first, second):
            await receiver.channel.stop()
            await receiver.app.close()


def said(fake: FakeTelegramApi, user: int) -> list[str]:
    """What the bot said in a private chat, in the order it said it."""
    return [strip_html(m.plain_text or "") for m in fake.messages_to(user)]


async def test_a_dialog_answered_through_alternating_processes_takes_every_answer(
    receivers: tuple[Receiver, Receiver], fake: FakeTelegramApi
) -> None:
    """The Office's /thongbao: each update reaches the other process than the one before,
    and every answer is taken as the dialog's answer, never as free text (issue 21)."""
    bots = receivers
    turn = 0

    async def send(update: dict[str, Any]) -> str:
        nonlocal turn
        await bots[turn % 2].post(update)
        turn += 1
        await fake.wait_sent(OFFICE, turn)
        return strip_html(fake.last_text(OFFICE))

    def tap(label: str) -> dict[str, Any]:
        return fake.push_callback(OFFICE, fake.button_data(OFFICE, label), queue=False)

    for attempt in range(3):
        await send(fake.push_message(OFFICE, "/thongbao", queue=False))
        assert "Nhập nội dung thông báo" in await send(tap("Soạn thông báo mới"))
        assert "đính kèm tệp" in await send(
            fake.push_message(OFFICE, f"Họp lần {attempt}", queue=False)
        )
        assert "Gửi cho ai" in await send(tap("Không đính kèm"))
        assert "Đã hủy soạn thông báo" in await send(
            fake.push_message(OFFICE, "/huy", queue=False)
        )


@postgres_only
async def test_quick_messages_split_between_two_processes_are_answered_in_order(
    receivers: tuple[Receiver, Receiver], fake: FakeTelegramApi
) -> None:
    """20 answers sent at once, alternately to each process, are answered in their order."""
    first, second = receivers
    await first.post(fake.push_message(OFFICE, "/thongbao", queue=False))
    await fake.wait_sent(OFFICE, 1)
    await second.post(
        fake.push_callback(OFFICE, fake.button_data(OFFICE, "Soạn thông báo mới"), queue=False)
    )
    await fake.wait_sent(OFFICE, 2)
    # Each answer names a placeholder the bot does not know: the step says which, and stays.
    names = [f"x{n:02}" for n in range(20)]
    updates = [fake.push_message(OFFICE, f"Họp {{{name}}}", queue=False) for name in names]
    await asyncio.gather(*(receivers[n % 2].post(u) for n, u in enumerate(updates)))
    await fake.wait_sent(OFFICE, 22, timeout=30)
    answers = said(fake, OFFICE)[2:]
    assert all("chỗ trống bot không biết" in a for a in answers)
    echoed = [next(name for name in names if f"{{{name}}}" in a) for a in answers]
    assert echoed == names


async def wait_for_turn_waiter(app: App) -> None:
    """Wait until a turn waits, in the database, for the lock of a person held elsewhere."""
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND objsubid = 2 AND classid = :cls"
    )
    for _ in range(500):
        async with app.sessions() as session:
            if await session.scalar(query, {"cls": TURN_CLASS}):
                return
        await asyncio.sleep(0.01)
    raise AssertionError("no turn waited for the person's lock")


@postgres_only
async def test_one_person_is_handled_by_one_process_at_a_time(
    receivers: tuple[Receiver, Receiver], fake: FakeTelegramApi
) -> None:
    """While one process is busy with the person (sending them its reply), the other process
    waits for it with the person's next update, and the replies come in order."""
    first, second = receivers
    held = fake.hold_calls(OFFICE)
    await first.post(fake.push_message(OFFICE, "/trogiup", queue=False))
    await fake.wait_for(lambda: fake.waiting_calls == 1)  # the first turn is sending
    await second.post(fake.push_message(OFFICE, "/thongbao", queue=False))
    await wait_for_turn_waiter(second.app)
    assert fake.sent_count_to(OFFICE) == 0
    held.set()
    await fake.wait_sent(OFFICE, 2)
    help_text, broadcasts = said(fake, OFFICE)
    assert "/thongbao" in help_text and "Soạn thông báo mới" not in help_text
    assert fake.buttons(OFFICE) and "Soạn thông báo mới" in str(fake.buttons(OFFICE))
    assert broadcasts


async def test_two_people_are_served_at_the_same_time(
    receivers: tuple[Receiver, Receiver], fake: FakeTelegramApi
) -> None:
    """One person's turn still in progress (its reply not yet sent) does not hold up another
    person's, on the same process or on the other."""
    first, second = receivers
    held = fake.hold_calls(OFFICE)
    await first.post(fake.push_message(OFFICE, "/trogiup", queue=False))
    await fake.wait_for(lambda: fake.waiting_calls == 1)
    for receiver in (first, second):
        await receiver.post(fake.push_message(STAFF, "/trogiup", queue=False))
    await fake.wait_sent(STAFF, 2)
    assert fake.waiting_calls == 1 and fake.sent_count_to(OFFICE) == 0
    held.set()
    await fake.wait_sent(OFFICE, 1)


@postgres_only
async def test_an_update_redelivered_to_the_other_process_is_answered_once(
    receivers: tuple[Receiver, Receiver], fake: FakeTelegramApi
) -> None:
    first, second = receivers
    update = fake.push_message(OFFICE, "/trogiup", queue=False)
    await first.post(update)
    await second.post(update)
    await first.post(fake.push_message(OFFICE, "/thongbao", queue=False))
    await fake.wait_sent(OFFICE, 2)
    assert "Soạn thông báo mới" in str(fake.buttons(OFFICE))  # the second reply: no help again
