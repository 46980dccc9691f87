"""The sender's view of a broadcast: one status message, edited as sending goes on, ending
as the delivery report (with buttons for who was not reached, when anyone was not).

The runner ticks by hand; between ticks an outbox worker on fake time sends a few batches.
Nothing sleeps for real: the worker's sleep moves the fake clocks.
"""

from __future__ import annotations

import asyncio

from bot.app import App
from bot.callbacks import BroadcastAct, BroadcastChoice
from bot.formatting import strip_html
from bot.ports import Capabilities, Channel, Messenger, PermanentFailure, Reply
from bot.roles import Role
from bot.services.broadcasts.delivery_counts import DeliveryCounts
from bot.services.broadcasts.records import StatusNote
from bot.services.common.views import MemberView
from bot.texts import Texts
from scheduler.broadcasts import BroadcastRunner, status_reply
from scheduler.outbox import OutboxWorker
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.services.broadcasts_seed import STATUS_CHAT, add_member, add_staff, draft

SENDER = STATUS_CHAT[1]


class FakeTime:
    """The worker's monotonic clock and sleep; sleeping moves the database clock too."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.clock.advance(seconds=seconds)


class Rig:
    """A runner and a worker sharing one messenger."""

    def __init__(self, app: App, clock: FakeClock, messenger: Messenger) -> None:
        self.app = app
        self.time = FakeTime(clock)
        self.worker = OutboxWorker(
            app.services.outbox,
            {Channel.TELEGRAM: messenger},
            app.settings.outbox.model_copy(update={"batch_size": 40}),
            app.clock,
            monotonic=self.time.monotonic,
            sleep=self.time.sleep,
        )
        self.woken = 0
        self.runner = BroadcastRunner(
            app.services.broadcasts,
            app.services.board_posts,
            {Channel.TELEGRAM: messenger},
            app.texts,
            interval=app.settings.broadcasts.progress_seconds,
            wake_outbox=self.wake,
        )

    def wake(self) -> None:
        self.woken += 1

    async def send_batches(self, count: int) -> None:
        for _ in range(count):
            await self.worker.drain_once()
        await self.worker.settle()

    async def tick_later(self) -> None:
        """Let the progress interval pass, then tick."""
        self.time.advance(self.app.settings.broadcasts.progress_seconds)
        await self.runner.tick()


async def office(app: App) -> MemberView:
    return await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat=SENDER)


async def test_the_sender_sees_one_message_edited_to_the_final_report(
    app: App, clock: FakeClock
) -> None:
    sender = await office(app)
    staff = await add_staff(app, "CNTT", 1200, first_chat=100_000)
    await add_member(app, "CNTT", "Bình", accounts=((Channel.TELEGRAM, "77", True),))
    await add_member(app, "CNTT", "Chi")
    messenger = FakeMessenger()
    messenger.fail("100005", PermanentFailure("Bad Request: message is too long"))
    rig = Rig(app, clock, messenger)
    it = draft(units=(staff[0].unit.id,), urgent=True)
    made = await app.services.broadcasts.create(sender, it, STATUS_CHAT)
    await rig.runner.tick()
    assert rig.woken == 1
    assert messenger.texts_to(SENDER) == [f"📤 Thông báo #{made.id}: đã gửi 2/1.202 · 2 lỗi"]
    await rig.send_batches(1)
    await rig.runner.tick()  # too soon: nothing changes on screen
    assert messenger.edits == []
    await rig.tick_later()
    assert [(c, m, r.text) for c, m, r in messenger.edits] == [
        (SENDER, "1", f"📤 Thông báo #{made.id}: đã gửi 42/1.202 · 3 lỗi")
    ]
    await rig.send_batches(24)
    await rig.tick_later()
    assert messenger.edits[-1][2].text == f"📤 Thông báo #{made.id}: đã gửi 1.002/1.202 · 3 lỗi"
    await rig.tick_later()  # nothing was sent meanwhile: no edit
    assert len(messenger.edits) == 2
    await rig.send_batches(10)
    await rig.tick_later()
    chat, message_id, report = messenger.edits[-1]
    assert (chat, message_id, len(messenger.edits)) == (SENDER, "1", 3)
    assert strip_html(report.text) == (
        f"✅ Thông báo #{made.id} đã gửi xong tới 1.202 người:\n• Đã nhận: 1.199\n"
        "• Đã chặn bot: 1\n• Chưa bắt đầu dùng bot: 1\n• Lỗi sau nhiều lần thử: 1"
    )
    assert [[b.data for b in row] for row in report.buttons] == [
        [
            BroadcastAct(made.id, BroadcastChoice.LIST).pack(),
            BroadcastAct(made.id, BroadcastChoice.XLSX).pack(),
        ]
    ]
    assert [b.label for b in report.flat_buttons()] == ["Danh sách chưa nhận", "Tải Excel"]
    await rig.tick_later()
    assert len(messenger.edits) == 3
    # One status message only; every reachable recipient got the broadcast once.
    assert len(messenger.texts_to(SENDER)) == 1
    assert len(messenger.sent) == 1 + 1199
    assert len({chat for chat, _ in messenger.sent}) == 1200


async def test_a_broadcast_that_reached_everyone_reports_without_buttons(
    app: App, clock: FakeClock
) -> None:
    sender = await office(app)
    staff = await add_staff(app, "CNTT", 3, first_chat=500)
    messenger = FakeMessenger()
    rig = Rig(app, clock, messenger)
    made = await app.services.broadcasts.create(
        sender, draft(units=(staff[0].unit.id,), urgent=True), STATUS_CHAT
    )
    await rig.runner.tick()
    assert messenger.texts_to(SENDER) == [f"📤 Thông báo #{made.id}: đã gửi 0/3 · 0 lỗi"]
    await rig.send_batches(1)
    await rig.tick_later()
    assert len(messenger.edits) == 1
    report = messenger.edits[0][2]
    assert strip_html(report.text).startswith(f"✅ Thông báo #{made.id} đã gửi xong tới 3 người")
    assert "Đã nhận: 3\n" in strip_html(report.text)
    assert report.buttons == ()
    assert len(messenger.sent) == 1 + 3


async def test_a_channel_that_cannot_edit_gets_the_first_and_the_last_message(
    app: App, clock: FakeClock
) -> None:
    sender = await office(app)
    staff = await add_staff(app, "CNTT", 80, first_chat=500)
    messenger = FakeMessenger()
    messenger.capabilities = Capabilities(buttons=True, edit=False, html=True)
    messenger.block("501")
    rig = Rig(app, clock, messenger)
    made = await app.services.broadcasts.create(
        sender, draft(units=(staff[0].unit.id,), urgent=True), STATUS_CHAT
    )
    await rig.runner.tick()
    await rig.send_batches(1)
    await rig.tick_later()
    await rig.send_batches(1)
    await rig.tick_later()
    await rig.tick_later()
    assert messenger.edits == []
    status = messenger.texts_to(SENDER)
    assert len(status) == 2
    assert status[0] == f"📤 Thông báo #{made.id}: đã gửi 0/80 · 0 lỗi"
    assert status[1].startswith(f"✅ Thông báo #{made.id} đã gửi xong tới 80 người")
    assert "Đã nhận: 79\n• Đã chặn bot: 1" in status[1]
    final = [reply for chat, reply in messenger.sent if chat == SENDER][1]
    assert len(final.flat_buttons()) == 2


def test_status_reply_writes_big_numbers_the_vietnamese_way() -> None:
    counts = DeliveryCounts(total=12_500, sent=11_000, blocked=300, unreachable=0, failed=1_200)
    note = StatusNote(7, Channel.TELEGRAM, SENDER, "3", counts, final=False)
    assert status_reply(Texts.load(), note) == Reply(
        "📤 Thông báo #7: đã gửi 12.500/12.500 · 1.500 lỗi"
    )
