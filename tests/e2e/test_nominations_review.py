"""Reviewing nominations on Telegram: the queue in /duyet, the Office and the Council act with
buttons, the council's recommendation (confirmed, told as a recommendation, not an award), the
Office records the decision through /quyetdinh and its result reaches every member and the
group, the nominator resubmits from the notice's button, an awarded item's award is cancelled
through its dialog (reason, reward recovered, confirmation), stale and forged presses are
refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.callbacks import (
    DecisionChoice,
    DecisionMenu,
    NominationAct,
    NominationList,
    NominationOpen,
    NominationScope,
)
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.nominations.records import NominationDraft, NominationView, Nominee
from bot.services.nominations.workflow import Action
from models import Delivery
from tests.e2e.harness import (
    RunningBot,
    TgUser,
    member_of,
    running,
    telegram_settings,
)
from tests.e2e.test_initiatives_review import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.nominations_seed import AWARDS, GROUP, decide, ledger

GROUP_CHAT = -100123
RESULT = "KẾT QUẢ KHEN THƯỞNG"
NOT_ALLOWED = "không được dùng"
STALE = "hết hạn"


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with an award catalogue and an announcement group."""
    settings = telegram_settings(database_url, fake, awards=AWARDS, announcements=GROUP)
    async with running(settings, clock) as bot:
        yield bot


async def nominate(
    bot: RunningBot, head: TgUser, kind: NomineeKind, track: Track = Track.ANNUAL, **who: Any
) -> NominationView:
    """Submit through the service, as the /decu dialog would."""
    member = await member_of(bot, head)
    award = {NomineeKind.MEMBER: "CSTDCS", NomineeKind.COLLECTIVE: "TTLDTT"}.get(kind, "GK-GD")
    nominee = Nominee(kind, member.unit.id, **who)
    draft = NominationDraft(track, nominee, award, "Hoàn thành xuất sắc nhiệm vụ năm 2026.")
    return await bot.core.services.nominations.submit(member, draft)


async def member_id(bot: RunningBot, user: TgUser) -> int:
    return (await member_of(bot, user)).id


def labels(fake: FakeTelegramApi, user: TgUser) -> list[str]:
    """The labels of the last keyboard the user was shown."""
    return [label for row in fake.buttons(user.user_id) for label, _ in row]


def got(fake: FakeTelegramApi, chat: int, needle: str) -> list[str]:
    """The texts, as shown, of the messages to ``chat`` containing ``needle``."""
    texts = (m.plain_text or "" for m in fake.messages_to(chat))
    return [text for text in texts if needle in text]


async def queued_to(bot: RunningBot, user: TgUser, needle: str) -> int:
    """How many notices containing ``needle`` were queued for ``user``, sent or not."""
    async with bot.core.sessions() as session:
        payloads = await session.scalars(
            select(Delivery.payload).where(Delivery.chat_id == str(user.user_id))
        )
        return sum(needle in str(payload["text"]) for payload in payloads)


