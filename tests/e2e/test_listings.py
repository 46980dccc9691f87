"""A public listing on Telegram over real HTTP against the fake Bot API: the Office publishes the
state award's nominations (/congkhai → Công khai danh sách → the group → a title → ✅ Xác
nhận), the announcement group and every member receive the list through the outbox while the
Office watches the broadcast's progress, a member objects to a row, the Office is told and
answers, the objector receives the answer, the nominee never learns who objected, and the row
goes to the council only once the window has closed; and a member on Zalo objecting through
numbered choices."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot import errors
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.nominations.workflow import Action
from tests.e2e.harness import (
    RunningBot,
    TgUser,
    fake_telegram,
    member_of,
    running,
)
from tests.e2e.test_broadcasts import outbox_settled
from tests.e2e.test_initiatives_review import wait_text
from tests.e2e.test_zalo_journeys import assert_plain_and_short, joined
from tests.e2e.zalo_harness import ZaloBot
from tests.factories import join_on_telegram, make_member
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN as ZALO_TOKEN
from tests.fakes.fake_zalo_api import FakeZaloApi
from tests.fakes.telegram import FakeTelegramApi
from tests.services.listings_seed import CLOSES, listing_settings, received

GROUP_CHAT = -100123
TITLE = "Danh sách đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm 2026"
OBJECTION = "Đồng chí An chưa có sáng kiến được công nhận trong năm."
ANSWER = "Đồng chí An có sáng kiến SK-2026-001 được công nhận ngày 15/01/2026."


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with the state award, the holiday and an announcement group."""
    settings = listing_settings(database_url, telegram=fake_telegram(fake))
    async with running(settings, clock) as bot:
        yield bot


def caught_up(fake: FakeTelegramApi, *users: TgUser) -> None:
    """Count what each user received so far (the outbox's messages too) as seen, once the
    messages awaited have arrived."""
    for user in users:
        user.seen = fake.sent_count_to(user.user_id)


