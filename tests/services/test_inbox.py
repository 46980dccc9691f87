"""The to-do inbox: what waits for whom, read from the workflows' states, roles and units."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.app import App
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.councils import Position
from bot.services.inbox import Entity
from bot.services.initiatives import Action, CoAuthor, Scores
from models import Delivery
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.initiative_recognition import all_met, seated

#: The emulation council of the test settings (``tests.conftest.COUNCILS``).
EMULATION_COUNCIL = "HDTDKT"


async def _tasks(app: App, member: MemberView) -> list[tuple[str, str]]:
    inbox = await app.services.inbox.inbox(member)
    assert inbox.total == len(inbox.items) == await app.services.inbox.count(member)
    return [(item.task, item.label) for item in inbox.items]


async def _confirm_plan(app: App, *members: MemberView) -> None:
    plan = await app.services.plans.current()
    for member in members:
        await app.services.plans.confirm(member, plan.version)


async def test_an_initiative_waits_for_the_office_then_the_council_then_its_author(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    council = await make_member(app, "hd", Role.COUNCIL, "VP", name="Phạm Hội Đồng")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, council, author)
    item = await app.services.initiatives.submit(author, make_proposal())
    assert await _tasks(app, office) == [("initiative_receive", item.code)]
    assert await _tasks(app, council) == []
    assert await _tasks(app, author) == []

    await app.services.reviews.act(office, item.id, Action.RECEIVE)
    assert await _tasks(app, office) == [("initiative_to_council", item.code)]
    await app.services.reviews.act(office, item.id, Action.SEND_TO_COUNCIL)
    # The council's role is no seat: nothing waits for him, nor for the Office before an
    # evaluation.
    assert await _tasks(app, council) == []
    assert await _tasks(app, office) == []

    await seated(app, office, council)
    assert await _tasks(app, council) == [("initiative_evaluate", item.code)]
    await app.services.evaluations.evaluate(council, item.id, all_met(app), Scores(2, 2, 2))
    assert await _tasks(app, council) == []  # evaluated: his part is done
    assert await _tasks(app, office) == [("initiative_conclude", item.code)]
    await app.services.reviews.act(office, item.id, Action.CONCLUDE_NOT_MET, reason="Chưa đủ")
    assert await _tasks(app, council) == []
    assert await _tasks(app, office) == []

    second = await app.services.initiatives.submit(author, make_proposal(title="Ký số hồ sơ"))
    await app.services.reviews.act(office, second.id, Action.RETURN, reason="Thiếu minh chứng")
    clock.advance(days=3)
    inbox = await app.services.inbox.inbox(author)
    assert [(i.task, i.entity, i.item) for i in inbox.items] == [
        ("initiative_fix", Entity.INITIATIVE, second.id)
    ]
    assert app.services.inbox.age(inbox.items[0]) == 3


async def test_nobody_is_asked_to_judge_their_own_initiative(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    council = await make_member(app, "hd", Role.COUNCIL, "VP", name="Phạm Hội Đồng")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, council, author)
    await seated(app, office, council)
    await seated(app, office, office)
    shared = make_proposal(coauthors=(CoAuthor("Phạm Hội Đồng", 30, council.id),))
    item = await app.services.initiatives.submit(author, shared)
    await app.services.reviews.act(office, item.id, Action.RECEIVE)
    await app.services.reviews.act(office, item.id, Action.SEND_TO_COUNCIL)
    assert await _tasks(app, council) == []  # seated, but a co-author
    assert await _tasks(app, office) == [("initiative_evaluate", item.code)]


async def test_an_evaluation_waits_for_those_seated_on_the_initiative_council_whatever_their_role(
    app: App,
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    staff = await make_member(app, "bx", Role.STAFF, "VHTT-VY", name="Vũ Thị Chuyên")
    leader = await make_member(app, "ld", Role.LEADER, "VP", name="Đinh Lãnh Đạo")
    emulation = await make_member(app, "td", Role.COUNCIL, "VP", name="Hồ Thi Đua")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, staff, leader, emulation, author)
    await seated(app, office, staff)
    # A seat on the emulation council is not a seat on the initiative council.
    await app.services.councils.seat(office, EMULATION_COUNCIL, emulation.id, Position.MEMBER)
    item = await app.services.initiatives.submit(author, make_proposal())
    await app.services.reviews.act(office, item.id, Action.RECEIVE)
    await app.services.reviews.act(office, item.id, Action.SEND_TO_COUNCIL)
    assert await _tasks(app, staff) == [("initiative_evaluate", item.code)]
    assert await _tasks(app, leader) == []
    assert await _tasks(app, emulation) == []
    assert await _tasks(app, office) == []


async def test_a_reporting_period_waits_for_each_unit_head_until_their_unit_sends(
    app: App,
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "tp", Role.UNIT_HEAD, name="Trần Trưởng Phòng")
    other = await make_member(app, "tp2", Role.UNIT_HEAD, "VHTT-VY", name="Đỗ Văn Huyện")
    staff = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, head, other, staff)
    period = await app.services.reports.open_period(office, "Quý I/2026", date(2026, 3, 31))
    assert await _tasks(app, head) == [("period_send", "Quý I/2026")]
    assert await _tasks(app, staff) == []

    report = await app.services.reports.submit(head, period.id, "Đã làm đủ việc.", "Kết quả tốt.")
    assert await _tasks(app, head) == []
    assert await _tasks(app, other) == [("period_send", "Quý I/2026")]
    accept = [
        i for i in (await app.services.inbox.inbox(office)).items if i.entity is Entity.REPORT
    ]
    assert [(i.task, i.label, i.title) for i in accept] == [
        ("report_accept", "Quý I/2026", "Phòng Công nghệ thông tin")
    ]

    await app.services.report_review.return_(office, report.id, "Thiếu số liệu", report.version)
    assert await _tasks(app, head) == [("report_fix", "Quý I/2026")]


async def test_a_new_plan_waits_for_everyone_until_they_confirm_it(app: App) -> None:
    staff = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    plan = await app.services.plans.current()
    assert await _tasks(app, staff) == [("plan_confirm", plan.title)]
    await app.services.plans.confirm(staff, plan.version)
    assert await _tasks(app, staff) == []


async def _notices(app: App, chat_id: str) -> list[tuple[str, bool]]:
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        return [(str(d.payload["text"]), d.quiet) for d in rows]


async def test_arrivals_are_told_once_in_one_message_per_person(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    council = await make_member(app, "hd", Role.COUNCIL, "VP", name="Phạm Hội Đồng")
    await seated(app, office, council)
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    notices = app.services.inbox_notices
    assert await notices.tell_arrivals() == 0  # everyone's starting point: now
    clock.advance(minutes=1)
    first = await app.services.initiatives.submit(author, make_proposal())
    second = await app.services.initiatives.submit(author, make_proposal(title="Ký số hồ sơ"))
    clock.advance(minutes=5)

    assert await notices.tell_arrivals() == 1
    told = await _notices(app, "vp")
    assert len(told) == 1
    text, quiet = told[0]
    assert "Có 2 việc mới chờ đồng chí xử lý" in text and quiet
    assert f"Tiếp nhận sáng kiến — <b>{first.code}</b>" in text and second.code in text
    assert await _notices(app, "an") == [] and await _notices(app, "hd") == []

    clock.advance(minutes=5)
    assert await notices.tell_arrivals() == 0  # nothing new: nothing told again
    await app.services.reviews.act(office, first.id, Action.RECEIVE)
    await app.services.reviews.act(office, first.id, Action.SEND_TO_COUNCIL)
    clock.advance(minutes=5)
    assert await notices.tell_arrivals() == 1
    [(council_text, _)] = await _notices(app, "hd")
    assert f"Đánh giá sáng kiến — <b>{first.code}</b>" in council_text
    assert len(await _notices(app, "vp")) == 1  # the Office moved it on itself: no notice


async def test_a_unit_head_is_told_when_a_reporting_period_opens(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await make_member(app, "tp", Role.UNIT_HEAD, name="Trần Trưởng Phòng")
    await app.services.inbox_notices.tell_arrivals()
    clock.advance(minutes=1)
    await app.services.reports.open_period(office, "Báo cáo quý II/2026", date(2026, 6, 30))
    clock.advance(minutes=5)
    await app.services.inbox_notices.tell_arrivals()
    [(text, _)] = await _notices(app, "tp")
    assert "Gửi báo cáo của đơn vị — <b>Báo cáo quý II/2026</b>" in text
    assert "báo cáo báo cáo" not in text.lower()  # a name that says "Báo cáo" is not doubled
