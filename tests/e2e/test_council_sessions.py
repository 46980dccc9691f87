"""A council session on Telegram over real HTTP against the fake Bot API: the Office opens it
with /phienhop, each seated member is told with a button to their ballot, one votes item by
item, one agrees on every item left, a member of the nominees' unit is not asked; the Office
closes it, reads the tally, and the council and the nominator are told through the outbox. On
Zalo, a member votes by typing the number of a choice."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.councils import Position
from bot.services.nominations.workflow import Action
from models import Ballot
from tests.conftest import make_settings
from tests.e2e.harness import (
    RunningBot,
    TgUser,
    member_of,
    running,
    telegram_settings,
)
from tests.e2e.test_initiatives_review import wait_text
from tests.e2e.test_zalo_journeys import joined
from tests.e2e.zalo_harness import ZaloBot
from tests.factories import join_on_telegram, make_member
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN as ZALO_TOKEN
from tests.fakes.fake_zalo_api import FakeZaloApi
from tests.fakes.telegram import FakeTelegramApi
from tests.services.council_sessions_seed import COUNCILS, session_awards
from tests.services.nominations_seed import draft_for

TITLE = "Phiên họp xét danh hiệu năm 2025"


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with the councils and an award a secret session decides."""
    settings = telegram_settings(database_url, fake, councils=COUNCILS, awards=session_awards(0.5))
    async with running(settings, clock) as bot:
        yield bot


async def test_a_session_is_opened_voted_and_closed_on_telegram(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = await join_on_telegram(
        bot, TgUser(fake, 6101, "Phòng"), Role.OFFICE, "Lê Văn Phòng", "VP"
    )
    one = await join_on_telegram(bot, TgUser(fake, 6102, "Một"), Role.COUNCIL, "Đỗ Văn Một", "VP")
    two = await join_on_telegram(bot, TgUser(fake, 6103, "Hai"), Role.COUNCIL, "Đỗ Văn Hai", "VP")
    dong = await join_on_telegram(bot, TgUser(fake, 6104, "Đồng"), Role.COUNCIL, "Vũ Văn Đồng")
    head = await join_on_telegram(
        bot, TgUser(fake, 6105, "Trưởng"), Role.UNIT_HEAD, "Phạm Văn Trưởng"
    )
    an = await join_on_telegram(bot, TgUser(fake, 6106, "An"), Role.STAFF, "Nguyễn Văn An")
    services, reviewer = bot.core.services, await member_of(bot, office)
    for user in (one, two, dong):
        await services.councils.seat(
            reviewer, "HDTDKT", (await member_of(bot, user)).id, Position.MEMBER
        )
    item = await services.nominations.submit(
        await member_of(bot, head), draft_for(await member_of(bot, an))
    )
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        await services.nominations.act(reviewer, item.id, action)

    assert "Chưa có phiên họp nào" in await office.send("/phienhop")
    assert "Mở phiên họp của Hội đồng nào?" in await office.tap("Mở phiên họp")
    assert "✔️ Chiến sĩ thi đua cơ sở: 1 hồ sơ" in await office.tap("Hội đồng Thi đua")
    assert "Gõ tên phiên họp" in await office.tap("Tiếp tục với 1 hồ sơ")
    assert "Đồng chí chắc chắn muốn mở phiên họp" in await office.send(TITLE)
    opened = await office.tap("Xác nhận")
    assert f"Đã mở phiên họp PH-2026-001 «{TITLE}» với 1 hồ sơ" in opened
    assert "Đã gửi tin mời biểu quyết tới 3 thành viên Hội đồng" in opened

    await wait_text(fake, one, "mở phiên họp PH-2026-001", clock)
    agenda = await one.tap("Mở phiếu biểu quyết")
    assert "Đồng chí còn 1/1 hồ sơ chưa biểu quyết" in agenda
    assert "Bỏ phiếu kín" in agenda
    assert "Đã ghi nhận phiếu của đồng chí cho hồ sơ" in await one.tap("1. Đồng ý")
    await wait_text(fake, two, "mở phiên họp PH-2026-001", clock)
    await two.send("/bophieu")
    assert "Đồng chí chắc chắn muốn đồng ý tất cả 1 hồ sơ" in await two.tap("tất cả còn lại")
    assert "cho 1 hồ sơ" in await two.tap("Đồng ý tất cả còn lại")
    await wait_text(fake, dong, "Đồng chí biểu quyết 0 hồ sơ", clock)
    assert "Không tham gia biểu quyết (có liên quan)" in await dong.send("/bophieu")

    await office.send("/phienhop")
    assert ": 2/2" in await office.tap("PH-2026-001")
    await office.tap("Kết thúc phiên họp")
    # The reply and the results the outbox tells the Office may arrive in either order.
    await office.tap("Kết thúc phiên họp")
    await wait_text(fake, office, "Đã kết thúc phiên họp PH-2026-001", clock)
    await wait_text(fake, office, "Đồng ý 2/3 · ngưỡng 60% (cần 2/3) · Đạt", clock)

    await wait_text(fake, one, "đã kết thúc phiên họp PH-2026-001", clock)
    await wait_text(fake, head, "Hội đồng đã thống nhất đề nghị khen thưởng", clock)
    await wait_text(fake, an, "Hội đồng đã thống nhất đề nghị khen thưởng", clock)
    view = await services.nominations.view(reviewer, item.id)
    assert view.state is NominationState.RECOMMENDED
    assert "Hội đồng biểu quyết: 2/3 thành viên đồng ý" in view.history[-1].reason
    async with bot.core.sessions() as session:
        assert set(await session.scalars(select(Ballot.choice))) == {None}  # secret


@pytest.fixture
async def zalo(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> AsyncIterator[ZaloBot]:
    """The bot on Zalo only, with the councils and an award a secret session decides."""
    settings = make_settings(
        database_url,
        zalo={
            "token": ZALO_TOKEN,
            "base_url": fake_zalo.base_url,
            "poll_timeout_seconds": 1,
            "http_port": 0,
        },
        councils=COUNCILS,
        awards=session_awards(0.5),
    )
    running = ZaloBot(settings, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_a_member_votes_on_zalo_by_numbered_choices(
    zalo: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo, fake_zalo)  # staff of CNTT, seated below
    services = zalo.core.services
    office = await make_member(zalo.core, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    seated = await services.members.find(Channel.ZALO, user.user_id)
    assert seated is not None
    await services.councils.seat(office, "HDTDKT", seated.id, Position.MEMBER)
    head = await make_member(zalo.core, "truong", Role.UNIT_HEAD, "VHTT-VY", name="Trưởng Vy")
    vy = await make_member(zalo.core, "vy", Role.STAFF, "VHTT-VY", name="Lý Thị Vy")
    item = await services.nominations.submit(head, draft_for(vy))
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        await services.nominations.act(office, item.id, action)
    await services.council_sessions.open(office, "HDTDKT", TITLE, [item.id])
    assert "mở phiên họp PH-2026-001" in await user.wait()  # the notice, through the outbox

    agenda = await user.send("bophieu")
    assert "Đồng chí còn 1/1 hồ sơ chưa biểu quyết" in agenda
    assert "1. ✅ 1. Đồng ý" in agenda
    assert "Đã ghi nhận phiếu của đồng chí cho hồ sơ" in await user.send("1")
    (progress,) = (await services.council_sessions.progress(office, 1)).items
    assert (progress.voted, progress.voters) == (1, 1)