async def test_from_the_queue_to_a_published_decision(
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

    assert NOT_ALLOWED in await an.send("/duyet")
    await office.send("/duyet")
    listed = await office.tap("Đề nghị khen thưởng")
    assert "2 hồ sơ" in listed and "⚡ đột xuất" in listed
    assert not any("Quyết định khen thưởng" in label for label in labels(fake, office))
    shown = await office.tap("Bùi Văn Dũng")
    assert "Khen thưởng đột xuất — không tính vào thành tích hằng năm" in shown
    await office.tap("Danh sách đề nghị")
    assert "Nguyễn Văn An" in await office.tap(item.code)
    assert "Đã tiếp nhận" in await office.tap("Tiếp nhận")
    assert fake.messages_to(office.user_id)[-1].edited  # the detail is updated in place
    assert "Hội đồng đang xét" in await office.tap("Chuyển Hội đồng")
    await wait_text(fake, head, "chuyển Hội đồng Thi đua - Khen thưởng Sở", clock)

    await hoi.press(NominationOpen(item.id).pack())
    sure = await hoi.tap("🤝 Hội đồng đề nghị khen thưởng")
    assert "Đồng chí chắc chắn muốn ghi nhận Hội đồng thống nhất đề nghị khen thưởng" in sure
    assert "Sẽ báo cho: người đề nghị Phạm Văn Trưởng, người được đề nghị Nguyễn Văn An" in sure
    done = await hoi.tap("🤝 Hội đồng đề nghị khen thưởng")
    assert "Hội đồng đề nghị, chờ quyết định" in done
    for person in (an, head):
        await wait_text(fake, person, "Hội đồng đã thống nhất đề nghị khen thưởng", clock)
        assert not got(fake, person.user_id, "Chúc mừng")
    assert "cấp có thẩm quyền" in got(fake, an.user_id, "thống nhất đề nghị")[0]
    assert not got(fake, GROUP_CHAT, "")  # nothing published yet

    # The Office goes from the queue to /quyetdinh and records the decision.
    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    pending = await office.tap("🏛 Quyết định khen thưởng (1 hồ sơ chờ)")
    assert "Chiến sĩ thi đua cơ sở năm 2026" in pending
    group = await office.tap("Chiến sĩ thi đua cơ sở · 2026")
    assert f"{item.code} · Nguyễn Văn An — Phòng Công nghệ thông tin" in group
    assert "Số Quyết định" in await office.tap("📝 Ghi nhận quyết định")
    assert "Ngày ký Quyết định" in await office.send("125/QĐ-SKHCN")
    assert "Người ký Quyết định" in await office.send("02/03/2026")
    sure = await office.send("Nguyễn Văn Giám, Giám đốc Sở")
    assert (
        "Đồng chí chắc chắn muốn ghi nhận Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 "
        "(Nguyễn Văn Giám, Giám đốc Sở) về Chiến sĩ thi đua cơ sở, gồm 1 hồ sơ?"
    ) in sure
    await office.tap("✅ Xác nhận")
    # The reply and the published result (everyone is told, the Office too) may come in
    # either order.
    await wait_text(fake, office, "Đã ghi nhận Quyết định số 125/QĐ-SKHCN", clock)
    await wait_text(fake, office, RESULT, clock)
    assert "Kết quả đã được công bố" in got(fake, office.user_id, "Đã ghi nhận Quyết định")[0]

    for person in (head, an, hoi):
        await wait_text(fake, person, RESULT, clock)
    await fake.wait_for(
        lambda: any("Nguyễn Văn An" in text for text in got(fake, GROUP_CHAT, RESULT)),
        timeout=10,
        description="the result in the group",
    )
    (published,) = got(fake, GROUP_CHAT, RESULT)
    assert "Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 của Thủ trưởng đơn vị" in published
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in published
    congratulation = "🏆 Chúc mừng! Theo Quyết định số 125/QĐ-SKHCN ngày 02/03/2026"
    for person in (an, head):
        await wait_text(fake, person, congratulation, clock)
    assert not got(fake, hoi.user_id, "Chúc mừng")
    assert [s for _, _, _, s in await ledger(bot.core)] == [100]

    shown = await head.tap("Xem hồ sơ")  # the congratulation's button
    assert "Đã có quyết định khen thưởng" in shown
    assert (
        "Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 của Thủ trưởng đơn vị: được khen thưởng."
    ) in shown
    # Nothing waits any more.
    assert "Không có hồ sơ nào chờ ghi nhận quyết định" in await office.send("/quyetdinh")


async def test_return_resubmit_race_and_cancel(
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
    assert NOT_ALLOWED in await head.press(forged)
    assert NOT_ALLOWED in await other.press(DecisionMenu(DecisionChoice.LIST).pack())
    assert NOT_ALLOWED in await hoi.press(DecisionMenu(DecisionChoice.LIST).pack())
    assert NOT_ALLOWED in await other.press(NominationList(NominationScope.QUEUE, 0, "").pack())

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
    await wait_text(fake, head, "chuyển Hội đồng Thi đua - Khen thưởng Sở", clock)
    reviewer = await member_of(bot, office)
    current = await bot.core.services.nominations.view(reviewer, item.id)
    # Both answer "yes" to "Đồng chí chắc chắn …?" for the same version at once.
    recommend = NominationAct(item.id, Action.RECOMMEND.value, current.version, sure=1).pack()
    answers = await asyncio.gather(office.press(recommend), hoi.press(recommend))
    assert sum("đã được xử lý" in a for a in answers) == 1
    assert sum("Đã cập nhật" in a for a in answers) == 1
    assert all("Hội đồng đề nghị, chờ quyết định" in a for a in answers)
    await wait_text(fake, head, "Hội đồng đã thống nhất đề nghị khen thưởng", clock)
    # The decision steps have no button of their own: forged ones are stale.
    for person, step in ((hoi, Action.AWARD), (office, Action.SEND_UP), (head, Action.NOT_AWARD)):
        forged = NominationAct(item.id, step.value, current.version + 1).pack()
        assert STALE in await person.press(forged)

    # The decision is recorded (here through the service): everyone learns the result.
    await decide(bot.core, reviewer, "TTLDTT", [item.id], "7/QĐ-SKHCN")
    for person in (head, office, second, hoi, other):
        await wait_text(fake, person, RESULT, clock)
    await fake.wait_for(
        lambda: any(
            "Tập thể Phòng Công nghệ thông tin" in t for t in got(fake, GROUP_CHAT, RESULT)
        ),
        timeout=10,
        description="the result in the group",
    )
    await wait_text(fake, head, "Chúc mừng! Theo Quyết định số 7/QĐ-SKHCN", clock)

    # The Office cancels the award: a reason, the reward recovered, then "Đồng chí chắc chắn …?".
    shown = await office.press(NominationOpen(item.id).pack())
    assert "Đã có quyết định khen thưởng" in shown and "Quyết định số 7/QĐ-SKHCN" in shown
    revoke = fake.button_data(office.user_id, "⛔ Hủy khen thưởng")
    assert "Xin ghi rõ lý do" in await office.press(revoke)
    asked = await office.send("Phát hiện kê khai thành tích không đúng.")
    assert "có thu hồi hiện vật và tiền thưởng đã nhận không?" in asked
    sure = await office.tap("💸 Có, thu hồi")
    assert "Đồng chí chắc chắn muốn hủy bỏ quyết định khen thưởng" in sure
    assert "Tiền thưởng: thu hồi" in sure
    assert "Sẽ báo cho: người đề nghị Phạm Văn Trưởng, Văn phòng" in sure
    cancelled = await office.tap("✅ Xác nhận")
    assert "Đã hủy khen thưởng" in cancelled
    assert "Đã hủy bỏ quyết định khen thưởng. Lý do: «Phát hiện kê khai" in cancelled
    for person in (second, head):
        await wait_text(fake, person, "đã bị hủy bỏ", clock)
        (notice,) = got(fake, person.user_id, "đã bị hủy bỏ")
        assert "Tiền thưởng: thu hồi." in notice and "Lý do: Phát hiện kê khai" in notice
    assert await queued_to(bot, office, "đã bị hủy bỏ") == 0  # not the one who cancelled
    assert await queued_to(bot, hoi, "đã bị hủy bỏ") == 0  # nor the council
    assert [s for _, _, _, s in await ledger(bot.core)] == [100, -100]
    view = await bot.core.services.nominations.view(reviewer, item.id)
    assert view.state is NominationState.REVOKED
    assert "Đã hủy khen thưởng" in await head.tap("Xem hồ sơ")  # the notice's button

    # The old "Hủy khen thưởng" button is stale now; nothing changes.
    assert "đã được xử lý" in await office.press(revoke)
    assert [s for _, _, _, s in await ledger(bot.core)] == [100, -100]
