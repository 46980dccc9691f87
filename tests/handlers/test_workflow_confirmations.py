"""Decisive steps ask "Đồng chí chắc chắn …?" first: going back changes nothing, and a "yes" on
an item someone changed meanwhile is refused like any stale button."""

from __future__ import annotations

from bot.app import App
from bot.callbacks import InitiativeAct, InitiativeOpen
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.initiatives import Scores
from bot.services.initiatives.workflow import Action
from tests.factories import join, make_member
from tests.handlers.test_initiatives_review import member_view, notices_to, state_of, submit
from tests.initiative_recognition import all_met, seated, to_the_council


async def test_cancelling_at_the_question_changes_nothing(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    reviewer = await member_view(app, office)
    item = await submit(app, an)
    await to_the_council(app, reviewer, item.id)
    hoi = await seated(app, reviewer, await make_member(app, "hoi", name="Đỗ Văn Hội"))
    await app.services.evaluations.evaluate(hoi, item.id, all_met(app), Scores(3, 3, 3))
    await app.services.reviews.act(reviewer, item.id, Action.CONCLUDE_MET, reason="Đạt đủ")
    told = await notices_to(app, "an")

    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Ghi quyết định công nhận")
    for answer in ("15/QĐ-STTTT", "01/03/2026", "Giám đốc Nguyễn Văn Bình"):
        await office.send(answer)
    assert "Đồng chí chắc chắn muốn ghi nhận quyết định số 15/QĐ-STTTT" in office.text
    assert "không thể hoàn tác" in office.text
    await office.send("/huy")
    assert "Đã hủy ghi quyết định" in office.text
    assert await state_of(app, office, item) is InitiativeState.EVALUATED
    assert await notices_to(app, "an") == told


async def test_a_yes_for_an_item_changed_meanwhile_is_refused(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    item = await submit(app, an)
    reviewer = await member_view(app, office)
    await to_the_council(app, reviewer, item.id)
    hoi = await seated(app, reviewer, await make_member(app, "hoi", name="Đỗ Văn Hội"))
    item = await app.services.evaluations.evaluate(hoi, item.id, all_met(app), Scores(3, 3, 3))
    clerk = await join(app, "tho", "VP", Role.OFFICE, "Bùi Thị Thơ")
    await clerk.press(InitiativeOpen(item.id).pack())
    await clerk.tap("Kết luận Hội đồng: Không đạt")  # the question is on screen ...
    await clerk.send("Không có tính mới trong phạm vi cơ sở.")
    await app.services.reviews.act(
        reviewer, item.id, Action.CONCLUDE_NOT_MET, reason="Đã có giải pháp tương tự."
    )  # ... when someone else decides
    await clerk.tap("Xác nhận")
    assert "đã được xử lý" in clerk.text and "Không được công nhận" in clerk.text
    assert await state_of(app, office, item) is InitiativeState.NOT_RECOGNIZED
    # A forged "yes" on the item as it is now still goes through every check.
    now = await app.services.initiatives.view(reviewer, item.id)
    await an.press(InitiativeAct(item.id, Action.RECOGNIZE.value, now.version, sure=1).pack())
    assert "không được dùng" in an.text
