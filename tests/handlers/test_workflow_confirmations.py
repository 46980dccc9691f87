"""Decisive steps ask "Đồng chí chắc chắn …?" first: going back changes nothing, and a "yes" on
an item someone changed meanwhile is refused like any stale button."""

from __future__ import annotations

from bot.app import App
from bot.callbacks import InitiativeAct, InitiativeOpen
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.initiatives.workflow import Action
from tests.factories import join
from tests.handlers.test_initiatives_review import member_view, notices_to, state_of, submit


async def test_going_back_from_the_question_changes_nothing(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    leader = await join(app, "lanh", "VP", Role.LEADER, "Vũ Văn Lãnh")
    item = await submit(app, an)
    reviewer = await member_view(app, office)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        item = await app.services.reviews.act(reviewer, item.id, action)
    told = await notices_to(app, "an")

    await leader.press(InitiativeOpen(item.id).pack())
    await leader.tap("Công nhận sáng kiến")
    assert "Đồng chí chắc chắn muốn công nhận sáng kiến SK-" in leader.text
    assert "không thể hoàn tác" in leader.text
    assert [b.label for b in leader.last.flat_buttons()] == [
        "🏆 Công nhận sáng kiến",
        "↩️ Không, quay lại",
    ]
    await leader.tap("Không, quay lại")
    assert "Hội đồng sáng kiến đang thẩm định" in leader.text  # the item's screen again
    assert await state_of(app, office, item) is InitiativeState.UNDER_REVIEW
    assert await notices_to(app, "an") == told


async def test_a_yes_for_an_item_changed_meanwhile_is_refused(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    leader = await join(app, "lanh", "VP", Role.LEADER, "Vũ Văn Lãnh")
    item = await submit(app, an)
    reviewer = await member_view(app, office)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        item = await app.services.reviews.act(reviewer, item.id, action)
    await leader.press(InitiativeOpen(item.id).pack())
    await leader.tap("Công nhận sáng kiến")  # the question is on screen ...
    await app.services.reviews.act(
        reviewer, item.id, Action.NOT_RECOGNIZE, reason="Đã có giải pháp tương tự."
    )  # ... when someone else decides
    await leader.tap("Công nhận sáng kiến")
    assert "đã được xử lý" in leader.text and "Không được công nhận" in leader.text
    assert await state_of(app, office, item) is InitiativeState.NOT_RECOGNIZED
    # A forged "yes" still goes through every check of the service.
    await an.press(InitiativeAct(item.id, Action.RECOGNIZE.value, item.version, sure=1).pack())
    assert "không được dùng" in an.text
