"""Nobody judges their own item, on Telegram: a member of the initiative council who co-authored
an initiative sees no evaluation or decision buttons, and pressing forged ones over the Bot API
is refused with the reason while the item, its scores and the ledger stay as they were."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import InitiativeAct, InitiativeOpen
from bot.ports import Channel
from bot.roles import Role
from bot.services.councils import Position
from bot.services.initiatives.records import CoAuthor
from models import Review, ScoreEvent
from tests.e2e.harness import RunningBot, TgUser, member_of
from tests.e2e.test_initiatives_review import submit, wait_text
from tests.factories import join_on_telegram, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

REFUSED = "Đồng chí là tác giả (hoặc đồng tác giả) của sáng kiến này nên không thể"


async def test_a_seated_coauthor_cannot_evaluate_or_recognise_by_forged_buttons(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 4601, "An"), Role.STAFF, "Nguyễn Văn An", "CNTT")
    hoi = await join_on_telegram(
        bot, TgUser(fake, 4602, "Hội"), Role.COUNCIL, "Đỗ Văn Hội", "CNTT"
    )
    office = await join_on_telegram(
        bot, TgUser(fake, 4603, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    found = await bot.core.services.members.find(Channel.TELEGRAM, str(hoi.user_id))
    assert found is not None
    proposal = make_proposal(coauthors=(CoAuthor("Đỗ Văn Hội", 50, found.id),))
    item = await submit(bot, an, proposal)
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Tiếp nhận")
    assert "Hội đồng sáng kiến đang thẩm định" in await office.tap("Chuyển Hội đồng")
    version = item.version + 2
    vp = await member_of(bot, office)
    await bot.core.services.councils.seat(vp, "HDSK", found.id, Position.MEMBER)
    await wait_text(fake, hoi, "chuyển Hội đồng sáng kiến", clock)  # the co-author's notices

    detail = await hoi.press(InitiativeOpen(item.id).pack())
    assert "Hội đồng sáng kiến đang thẩm định" in detail
    shown = " ".join(label for row in fake.buttons(hoi.user_id) for label, _ in row)
    assert "Sáng kiến" in shown or "Danh sách" in shown  # the detail's keyboard
    assert "Đánh giá" not in shown and "quyết định" not in shown
    answer = await hoi.press(InitiativeAct(item.id, "evl", version).pack())
    assert REFUSED in answer
    for forged in ("cmt", "yes", "no"):
        answer = await hoi.press(InitiativeAct(item.id, forged, version).pack())
        assert REFUSED in answer or "không được dùng" in answer, forged
    async with bot.core.sessions() as session:
        scores = (await session.scalars(select(Review.id))).all()
        ledger = (await session.execute(select(ScoreEvent.kind, ScoreEvent.share))).all()
    assert scores == []
    assert sorted(ledger) == [("initiative_submitted", 50), ("initiative_submitted", 50)]
    after = await office.press(InitiativeOpen(item.id).pack())
    assert "Hội đồng sáng kiến đang thẩm định" in after and "Ghi quyết định" not in after
