"""The web app's views of broadcasts: a page of the list (the Office sees all, a unit head
their own) and the delivery report (counts by channel, who was not reached, searchable)."""

from __future__ import annotations

import pytest

from bot import errors
from bot.app import App
from bot.ports import Channel
from bot.services.broadcasts import AudienceKind
from tests.services.broadcasts_seed import add_member, draft, org


async def test_a_page_of_broadcasts_is_newest_first_and_a_head_sees_their_own(app: App) -> None:
    p = await org(app)
    service = app.services.broadcasts
    first = await service.create(p.office, draft("Một"), None)
    mine = await service.create(p.head, draft("Hai", units=(p.head.unit.id,)), None)
    third = await service.create(p.office, draft("Ba", kind=AudienceKind.NOT_CONFIRMED), None)
    rows, total = await service.page(p.office, offset=0, limit=2)
    assert total == 3 and [r.id for r in rows] == [third.id, mine.id]
    assert rows[0].audience.kind is AudienceKind.NOT_CONFIRMED and rows[1].sender == "Trưởng CNTT"
    rest, _ = await service.page(p.office, offset=2, limit=2)
    assert [r.id for r in rest] == [first.id]
    own, total = await service.page(p.head, offset=0, limit=10)
    assert total == 1 and [r.preview for r in own] == ["Hai"]


async def test_the_report_counts_by_channel_and_lists_who_was_not_reached(app: App) -> None:
    p = await org(app)
    await add_member(app, "CNTT", "Đặng Ánh", accounts=((Channel.ZALO, "z9", False),))
    service = app.services.broadcasts
    made = await service.create(p.office, draft(urgent=True), None)
    await service.start_due()
    outbox = app.services.outbox
    for item in await outbox.claim(100):
        if item.chat_id == "9000":
            await outbox.mark_sent(item.id)
        else:  # put back, as a worker does with what it cannot send yet
            await outbox.retry_at(item.id, app.clock.now(), "later", count=False)
    report = await service.report(p.office, made.id, offset=0, limit=50)
    assert set(report.by_channel) == {
        ("telegram", "sent", 1),
        ("telegram", "pending", 3),
        ("telegram", "blocked", 1),
        ("telegram", "unreachable", 1),
        ("zalo", "pending", 1),
    }
    assert report.not_reached == report.matching == 6
    assert {(x.full_name, x.status) for x in report.people} == {
        ("Trưởng CNTT", "pending"),
        ("An", "pending"),
        ("Bình", "blocked"),
        ("Đặng Ánh", "pending"),
        ("Trưởng VY", "pending"),
        ("Chi", "unreachable"),
    }
    found = await service.report(p.office, made.id, search="dang anh", offset=0, limit=50)
    assert [x.full_name for x in found.people] == ["Đặng Ánh"] and found.not_reached == 6
    second = await service.report(p.office, made.id, offset=4, limit=4)
    assert len(second.people) == 2 and second.matching == 6
    with pytest.raises(errors.BroadcastNotFound):
        await service.report(p.head, made.id, offset=0, limit=50)
