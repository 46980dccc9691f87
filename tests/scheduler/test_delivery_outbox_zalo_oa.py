"""The Zalo OA's reply window in the outbox: a message goes while the person's window is open;
outside it, it goes as a proactive message while the month's quota lasts, else by another of
the member's channels, else it waits until the person writes again. Time is fake."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config_zalo import ZaloOutbox
from bot.config_zalo_oa import ZaloOaOutbox
from bot.domain import LeaveReason
from bot.roles import Role
from models import ChannelQuota, DeliveryStatus
from scheduler.outbox import OutboxWorker
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.fakes.oa_messenger import FakeOaMessenger
from tests.scheduler.oa_rig import OA, TG, ZL, Rig, make_rig
from tests.scheduler.test_delivery_outbox_zalo import ManualTime, SendTimes, queue
from tests.services.broadcasts_seed import add_member

MakeRig = Callable[..., Rig]


@pytest.fixture
def rigs(app: App, clock: FakeClock) -> MakeRig:
    return lambda **kw: make_rig(app, clock, **kw)


async def test_inside_the_window_it_goes_and_keeps_the_message_id(rigs: MakeRig) -> None:
    rig = rigs()
    await rig.wrote("u1", hours_ago=47)
    await rig.queue("u1")
    await rig.drain()
    assert rig.oa.texts_to("u1") == ["tin u1"]
    [row] = await rig.rows()
    assert (row.status, row.message_id, row.outcome) == ("sent", "oa-1", "")
    # The OA's receipt finds the delivery by that id.
    windows = rig.app.services.reply_windows
    await windows.receipts(OA, "u1", ["oa-1"], seen=True, at=rig.app.clock.now())
    [row] = await rig.rows()
    assert row.seen_at is not None and row.received_at is not None


async def test_outside_the_window_a_lone_follower_waits_until_they_write(rigs: MakeRig) -> None:
    rig = rigs()
    await rig.wrote("u1", hours_ago=49)
    await rig.queue("u1")
    await rig.queue("u2")  # never wrote to the OA
    await rig.drain()
    assert rig.oa.attempts == []  # nothing was tried: the outbox knew the window was closed
    rows = await rig.rows()
    assert [(r.status, r.outcome) for r in rows] == [("waiting", "out_of_window")] * 2
    await rig.drain()
    assert rig.oa.attempts == []  # waiting rows are not claimed again
    await rig.wrote("u1")
    await rig.drain()
    assert rig.oa.texts_to("u1") == ["tin u1"]
    assert [r.status for r in await rig.rows()] == ["sent", "waiting"]


async def test_the_window_holds_eight_messages_counted_within_a_batch(rigs: MakeRig) -> None:
    rig = rigs()
    await rig.wrote("u1")
    await rig.app.services.reply_windows.sent(OA, "u1", 6)
    for n in range(3):
        await rig.queue("u1", text=f"tin {n}")
    await rig.drain()
    assert rig.oa.texts_to("u1") == ["tin 0", "tin 1"]
    rows = await rig.rows()
    assert [(r.status, r.outcome) for r in rows][2] == ("waiting", "out_of_quota")


async def test_a_closed_window_sends_a_linked_member_by_telegram(rigs: MakeRig) -> None:
    rig = rigs()
    an = await rig.member("An", (OA, "u1", False), (TG, "501", False), prefer=OA)
    await rig.queue("u1", an, file=True)
    await rig.drain()
    assert rig.oa.attempts == []
    [text] = rig.telegram.texts_to("501")
    assert text.startswith("tin u1")
    assert "tệp «kh.pdf»" in text and "trên Zalo OA" in text  # the OA's file became a note
    [row] = await rig.rows()
    assert (row.status, row.channel, row.rerouted_from, row.outcome) == (
        "sent",
        "telegram",
        "zalo_oa",
        "out_of_window",
    )
    assert row.message_id == "1"  # Telegram's message id is kept too
    assert "delivery.rerouted" in await rig.actions()


async def test_proactive_messages_go_while_the_quota_lasts_and_the_office_is_warned(
    rigs: MakeRig,
) -> None:
    rig = rigs(proactive=2)
    await rig.office()
    for chat in ("u1", "u2", "u3"):
        await rig.queue(chat)
    await rig.drain()
    rig.time.advance(1.0)
    await rig.drain()
    assert [chat for chat, _ in rig.oa.sent] == ["u1", "u2"]
    rows = {r.chat_id: r for r in await rig.rows()}
    assert (rows["u3"].status, rows["u3"].outcome) == ("waiting", "out_of_window")
    async with rig.app.sessions() as session:
        counted = await session.scalar(
            select(ChannelQuota.sent).where(ChannelQuota.channel == OA.value)
        )
    assert counted == 2
    [warning] = rig.telegram.texts_to("900")
    assert "tin chủ động" in warning and "2/2" in warning


async def test_three_doors_preferred_oa_outside_its_window_goes_to_the_next(
    rigs: MakeRig,
) -> None:
    rig = rigs()
    doors = ((TG, "501", False), (ZL, "z501", False), (OA, "u1", False))
    an = await rig.member("An", *doors, prefer=OA)
    await rig.queue("u1", an)
    await rig.drain()
    assert rig.telegram.texts_to("501") == ["tin u1"]  # Telegram comes first after the OA
    assert rig.zalo.sent == []


async def test_three_doors_telegram_blocked_then_the_bot_platform(rigs: MakeRig) -> None:
    rig = rigs()
    doors = ((TG, "501", True), (ZL, "z501", False), (OA, "u1", False))
    an = await rig.member("An", *doors, prefer=OA)
    await rig.queue("u1", an)
    await rig.drain()
    assert rig.zalo.texts_to("z501") == ["tin u1"]


async def test_three_doors_bot_platform_blocked_goes_to_the_oa(rigs: MakeRig) -> None:
    rig = rigs()
    doors = ((TG, "501", True), (ZL, "z501", False), (OA, "u1", False))
    an = await rig.member("An", *doors, prefer=ZL)
    await rig.wrote("u1")
    rig.zalo.block("z501")
    await rig.queue("z501", an, text="tin", channel=ZL)
    await rig.drain()
    assert rig.oa.texts_to("u1") == ["tin"]
    [row] = await rig.rows()
    assert (row.channel, row.status, row.rerouted_from) == ("zalo_oa", "sent", "zalo")


async def test_three_doors_all_closed_waits_on_the_oa(rigs: MakeRig) -> None:
    rig = rigs()
    doors = ((TG, "501", True), (ZL, "z501", True), (OA, "u1", False))
    an = await rig.member("An", *doors)
    await rig.queue("u1", an)
    await rig.drain()
    [row] = await rig.rows()
    assert (row.channel, row.status, row.outcome) == (
        "zalo_oa",
        DeliveryStatus.WAITING,
        "out_of_window",
    )


async def test_the_oa_has_its_own_pace_and_holds_up_no_other_lane(
    app: App, clock: FakeClock
) -> None:
    time = ManualTime(clock)
    oa = FakeOaMessenger(app.services.reply_windows)
    telegram, zalo = FakeMessenger(), FakeMessenger()
    oa_times, telegram_times, zalo_times = SendTimes(time), SendTimes(time), SendTimes(time)
    oa.on_send, telegram.on_send, zalo.on_send = oa_times, telegram_times, zalo_times
    for chat in ("u1", "u2", "u3"):
        await app.services.reply_windows.inbound(OA, chat, clock.now())
    await queue(app, OA, "u1", "u2", "u3")  # queued first
    await queue(app, TG, "t1", "t2")
    await queue(app, ZL, "z1", "z2")
    worker = OutboxWorker(
        app.services.outbox,
        {OA: oa, TG: telegram, ZL: zalo},
        app.settings.outbox.model_copy(update={"rate_per_second": 0}),
        clock,
        zalo=ZaloOutbox(rate_per_second=0, per_chat_interval_seconds=0),
        zalo_oa=ZaloOaOutbox(rate_per_second=1, per_chat_interval_seconds=0),
        windows=app.services.reply_windows,
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    drain = asyncio.create_task(worker.drain())
    await telegram_times.reach(2)
    await zalo_times.reach(2)
    await oa_times.reach(1)
    async with asyncio.timeout(5):
        await time.sleeping.wait()
    assert telegram_times.at == zalo_times.at == [0.0, 0.0]
    assert oa_times.at == [0.0]  # one a second, by [zalo_oa.outbox]
    for sent in (2, 3):
        time.advance(1.0)
        await oa_times.reach(sent)
    async with asyncio.timeout(5):
        assert await drain == 7
    assert oa_times.at == [0.0, 1.0, 2.0]


async def test_a_member_who_leaves_while_waiting_is_skipped_not_sent_later(
    rigs: MakeRig,
) -> None:
    rig = rigs()
    office = await add_member(rig.app, "VP", "Văn Phòng", Role.OFFICE, chat="9000")
    an = await rig.member("An", (OA, "u1", False))
    await rig.queue("u1", an)
    await rig.drain()
    assert [r.status for r in await rig.rows()] == ["waiting"]
    left = await rig.app.services.member_changes.leave(
        office, an.id, LeaveReason.RETIRED, date(2026, 3, 1)
    )
    assert left.skipped == 1
    await rig.wrote("u1")  # writing to the OA after leaving sends nothing
    await rig.drain()
    assert rig.oa.sent == []
    assert [r.status for r in await rig.rows()] == ["skipped"]


async def test_back_and_forth_ends_waiting_on_the_oa(rigs: MakeRig) -> None:
    rig = rigs()
    an = await rig.member("An", (OA, "u1", False), (TG, "501", False), prefer=OA)
    rig.telegram.block("501")
    await rig.queue("u1", an)
    await rig.drain()  # OA closed → Telegram → blocked there → back to the OA, closed
    assert rig.telegram.attempts == ["501"] and rig.oa.attempts == []
    [row] = await rig.rows()
    assert (row.channel, row.status, row.rerouted_from) == ("zalo_oa", "waiting", "")
    await rig.wrote("u1")
    await rig.drain()
    assert rig.oa.texts_to("u1") == ["tin u1"]
