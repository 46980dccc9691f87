"""The Zalo OA's refusals in the outbox: each error code keeps its outcome on the delivery, and
the delivery goes by the member's next channel, waits for the person to write again, or is
tried again later. The fake OA messenger raises what the real one raises (platforms.md §D)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from models import ChannelAccount, DeliveryStatus
from tests.fakes.clock import FakeClock
from tests.scheduler.oa_rig import OA, TG, Rig, make_rig


@pytest.fixture
async def rig(app: App, clock: FakeClock) -> Rig:
    made = make_rig(app, clock)
    await made.wrote("u1")  # the outbox thinks the window is open: only Zalo knows better
    return made


@pytest.mark.parametrize(
    ("code", "outcome"),
    [(-230, "inactive"), (-305, "out_of_window"), (-311, "out_of_quota"), (-211, "out_of_quota")],
)
async def test_a_refusal_outside_the_window_waits_with_its_reason(
    rig: Rig, code: int, outcome: str
) -> None:
    an = await rig.member("An", (OA, "u1", False))
    rig.oa.refuse("u1", code)
    await rig.queue("u1", an)
    await rig.drain()
    [row] = await rig.rows()
    assert (row.status, row.outcome, row.channel) == (DeliveryStatus.WAITING, outcome, "zalo_oa")
    await rig.wrote("u1")  # the person writes: the message goes
    await rig.drain()
    assert rig.oa.texts_to("u1") == ["tin u1"]


async def test_a_refusal_outside_the_window_goes_by_telegram(rig: Rig) -> None:
    an = await rig.member("An", (OA, "u1", False), (TG, "501", False), prefer=OA)
    rig.oa.refuse("u1", -230)
    await rig.queue("u1", an)
    await rig.drain()
    assert rig.telegram.texts_to("501") == ["tin u1"]
    [row] = await rig.rows()
    assert (row.status, row.outcome, row.rerouted_from) == ("sent", "inactive", "zalo_oa")


async def oa_blocked(rig: Rig) -> bool:
    async with rig.app.sessions() as session:
        blocked = await session.scalar(
            select(ChannelAccount.blocked).where(ChannelAccount.chat_id == "u1")
        )
    return bool(blocked)


async def test_not_following_marks_the_account_and_settles_unreachable(rig: Rig) -> None:
    an = await rig.member("An", (OA, "u1", False))
    rig.oa.refuse("u1", -213)
    await rig.queue("u1", an)
    await rig.drain()
    [row] = await rig.rows()
    assert (row.status, row.outcome) == (DeliveryStatus.UNREACHABLE, "not_following")
    assert await oa_blocked(rig)


async def test_not_following_goes_by_telegram_when_the_member_has_it(rig: Rig) -> None:
    an = await rig.member("An", (OA, "u1", False), (TG, "501", False), prefer=OA)
    rig.oa.refuse("u1", -213)
    await rig.queue("u1", an)
    await rig.drain()
    assert rig.telegram.texts_to("501") == ["tin u1"]
    assert await oa_blocked(rig)
    [row] = await rig.rows()
    assert (row.status, row.outcome) == ("sent", "not_following")


async def test_rate_limited_is_tried_again_and_the_outcome_ends_when_sent(
    rig: Rig, clock: FakeClock
) -> None:
    rig.oa.refuse("u1", -32)
    await rig.queue("u1")
    await rig.drain()
    [row] = await rig.rows()
    assert (row.status, row.outcome, row.attempts) == ("pending", "rate_limited", 0)
    rig.time.advance(1.0)
    await rig.drain()
    [row] = await rig.rows()
    assert (row.status, row.outcome) == ("sent", "")
    assert rig.oa.texts_to("u1") == ["tin u1"]


async def test_a_delivery_to_nobody_in_particular_waits_with_its_reason(rig: Rig) -> None:
    rig.oa.refuse("u1", -305)
    await rig.queue("u1")  # no member: nowhere else to send it
    await rig.drain()
    [row] = await rig.rows()
    assert (row.status, row.outcome) == (DeliveryStatus.WAITING, "out_of_window")
