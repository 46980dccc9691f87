"""/viecchoxuly through the router: what waits, its age, the button that opens it, the count
in the menu."""

from __future__ import annotations

from datetime import date

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from bot.services.common import MemberView
from tests.factories import join, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.initiative_recognition import seated, to_the_council


async def _member(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


async def _confirm_plan(app: App, person: Person) -> None:
    plan = await app.services.plans.current()
    await app.services.plans.confirm(await _member(app, person), plan.version)


async def test_the_office_learns_what_waits_and_opens_it_from_the_inbox(
    app: App, clock: FakeClock
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    author = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await _confirm_plan(app, office)
    proposal = make_proposal(title="Số hóa hồ sơ thi đua của toàn Sở")
    item = await app.services.initiatives.submit(await _member(app, author), proposal)
    clock.advance(days=2)

    await office.send("/trogiup")
    assert "📥 Việc chờ xử lý (1)" in [b.label for b in office.last.flat_buttons()]
    await office.send("viec cho xu ly")  # typed as a word, without diacritics
    assert "Việc chờ đồng chí xử lý (1)" in office.text
    assert f"Tiếp nhận sáng kiến — {item.code}: Số hóa hồ sơ thi đua của toàn Sở" in office.text
    assert "chờ 2 ngày" in office.text
    # No number of its own (the console numbers it), the code and the title.
    assert [b.label for b in office.last.flat_buttons()] == [
        f"{item.code} · Số hóa hồ sơ thi đua của toàn Sở"
    ]
    await office.tap(item.code)
    assert item.code in office.text and "Tiếp nhận" in [
        b.label.split(" ", 1)[-1] for b in office.last.flat_buttons()
    ]


async def test_an_author_is_not_asked_to_act_on_their_own_item_and_hears_when_it_returns(
    app: App,
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    author = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await _confirm_plan(app, author)
    item = await app.services.initiatives.submit(await _member(app, author), make_proposal())
    await author.send("/viecchoxuly")
    assert author.text == "✅ Hiện không có việc nào chờ đồng chí xử lý."
    await office.send("/viecchoxuly")
    await office.tap(item.code)
    await office.tap("Trả lại")
    await office.send("Thiếu minh chứng kết quả áp dụng")
    await author.send("/viecchoxuly")
    assert f"Bổ sung sáng kiến bị trả lại — {item.code}" in author.text


async def test_a_period_named_bao_cao_is_not_doubled_in_the_unit_heads_inbox(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "tp", "CNTT", Role.UNIT_HEAD, "Trần Trưởng Phòng")
    await _confirm_plan(app, head)
    name = "Báo cáo quý 1/2026"
    await app.services.reports.open_period(await _member(app, office), name, date(2026, 3, 31))

    await head.send("/viecchoxuly")
    assert f"Gửi báo cáo của đơn vị — {name} · hôm nay" in head.text
    assert "báo cáo báo cáo" not in head.text.lower()
    assert [b.label for b in head.last.flat_buttons()] == [name]


async def test_an_evaluation_waits_in_the_inbox_of_a_seated_member_and_opens_its_button(
    app: App,
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    expert = await join(app, "cg", "VHTT-VY", Role.STAFF, "Vũ Thị Chuyên")
    council = await join(app, "hd", "VP", Role.COUNCIL, "Phạm Hội Đồng")  # no seat
    author = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    for person in (expert, council):
        await _confirm_plan(app, person)
    clerk = await _member(app, office)
    await seated(app, clerk, await _member(app, expert))
    item = await app.services.initiatives.submit(await _member(app, author), make_proposal())
    await to_the_council(app, clerk, item.id)

    await expert.send("/viecchoxuly")
    assert f"Đánh giá sáng kiến — {item.code}" in expert.text
    await expert.tap(item.code)
    assert "Đánh giá sáng kiến" in [b.label.split(" ", 1)[-1] for b in expert.last.flat_buttons()]
    await council.send("/viecchoxuly")
    assert "Đánh giá sáng kiến" not in council.text