async def test_a_listing_is_published_objected_to_and_answered(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = await join_on_telegram(
        bot, TgUser(fake, 6001, "Phòng"), Role.OFFICE, "Lê Văn Phòng", "VP"
    )
    head = await join_on_telegram(
        bot, TgUser(fake, 6002, "Trưởng"), Role.UNIT_HEAD, "Phạm Văn Trưởng", "CNTT"
    )
    an = await join_on_telegram(bot, TgUser(fake, 6003, "An"), Role.STAFF, "Nguyễn Văn An")
    khac = await join_on_telegram(bot, TgUser(fake, 6004, "Khác"), Role.STAFF, "Vũ Thị Khác")
    reviewer = await member_of(bot, office)
    item = await received(bot.core, reviewer, await member_of(bot, head), await member_of(bot, an))
    caught_up(fake, office, khac)

    assert "Hiện không có danh sách nào" in await office.send("/congkhai")
    assert "Bằng khen của Thủ tướng Chính phủ năm 2026 · 1 hồ sơ" in await office.tap(
        "Công khai danh sách"
    )
    asked = await office.tap("Bằng khen của Thủ tướng")
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in asked
    assert f"thời hạn góp ý đến hết ngày {CLOSES}" in asked
    assert "Đồng chí chắc chắn muốn công khai danh sách" in await office.send(TITLE)
    await office.tap("Xác nhận")  # the reply, or first the broadcast's progress message
    await wait_text(fake, office, f"Đã công khai danh sách CK-2026-001 «{TITLE}» gồm 1 hồ sơ")

    await fake.wait_for(
        lambda: any(
            "CÔNG KHAI DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in (m.plain_text or "")
            for m in fake.messages_to(GROUP_CHAT)
        ),
        timeout=10,
        description="the listing in the announcement group",
    )
    await wait_text(fake, khac, "CÔNG KHAI DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", clock)
    await wait_text(fake, an, f"Góp ý gửi qua bot đến hết ngày {CLOSES}", clock)
    await wait_text(fake, head, "CÔNG KHAI DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", clock)
    await wait_text(fake, office, "Thông báo #1: đã gửi")
    await outbox_settled(bot)
    clock.advance(seconds=10)  # the next look at the broadcast is due
    bot.core.runner.wake()  # type: ignore[union-attr]
    await wait_text(fake, office, "đã gửi xong tới 4 người")
    caught_up(fake, office, khac)

    assert "CK-2026-001" in await khac.send("/congkhai")
    await khac.tap("CK-2026-001")
    assert "Tóm tắt thành tích" in await khac.tap("Nguyễn Văn An")
    assert "Gõ nội dung ý kiến" in await khac.tap("Góp ý")
    objected = await khac.send(OBJECTION)
    assert "Đã gửi ý kiến của đồng chí về Nguyễn Văn An tới Văn phòng Sở" in objected
    await wait_text(fake, office, "Có ý kiến mới về Nguyễn Văn An", clock)
    with pytest.raises(errors.ListingWindowOpen):
        await bot.core.services.nominations.act(reviewer, item, Action.SEND_TO_COUNCIL)
    caught_up(fake, office, khac)

    await office.send("/congkhai")
    await office.tap("CK-2026-001")
    await office.tap("Ý kiến (1)")
    shown = await office.tap("1. Nguyễn Văn An")
    assert "Người góp ý: Vũ Thị Khác" in shown and OBJECTION in shown
    await office.tap("Trả lời")
    assert "Đã gửi câu trả lời tới người góp ý" in await office.send(ANSWER)
    await wait_text(fake, khac, "Văn phòng Sở đã trả lời ý kiến của đồng chí", clock)
    assert ANSWER in khac.text

    to_an = [m.plain_text or "" for m in fake.messages_to(an.user_id)]
    assert not any("Vũ Thị Khác" in text or OBJECTION in text for text in to_an)
    clock.advance(days=16)  # Wednesday 18/03: the window has closed
    await bot.core.services.nominations.act(reviewer, item, Action.SEND_TO_COUNCIL)
    view = await bot.core.services.nominations.view(reviewer, item)
    assert view.state is NominationState.UNDER_REVIEW


@pytest.fixture
async def zalo(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> AsyncIterator[ZaloBot]:
    """The bot on Zalo only, with the state award and the holiday."""
    settings = listing_settings(
        database_url,
        zalo={
            "token": ZALO_TOKEN,
            "base_url": fake_zalo.base_url,
            "poll_timeout_seconds": 1,
            "http_port": 0,
        },
    )
    running = ZaloBot(settings, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_a_member_on_zalo_objects_through_numbered_choices(
    zalo: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    app = zalo.core
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    item = await received(app, office, head, an)
    status = (Channel.CONSOLE, "vp")
    await app.services.listings.publish(office, "BK-TTG", 2026, [item], TITLE, status)
    await app.services.broadcasts.start_due()  # before the Zalo member joins: not in it
    user = await joined(zalo, fake_zalo)

    listings = await user.send("congkhai")  # typed without the slash
    assert f"1. 📋 CK-2026-001 · {TITLE[:39]}…" in listings
    shown = await user.send("1")
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in shown
    row = await user.send("1")
    assert "Tóm tắt thành tích" in row and "1. 💬 Góp ý" in row
    assert "Gõ nội dung ý kiến" in await user.send("1")
    assert "Bước này cần đồng chí gõ nội dung" in await user.send("   ")
    done = await user.send(OBJECTION)
    assert "Đã gửi ý kiến của đồng chí về Nguyễn Văn An tới Văn phòng Sở" in done
    assert_plain_and_short(user)
    (objection,) = await app.services.listings.objections(office, 1)
    assert (objection.objector, objection.text) == ("Nguyễn Thị Lan", OBJECTION)
