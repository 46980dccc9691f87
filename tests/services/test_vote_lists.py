"""Units' vote lists against the real database: a head sends the unit's list in one go, each
row checked against the catalogue's rules first; the Office receives it or returns it whole;
a returned list is sent again in place; wrong roles and stale screens change nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App, open_app
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.common import FileInfo, MemberView
from bot.services.nominations import NominationDraft, Nominee
from bot.services.vote_lists import ListState, Meeting, Row
from models import (
    AuditEntry,
    Delivery,
    Nomination,
    RegisteredTarget,
    RegistrationRound,
    UnitRegistration,
)
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.cycle_seed import CYCLE_AWARDS, discipline, started

YEAR = 2025  # the fake clock's 2 March 2026 proposes last year's achievements first
MEETING = Meeting(date(2026, 2, 20), 12)
MINUTES = [FileInfo("console", "f-1", "bien-ban.pdf", "application/pdf", 1000)]


def settings_for(database_url: str, **overrides: Any) -> Any:
    return make_settings(database_url, awards=CYCLE_AWARDS, **overrides)


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    core = await open_app(settings_for(database_url), clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


class People:
    """A unit head, three staff, the Office, and a head of another unit."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def make(self) -> People:
        self.head = await make_member(self.app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng")
        self.an = await make_member(self.app, "an", name="Nguyễn Văn An")
        self.binh = await make_member(self.app, "binh", name="Trần Thị Bình")
        self.chi = await make_member(self.app, "chi", name="Lê Thị Chi")
        self.office = await make_member(self.app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
        self.other = await make_member(
            self.app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Thị Khác"
        )
        for person in (self.head, self.an, self.binh, self.chi):
            await started(self.app, person.id, date(2020, 1, 1))
        return self

    @property
    def unit(self) -> list[MemberView]:
        return [self.head, self.an, self.binh, self.chi]


def full_list(people: People, *, share: float = 1.0) -> list[Row]:
    """The unit's title, every member LĐTT, An also CSTĐCS on excellent work."""
    return [
        Row(None, "TTLDTT", share),
        *(Row(p.id, "LDTT", share) for p in people.unit),
        Row(people.an.id, "CSTDCS", share, "excellent"),
    ]


async def rows_of(app: App, list_id: int) -> list[tuple[int | None, str, str]]:
    async with app.sessions() as session:
        found = await session.execute(
            select(Nomination.nominee_member_id, Nomination.award_code, Nomination.state)
            .where(Nomination.list_id == list_id)
            .order_by(Nomination.id)
        )
        return [(m, a, s) for m, a, s in found]


def problems(views: Any) -> list[list[str]]:
    return [[p.key.rsplit(".", 1)[-1] for p in v.problems] for v in views]


async def test_a_head_sends_the_units_list_and_the_office_is_told(app: App) -> None:
    people = await People(app).make()
    service = app.services.vote_lists
    view = await service.submit(people.head, YEAR, full_list(people), MEETING, MINUTES)
    assert view.code == f"BX-{YEAR}-001" and view.state is ListState.SUBMITTED
    assert view.minutes == 1 and view.meeting == MEETING
    rows = await rows_of(app, view.id)
    assert len(rows) == 6 and {s for *_, s in rows} == {NominationState.SUBMITTED}
    async with app.sessions() as session:
        years = set(await session.scalars(select(Nomination.year)))
        told = await session.scalar(
            select(func.count(Delivery.id)).where(Delivery.chat_id == "vp")
        )
        audited = await session.scalar(
            select(AuditEntry.action).where(AuditEntry.entity == "vote_list")
        )
    assert years == {YEAR} and told == 1 and audited == "vote_list.submit"
    current = await service.current(people.head, YEAR)
    assert current is not None and current.id == view.id
    with pytest.raises(errors.VoteListLocked):
        await service.submit(people.head, YEAR, full_list(people), MEETING, MINUTES)


async def test_rows_failing_the_rules_stop_the_list_until_fixed(
    app: App, clock: FakeClock
) -> None:
    people = await People(app).make()
    service = app.services.vote_lists
    await started(app, people.chi.id, date(2025, 9, 1))  # four months by the year's end
    await discipline(app, people.binh.id, YEAR, "canh_cao")
    rows = [
        Row(None, "TTLDTT", 1.0),
        Row(people.head.id, "LDTT", 1.0),
        Row(people.binh.id, "LDTT", 1.0),
        Row(people.chi.id, "LDTT", 1.0),
        Row(people.an.id, "CSTDCS", 1.0, "initiative"),
    ]
    checked = await service.check(people.head, YEAR, rows)
    assert problems(checked) == [
        ["member_disciplined"],
        [],
        ["disciplined"],
        ["months"],
        ["no_initiative", "requires"],
    ]
    assert [v.name for v in checked[:2]] == ["Phòng Công nghệ thông tin", "Phạm Văn Trưởng"]
    with pytest.raises(errors.VoteListNotEligible) as refused:
        await service.submit(people.head, YEAR, rows, MEETING, MINUTES)
    assert refused.value.params == {"count": 4}
    async with app.sessions() as session:
        assert await session.scalar(select(func.count(Nomination.id))) == 0
    fixed = [Row(people.head.id, "LDTT", 1.0), Row(people.an.id, "LDTT", 1.0)]
    fixed.append(Row(people.an.id, "CSTDCS", 1.0, "research"))
    view = await service.submit(people.head, YEAR, fixed, MEETING, MINUTES)
    assert len(view.rows) == 3 and view.blocked == 0


async def test_a_missing_start_of_service_warns_and_a_collective_needs_its_share(
    app: App,
) -> None:
    people = await People(app).make()
    await started(app, people.chi.id, None)
    rows = [Row(None, "TTLDTT", 1.0), Row(people.chi.id, "LDTT", 1.0)]
    checked = await app.services.vote_lists.check(people.head, YEAR, rows)
    assert problems(checked) == [["member_share"], ["no_service_start"]]
    assert checked[0].blocked and not checked[1].blocked
    assert checked[0].problems[0].params == {"share": 70, "count": 1}


@pytest.mark.parametrize(("rule", "blocks"), [("warn", False), ("refuse", True)])
async def test_registration_warns_or_refuses_as_configured(
    database_url: str, clock: FakeClock, rule: str, blocks: bool
) -> None:
    settings = settings_for(database_url, registration={"unregistered": rule})
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        people = await People(core).make()
        await _register(core, people, ["LDTT"])
        checked = await core.services.vote_lists.check(
            people.head, YEAR, [Row(people.an.id, "LDTT", 1.0), Row(people.binh.id, "LDTT", 1.0)]
        )
        assert problems(checked) == [[], ["unregistered"]]
        assert checked[1].blocked is blocks
    finally:
        await core.close()


async def _register(app: App, people: People, codes: list[str]) -> None:
    async with app.sessions.begin() as session:
        session.add(
            RegistrationRound(year=YEAR, deadline=date(2025, 3, 31), opened_at=app.clock.now())
        )
        registration = UnitRegistration(
            year=YEAR, unit_id=people.head.unit.id, registered_at=app.clock.now()
        )
        session.add(registration)
        await session.flush()
        session.add_all(
            RegisteredTarget(
                registration_id=registration.id,
                year=YEAR,
                unit_id=people.head.unit.id,
                member_id=people.an.id,
                award_code=code,
            )
            for code in codes
        )


async def test_the_office_receives_or_returns_and_the_head_sends_again(app: App) -> None:
    people = await People(app).make()
    service = app.services.vote_lists
    sent = await service.submit(people.head, YEAR, full_list(people), MEETING, MINUTES)
    returned = await service.return_list(
        people.office, sent.id, "Thiếu biên bản có chữ ký", sent.version
    )
    assert returned.state is ListState.RETURNED
    assert {s for *_, s in await rows_of(app, sent.id)} == {NominationState.RETURNED}
    with pytest.raises(errors.VoteListChanged):
        await service.receive(people.office, sent.id, returned.version)
    again = [r for r in full_list(people, share=0.9) if r.member_id != people.chi.id]
    resent = await service.submit(people.head, YEAR, again, MEETING, MINUTES)
    assert resent.id == sent.id and resent.state is ListState.SUBMITTED
    states = {(m, a): s for m, a, s in await rows_of(app, sent.id)}
    assert states[(people.chi.id, "LDTT")] == NominationState.WITHDRAWN
    assert states[(people.an.id, "LDTT")] == NominationState.RESUBMITTED
    assert all(r.row.vote_share == 0.9 for r in resent.rows)
    with pytest.raises(errors.VoteListChanged):
        await service.receive(people.office, sent.id, sent.version)
    received = await service.receive(people.office, sent.id, resent.version)
    assert received.state is ListState.RECEIVED
    assert {r.state for r in received.rows} == {NominationState.RECEIVED}


async def test_wrong_roles_and_other_units_are_refused(app: App) -> None:
    people = await People(app).make()
    service = app.services.vote_lists
    rows = [Row(people.an.id, "LDTT", 1.0)]
    with pytest.raises(errors.NotAllowed):
        await service.submit(people.an, YEAR, rows, MEETING, MINUTES)
    with pytest.raises(errors.NotAllowed):
        await service.submit(
            people.other, YEAR, rows, MEETING, MINUTES, unit_id=people.head.unit.id
        )
    with pytest.raises(errors.InvalidVoteList):
        await service.submit(people.other, YEAR, rows, MEETING, MINUTES)  # not of their unit
    sent = await service.submit(people.head, YEAR, rows, MEETING, MINUTES)
    for actor in (people.head, people.an, people.other):
        with pytest.raises(errors.NotAllowed):
            await service.receive(actor, sent.id, sent.version)
        with pytest.raises(errors.NotAllowed):
            await service.return_list(actor, sent.id, "Không hợp lệ", sent.version)
    with pytest.raises(errors.NotAllowed):
        await service.view(people.other, sent.id)
    with pytest.raises(errors.NotAllowed):
        await service.lists(people.head, YEAR)


async def test_bad_rows_and_meetings_are_refused(app: App) -> None:
    people = await People(app).make()
    service = app.services.vote_lists
    cases: list[tuple[list[Row], Meeting, int]] = [
        ([Row(people.an.id, "GK-GD", 1.0)], MEETING, YEAR),  # a commendation, not a title
        ([Row(people.an.id, "TTLDTT", 1.0)], MEETING, YEAR),  # a unit's title for a person
        ([Row(people.an.id, "LDTT", 1.5)], MEETING, YEAR),
        ([Row(people.an.id, "LDTT"), Row(people.an.id, "LDTT")], MEETING, YEAR),
        ([Row(people.an.id, "LDTT", 1.0)], Meeting(date(2026, 3, 5), 5), YEAR),
        ([Row(people.an.id, "LDTT", 1.0)], MEETING, 2023),
        ([], MEETING, YEAR),
    ]
    for rows, meeting, year in cases:
        with pytest.raises(errors.InvalidVoteList):
            await service.submit(people.head, year, rows, meeting, MINUTES)


async def test_titles_are_proposed_by_the_list_not_one_by_one(app: App) -> None:
    people = await People(app).make()
    nominations = app.services.nominations
    offered = nominations.awards_for(Track.ANNUAL, NomineeKind.MEMBER)
    assert [a.code for a in offered] == ["GK-GD"]  # the commendation, not LĐTT or CSTĐCS
    nominee = Nominee(NomineeKind.MEMBER, people.head.unit.id, member_id=people.an.id)
    draft = NominationDraft(Track.ANNUAL, nominee, "LDTT", "Hoàn thành tốt nhiệm vụ.")
    with pytest.raises(errors.TitleByVoteList) as refused:
        await nominations.submit(people.head, draft)
    assert refused.value.params == {"award": "Lao động tiên tiến"}
