"""Council members are told when a nomination reaches the council (initiatives: test_inbox)."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.roles import Role
from bot.services.nominations.workflow import Action
from models import Delivery
from tests.fakes.clock import FakeClock
from tests.services.nominations_seed import (
    draft_for,
    member,
    nominations_app,  # noqa: F401 - the app fixture
)


async def _arrivals(app: App, chat_id: str) -> list[str]:
    """The arrival notices sent to ``chat_id`` (not the workflow's own notices)."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        texts = [str(d.payload["text"]) for d in rows]
    return [text for text in texts if "việc mới chờ đồng chí xử lý" in text]


async def test_council_members_are_told_when_a_nomination_reaches_the_council(
    app: App, clock: FakeClock
) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    await member(app, "hoi", Role.COUNCIL, "VP")
    await member(app, "lanh", Role.LEADER, "VP")
    notices = app.services.inbox_notices
    await notices.tell_arrivals()  # everyone's starting point
    clock.advance(minutes=1)
    item = await app.services.nominations.submit(head, draft_for(an))
    await app.services.nominations.act(office, item.id, Action.RECEIVE)
    clock.advance(minutes=5)
    await notices.tell_arrivals()
    assert await _arrivals(app, "hoi") == []  # not at the council yet

    await app.services.nominations.act(office, item.id, Action.SEND_TO_COUNCIL)
    clock.advance(minutes=5)
    await notices.tell_arrivals()
    for chat in ("hoi", "lanh"):
        [text] = await _arrivals(app, chat)
        assert f"Xét đề nghị khen thưởng — <b>{item.code}</b>" in text
    assert await _arrivals(app, "an") == [] and await _arrivals(app, "truong") == []
