"""Reviewing nominations on Telegram: the queue in /duyet, the Office and the Council act with
buttons, the approved list is announced to every member and the group, the nominator resubmits
from the notice's button, an announced award is revoked, stale and forged presses are refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.callbacks import NominationAct, NominationList, NominationOpen, NominationScope
from bot.domain import NomineeKind, Track
from bot.ports import Channel
from bot.roles import Role
from bot.services.nominations.records import NominationDraft, NominationView, Nominee
from bot.services.nominations.workflow import Action
from tests.conftest import make_settings
from tests.e2e.harness import TOKEN, RunningBot, TgUser
from tests.e2e.test_initiatives_review import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.nominations_seed import AWARDS, GROUP

GROUP_CHAT = -100123


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with an award catalogue and an announcement group."""
    settings = make_settings(
        database_url,
        telegram={
            "token": TOKEN,
            "base_url": fake.base_url,
            "base_file_url": fake.base_file_url,
            "poll_timeout_seconds": 1,
        },
        awards=AWARDS,
        announcements=GROUP,
    )
    running = RunningBot(settings, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def nominate(
    bot: RunningBot, head: TgUser, kind: NomineeKind, track: Track = Track.ANNUAL, **who: Any
) -> NominationView:
    """Submit through the service, as the /decu dialog would."""
    member = await bot.core.services.members.find(Channel.TELEGRAM, str(head.user_id))
    assert member is not None
    award = {NomineeKind.MEMBER: "CSTDCS", NomineeKind.COLLECTIVE: "TTLDTT"}.get(kind, "GK-GD")
    nominee = Nominee(kind, member.unit.id, **who)
    draft = NominationDraft(track, nominee, award, "Hoàn thành xuất sắc nhiệm vụ năm 2026.")
    return await bot.core.services.nominations.submit(member, draft)


async def member_id(bot: RunningBot, user: TgUser) -> int:
    found = await bot.core.services.members.find(Channel.TELEGRAM, str(user.user_id))
    assert found is not None
    return found.id


async def test_from_the_queue_to_a_public_announcement(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    head = await join_on_telegram(
        bot, TgUser(fake, 5001, "Trưởng"), Role.UNIT_HEAD, "Phạm Văn Trưởng", "CNTT"
    )
    an = await join_on_telegram(bot, TgUser(fake, 5002, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    office = await join_on_telegram(
        bot, TgUser(fake, 5003, "Phòng"), Role.OFFICE, "Lê Văn Phòng", "VP"
    )
    hoi = await join_on_telegram(bot, TgUser(fake, 5004, "Hội"), Role.COUNCIL, "Đỗ Văn Hội", "VP")
    item = await nominate(bot, head, NomineeKind.MEMBER, member_id=await member_id(bot, an))
    await nominate(bot, head, NomineeKind.PERSON, Track.ADHOC, name="Bùi Văn Dũng")

    assert "không được dùng" in await an.send("/duyet")
    await office.send("/duyet")
    listed = await office.tap("Đề nghị khen thưởng")
    assert "2 hồ sơ" in listed and "⚡ đột xuất" in listed
    shown = await office.tap("Bùi Văn Dũng")
    assert "Khen thưởng đột xuất — không tính vào thành tích hằng năm" in shown
    await office.tap("Danh sách đề nghị")
    assert "Nguyễn Văn An" in await office.tap(item.code)
    assert "Đã tiếp nhận" in await office.tap("Tiếp nhận")
    assert fake.messages_to(office.user_id)[-1].edited  # the detail is updated in place
    assert "Hội đồng đang xét" in await office.tap("Chuyển Hội đồng")
    await wait_text(fake, head, "chuyển Hội đồng thi đua", clock)

    await hoi.press(NominationOpen(item.id).pack())
    assert "Bạn chắc chắn muốn thông qua" in await hoi.tap("🏆 Thông qua")
    assert "Đã được thông qua" in await hoi.tap("🏆 Thông qua")
    await wait_text(fake, an, "Chúc mừng", clock)

    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    assert "Công bố 1 đề nghị" in await office.tap("Công bố danh sách đã duyệt (1)")
    assert "Đã công bố 1 đề nghị khen thưởng" in await office.tap("Công bố ngay")
    for person in (head, an, office, hoi):
        await wait_text(fake, person, "CÔNG KHAI KẾT QUẢ XÉT KHEN THƯỞNG", clock)
    await fake.wait_for(
        lambda: any("Nguyễn Văn An" in (m.plain_text or "") for m in fake.messages_to(GROUP_CHAT)),
        timeout=10,
        description="the announcement in the group",
    )
    await wait_text(fake, head, "đã được công khai", clock)
    assert "Đã công khai" in await head.tap("Xem hồ sơ")  # the notice's button


async def test_return_resubmit_race_and_revoke(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    head = await join_on_telegram(
        bot, TgUser(fake, 5101, "Trưởng"), Role.UNIT_HEAD, "Phạm Văn Trưởng", "CNTT"
    )
    office = await join_on_telegram(
        bot, TgUser(fake, 5103, "Phòng"), Role.OFFICE, "Lê Văn Phòng", "VP"
    )
    second = await join_on_telegram(
        bot, TgUser(fake, 5104, "Hai"), Role.OFFICE, "Vũ Thị Hai", "VP"
    )
    hoi = await join_on_telegram(bot, TgUser(fake, 5105, "Hội"), Role.COUNCIL, "Đỗ Văn Hội", "VP")
    # Joins last: the head of the Office's unit is told of each new member of it.
    other = await join_on_telegram(
        bot, TgUser(fake, 5102, "Khác"), Role.UNIT_HEAD, "Vũ Văn Khác", "VP"
    )
    item = await nominate(bot, head, NomineeKind.COLLECTIVE)

    assert "không có quyền xem" in await other.press(NominationOpen(item.id).pack())
    forged = NominationAct(item.id, Action.RECEIVE.value, item.version).pack()
    assert "không được dùng" in await head.press(forged)
    assert "không được dùng" in await other.press(
        NominationList(NominationScope.ANNOUNCE, 0, "").pack()
    )

    await office.press(NominationOpen(item.id).pack())
    assert "lý do" in await office.tap("Trả lại")
    assert "Trả lại để bổ sung" in await office.send("Thiếu báo cáo thành tích của tập thể.")
    await wait_text(fake, head, "Thiếu báo cáo thành tích", clock)
    assert "Thiếu báo cáo thành tích" in await head.tap("Xem hồ sơ")
    assert "tóm tắt thành tích" in await head.tap("Bổ sung và nộp lại")
    done = await head.send("Đã bổ sung báo cáo thành tích năm 2026 của cả phòng.")
    assert "Đã bổ sung, nộp lại" in done

    await office.press(NominationOpen(item.id).pack())
    await office.tap("Tiếp nhận")
    await wait_text(fake, head, "đã tiếp nhận", clock)
    await office.tap("Chuyển Hội đồng")
    # The nominator's notices are paced per chat: read each before the next is queued.
    await wait_text(fake, head, "chuyển Hội đồng thi đua", clock)
    reviewer = await bot.core.services.members.find(Channel.TELEGRAM, str(office.user_id))
    assert reviewer is not None
    current = await bot.core.services.nominations.view(reviewer, item.id)
    # Both answer "yes" to "Bạn chắc chắn …?" for the same version at once.
    approve = NominationAct(item.id, Action.APPROVE.value, current.version, sure=1).pack()
    answers = await asyncio.gather(office.press(approve), hoi.press(approve))
    assert sum("đã được xử lý" in a for a in answers) == 1
    assert sum("Đã cập nhật" in a for a in answers) == 1
    await wait_text(fake, head, "Hội đồng thông qua", clock)

    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    await office.tap("Công bố danh sách")
    assert "Đã công bố 1" in await office.tap("Công bố ngay")
    await wait_text(fake, second, "CÔNG KHAI", clock)
    await wait_text(fake, office, "CÔNG KHAI", clock)
    await wait_text(fake, head, "CÔNG KHAI", clock)
    await wait_text(fake, head, "đã được công khai", clock)
    await office.press(NominationOpen(item.id).pack())
    await office.tap("Thu hồi")
    assert "Bạn chắc chắn" in await office.send("Phát hiện kê khai thành tích không đúng.")
    assert "Đã thu hồi" in await office.tap("Xác nhận")
    await wait_text(fake, second, "vừa bị thu hồi", clock)
    await wait_text(fake, head, "đã bị thu hồi", clock)
