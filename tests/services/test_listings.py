"""Public listings against the real database: what waits to be listed, publishing (the chat and
every member, at the outbox's pace), the window counted in working days holding rows back from
the council, objections (the nominee never told who objected), answers, the override with its
reason, and every Office step refused to the roles below."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot import errors
from bot.app import App, open_app
from bot.config import Settings
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.nominations.workflow import Action
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.listings_seed import (
    STATE,
    audited,
    deliveries,
    listing_settings,
    received,
)

STATUS = (Channel.CONSOLE, "vp")
GROUP_CHAT = "-100123"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return listing_settings(database_url)


async def people(app: App) -> dict[str, MemberView]:
    return {
        "vp": await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng"),
        "truong": await make_member(app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng"),
        "an": await make_member(app, "an", name="Nguyễn Văn An"),
        "binh": await make_member(app, "binh", name="Trần Thị Bình"),
        "hoi": await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội"),
        "lanh": await make_member(app, "lanh", Role.LEADER, "VP", name="Hoàng Văn Lãnh"),
    }


async def state(app: App, office: MemberView, item: int) -> NominationState:
    return (await app.services.nominations.view(office, item)).state


async def test_a_state_award_waits_for_its_window_before_the_council(
    app: App, clock: FakeClock
) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    item = await received(app, office, p["truong"], p["an"])
    other = await received(app, office, p["truong"], p["binh"], award="CSTDCS")
    with pytest.raises(errors.NotListedYet) as refused:
        await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)
    assert str(refused.value.params["code"]).startswith("DC-2026-")
    # An award that needs no listing goes to the council at once.
    await app.services.nominations.act(office, other, Action.SEND_TO_COUNCIL)

    published = await service.publish(office, STATE, 2026, [item], "Danh sách BK-TTG", STATUS)
    assert published.listing.closes_on == date(2026, 3, 17)  # 10 working days, a holiday
    with pytest.raises(errors.ListingWindowOpen) as still:
        await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)
    assert still.value.params["until"] == "17/03/2026"
    clock.advance(days=15)  # Tuesday 17/03: the window's last day
    with pytest.raises(errors.ListingWindowOpen):
        await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)
    clock.advance(days=1)
    await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)
    assert await state(app, office, item) is NominationState.UNDER_REVIEW


async def test_publishing_reaches_the_chat_and_every_member_through_a_broadcast(
    app: App,
) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    an = await received(app, office, p["truong"], p["an"])
    binh = await received(app, office, p["truong"], p["binh"])
    await received(app, office, p["truong"], p["an"], award="CSTDCS")
    groups = await service.candidates(office)
    assert [(g.award_code, g.count, g.required, g.days) for g in groups] == [
        (STATE, 2, True, 10),
        ("CSTDCS", 1, False, 10),  # may be listed: [listing] default_days
    ]
    rows = await service.group_rows(office, STATE, 2026)
    assert [r.nominee_name for r in rows] == ["Nguyễn Văn An", "Trần Thị Bình"]

    done = await service.publish(office, STATE, 2026, [an, binh], "  Danh sách  BK-TTG  ", STATUS)
    view = done.listing
    assert (view.code, view.title, view.rows, view.is_open) == (
        "CK-2026-001",
        "Danh sách BK-TTG",
        2,
        True,
    )
    assert [g.award_code for g in await service.candidates(office)] == ["CSTDCS"]
    assert await audited(app) == [("listing.publish", "CK-2026-001")]
    (group,) = [text for chat, text in await deliveries(app) if chat == GROUP_CHAT]
    assert "CÔNG KHAI DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in group
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in group
    assert "2. Trần Thị Bình — Phòng Công nghệ thông tin" in group
    assert "đến hết ngày <b>17/03/2026</b>" in group and "/congkhai" in group

    before = len(await deliveries(app))
    assert await app.services.broadcasts.start_due() == [done.broadcast_id]
    sent = (await deliveries(app))[before:]
    assert sorted(chat for chat, _ in sent) == sorted(
        ["vp", "truong", "an", "binh", "hoi", "lanh"]
    )
    assert all("1. Nguyễn Văn An — Phòng Công nghệ thông tin" in text for _, text in sent)
    assert all("&lt;b&gt;" not in text and "17/03/2026" in text for _, text in sent)
    progress = await app.services.broadcasts.view(office, done.broadcast_id)
    assert progress.counts.total == 6


async def test_objections_are_answered_and_never_shown_to_the_nominee(
    app: App, clock: FakeClock
) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    item = await received(app, office, p["truong"], p["an"])
    view = (await service.publish(office, STATE, 2026, [item], "Danh sách", STATUS)).listing
    start = len(await deliveries(app))

    filed = await service.object(p["binh"], view.id, item, "  Đồng chí An chưa có sáng kiến.  ")
    assert (filed.text, filed.objector) == ("Đồng chí An chưa có sáng kiến.", "")
    told = (await deliveries(app))[start:]
    assert [chat for chat, _ in told] == ["vp"]  # the Office only: not the nominee
    assert "Trần Thị Bình" in told[0][1] and "Nguyễn Văn An" in told[0][1]
    await service.object(p["binh"], view.id, item, "Ý kiến thứ hai.")  # several are fine

    mine = await service.listing(p["binh"], view.id)
    assert [o.text for o in mine.mine] == ["Đồng chí An chưa có sáng kiến.", "Ý kiến thứ hai."]
    assert mine.listing.objections == 2
    nominee = await service.listing(p["an"], view.id)
    assert nominee.mine == () and nominee.listing.objections == 0
    assert [v.objections for v in await service.open_listings(p["an"])] == [0]

    named = await service.objections(office, view.id)
    assert [(o.objector, o.objector_unit) for o in named] == [
        ("Trần Thị Bình", "Phòng Công nghệ thông tin")
    ] * 2
    start = len(await deliveries(app))
    answered = await service.answer(office, named[0].id, "Đồng chí An có sáng kiến SK-2026-001.")
    assert answered.answered_at is not None
    (notice,) = (await deliveries(app))[start:]
    assert notice[0] == "binh" and "SK-2026-001" in notice[1]
    assert [o.answer for o in (await service.listing(p["binh"], view.id)).mine] == [
        "Đồng chí An có sáng kiến SK-2026-001.",
        "",
    ]
    assert [a for a, _ in await audited(app)] == [
        "listing.publish",
        "listing.object",
        "listing.object",
        "listing.answer",
    ]

    for bad in ("   ", "x" * 2001):
        with pytest.raises(errors.ListingTextInvalid):
            await service.object(p["binh"], view.id, item, bad)
    with pytest.raises(errors.ListingNotFound):
        await service.object(p["binh"], view.id, item + 1000, "Không có trong danh sách.")
    clock.advance(days=16)  # 18/03: closed
    with pytest.raises(errors.ObjectionsClosed):
        await service.object(p["binh"], view.id, item, "Muộn rồi.")
    # Closed, but one objection still waits for an answer: the Office still sees it.
    assert [v.id for v in await service.open_listings(office)] == [view.id]
    assert [v.id for v in await service.open_listings(p["binh"])] == [view.id]  # theirs
    assert await service.open_listings(p["an"]) == ()


async def test_an_override_with_a_reason_lets_the_rows_go_early(app: App) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    item = await received(app, office, p["truong"], p["an"])
    view = (await service.publish(office, STATE, 2026, [item], "Danh sách", STATUS)).listing
    with pytest.raises(errors.ListingTextInvalid):
        await service.override(office, view.id, "  ")
    done = await service.override(office, view.id, "Hạn nộp hồ sơ của Bộ Nội vụ là 10/03.")
    assert done.overridden and done.is_open
    with pytest.raises(errors.OverrideNotNeeded):
        await service.override(office, view.id, "Lần nữa.")
    await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)
    assert await state(app, office, item) is NominationState.UNDER_REVIEW
    # Objections are still taken until the closing day.
    await service.object(p["binh"], view.id, item, "Vẫn góp ý được.")
    assert await audited(app) == [
        ("listing.publish", "CK-2026-001"),
        ("listing.override", "CK-2026-001"),
        ("listing.object", "1"),
    ]


async def test_a_row_acted_on_meanwhile_publishes_nothing(app: App) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    an = await received(app, office, p["truong"], p["an"])
    binh = await received(app, office, p["truong"], p["binh"])
    await app.services.nominations.act(office, binh, Action.RETURN, reason="Thiếu minh chứng.")
    with pytest.raises(errors.ListingChanged):
        await service.publish(office, STATE, 2026, [an, binh], "Danh sách", STATUS)
    with pytest.raises(errors.ListingChanged):
        await service.publish(office, STATE, 2026, [], "Danh sách", STATUS)
    with pytest.raises(errors.ListingTextInvalid):
        await service.publish(office, STATE, 2026, [an], " ", STATUS)
    assert await audited(app) == []
    assert [g.count for g in await service.candidates(office)] == [1]


async def test_an_award_listed_of_the_offices_accord_waits_for_its_window_too(
    app: App, clock: FakeClock
) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    item = await received(app, office, p["truong"], p["an"], award="CSTDCS")
    done = await service.publish(office, "CSTDCS", 2026, [item], "CSTĐCS 2026", STATUS)
    assert done.listing.closes_on == date(2026, 3, 17)  # [listing] default_days = 10
    with pytest.raises(errors.ListingWindowOpen):
        await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)
    clock.advance(days=16)
    await app.services.nominations.act(office, item, Action.SEND_TO_COUNCIL)


@pytest.fixture
async def strict(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core where only awards that require it may be listed."""
    settings = listing_settings(database_url, listing={"default_days": 0})
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def test_without_a_default_window_only_required_awards_are_listed(strict: App) -> None:
    p = await people(strict)
    office = p["vp"]
    item = await received(strict, office, p["truong"], p["an"], award="CSTDCS")
    await received(strict, office, p["truong"], p["binh"])
    assert [g.award_code for g in await strict.services.listings.candidates(office)] == [STATE]
    with pytest.raises(errors.ListingNotAvailable):
        await strict.services.listings.publish(office, "CSTDCS", 2026, [item], "X", STATUS)


async def test_every_office_step_is_refused_to_the_roles_below(app: App) -> None:
    p = await people(app)
    office, service = p["vp"], app.services.listings
    item = await received(app, office, p["truong"], p["an"])
    view = (await service.publish(office, STATE, 2026, [item], "Danh sách", STATUS)).listing
    objection = await service.object(p["binh"], view.id, item, "Góp ý.")
    for who in ("truong", "an", "hoi", "lanh"):
        lower = p[who]
        for step in (
            service.candidates(lower),
            service.group_rows(lower, STATE, 2026),
            service.publish(lower, STATE, 2026, [item], "Danh sách", STATUS),
            service.objections(lower, view.id),
            service.objection(lower, objection.id),
            service.answer(lower, objection.id, "Trả lời."),
            service.override(lower, view.id, "Lý do."),
        ):
            with pytest.raises(errors.NotAllowed):
                await step
    assert [a for a, _ in await audited(app)] == ["listing.publish", "listing.object"]
