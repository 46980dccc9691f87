"""The registration of targets through its service: the Office opens a year (one a year, its
deadline moved by opening it again), a unit head's form starts every member on the default
title, registering replaces the unit's targets whole under a version guard, after the deadline
nothing is saved, members are told through the outbox, and the vote lists' check answers a
whole list in one query."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot import errors
from bot.app import App, open_app
from bot.config import ConfigError
from bot.formatting import strip_html
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.registrations import registered
from models import AuditEntry, Delivery, RegisteredTarget, RegistrationRound
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock

#: The test clock starts on 02/03/2026.
YEAR = 2026
DEADLINE = date(2026, 3, 31)
AWARDS: list[dict[str, Any]] = [
    {
        "code": "LDTT",
        "name": "Lao động tiên tiến",
        "applies_to": "individual",
        "tracks": ["annual"],
        "kind": "title",
    },
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "kind": "title",
        "eligibility": {"requires": ["LDTT"]},
    },
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "applies_to": "collective",
        "tracks": ["annual"],
        "kind": "title",
    },
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual", "adhoc"],
    },
]
REGISTRATION = {"default_individual": "LDTT"}


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    settings = make_settings(database_url, awards=AWARDS, registration=REGISTRATION)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def people(app: App) -> dict[str, MemberView]:
    """The Office, the head of CNTT and two of its staff, and a staff member elsewhere."""
    return {
        "vp": await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng"),
        "truong": await make_member(app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng"),
        "an": await make_member(app, "an", name="Nguyễn Văn An"),
        "binh": await make_member(app, "binh", name="Trần Thị Bình"),
        "khac": await make_member(app, "khac", unit="VHTT-VY", name="Vũ Thị Khác"),
    }


async def audit_actions(app: App) -> list[str]:
    async with app.sessions() as session:
        rows = await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
        return [a for a in rows if a.startswith("registration.")]


async def notices(app: App, member: MemberView) -> list[str]:
    async with app.sessions() as session:
        rows = await session.scalars(select(Delivery).where(Delivery.member_id == member.id))
        return [strip_html(d.payload["text"]) for d in rows]


def test_the_default_title_must_be_an_individual_title_of_the_catalogue(
    database_url: str,
) -> None:
    for wrong, problem in (
        ("KHONG", "'KHONG' is not an award of the catalogue"),
        ("TTLDTT", "'TTLDTT' is not an individual emulation title"),
        ("GK-GD", "'GK-GD' is not an individual emulation title"),
    ):
        with pytest.raises(ConfigError, match=r"registration\.default_individual") as caught:
            make_settings(database_url, awards=AWARDS, registration={"default_individual": wrong})
        assert problem in str(caught.value)
    with pytest.raises(ConfigError, match=r"registration\.unregistered"):
        make_settings(database_url, awards=AWARDS, registration={"unregistered": "maybe"})
    assert make_settings(database_url).registration.unregistered == "warn"


async def test_the_office_opens_a_year_and_moves_its_deadline(app: App) -> None:
    who = await people(app)
    targets = app.services.targets
    opened = await targets.open_round(who["vp"], YEAR, DEADLINE)
    assert (opened.round.deadline, opened.previous) == (DEADLINE, None)
    assert any("đã mở đăng ký thi đua năm 2026" in n for n in await notices(app, who["truong"]))
    moved = await targets.open_round(who["vp"], YEAR, date(2026, 4, 15))
    assert (moved.round.deadline, moved.previous) == (date(2026, 4, 15), DEADLINE)
    assert any("đã đổi thành 15/04/2026" in n for n in await notices(app, who["truong"]))
    assert await notices(app, who["an"]) == []  # staff are not asked to register
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(RegistrationRound)) == 1
    assert await audit_actions(app) == ["registration.open", "registration.reopen"]
    status = await targets.status(who["vp"], YEAR)
    assert [u.unit for u in status.units] == [
        "Phòng Công nghệ thông tin",
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
        "Văn phòng Sở",
    ]
    assert status.registered == 0


async def test_opening_is_for_the_office_this_year_or_the_next_until_the_year_ends(
    app: App,
) -> None:
    who = await people(app)
    targets = app.services.targets
    for role in ("truong", "an"):
        with pytest.raises(errors.NotAllowed):
            await targets.open_round(who[role], YEAR, DEADLINE)
        with pytest.raises(errors.NotAllowed):
            await targets.status(who[role], YEAR)
    for year in (2025, 2028):
        with pytest.raises(errors.RegistrationYearInvalid):
            await targets.open_round(who["vp"], year, date(year, 12, 1))
    for deadline in (date(2026, 3, 1), date(2027, 1, 5)):
        with pytest.raises(errors.RegistrationDeadlineInvalid):
            await targets.open_round(who["vp"], YEAR, deadline)
    with pytest.raises(errors.RegistrationNotOpen):
        await targets.status(who["vp"], YEAR)
    assert (await targets.open_round(who["vp"], 2027, date(2026, 12, 31))).round.year == 2027


async def test_a_head_registers_the_unit_and_everyone_reads_it(app: App) -> None:
    who = await people(app)
    targets = app.services.targets
    with pytest.raises(errors.RegistrationNotOpen):
        await targets.form(who["truong"], YEAR)
    await targets.open_round(who["vp"], YEAR, DEADLINE)
    form = await targets.form(who["truong"], YEAR)
    assert form.version == 0 and form.registered_at is None and form.collective is None
    assert [(m.full_name, m.title) for m in form.members] == [
        ("Nguyễn Văn An", "LDTT"),
        ("Phạm Văn Trưởng", "LDTT"),
        ("Trần Thị Bình", "LDTT"),
    ]
    assert [t.code for t in form.titles.individual] == ["LDTT", "CSTDCS"]
    assert [t.code for t in form.titles.collective] == ["TTLDTT"]

    ids = {m.full_name: m.id for m in form.members}
    chosen = {ids["Nguyễn Văn An"]: "CSTDCS", ids["Phạm Văn Trưởng"]: "LDTT"}
    saved = await targets.register(who["truong"], YEAR, "TTLDTT", chosen, 0)
    assert (saved.version, saved.collective, saved.not_listed) == (1, "TTLDTT", 1)
    assert saved.counts == (("LDTT", 2), ("CSTDCS", 1))
    async with app.sessions() as session:
        rows = set(
            await session.execute(select(RegisteredTarget.member_id, RegisteredTarget.award_code))
        )
    assert rows == {
        (who["an"].id, "LDTT"),
        (who["an"].id, "CSTDCS"),  # CSTĐCS brings the LĐTT it needs
        (who["truong"].id, "LDTT"),
        (None, "TTLDTT"),
    }
    again = await targets.form(who["truong"], YEAR)
    assert again.version == 1 and again.collective == "TTLDTT"
    assert [m.title for m in again.members] == ["CSTDCS", "LDTT", None]

    an = await targets.targets_of(who["an"])
    assert (an.year, an.titles, an.collective) == (YEAR, ("LDTT", "CSTDCS"), "TTLDTT")
    binh = await targets.targets_of(who["binh"])
    assert binh.titles == () and binh.registered_at is not None
    khac = await targets.targets_of(who["khac"])
    assert khac.registered_at is None and khac.collective is None
    status = await targets.status(who["vp"], YEAR)
    assert status.registered == 1
    cntt = next(u for u in status.units if u.unit_id == who["truong"].unit.id)
    assert (cntt.registered_by, cntt.counts, cntt.collective) == (
        "Phạm Văn Trưởng",
        (("LDTT", 2), ("CSTDCS", 1)),
        "TTLDTT",
    )
    assert status.units[-1].unit_id == cntt.unit_id  # registered units come last
    assert await audit_actions(app) == ["registration.open", "registration.register"]
    told = await notices(app, who["an"])
    assert any("Lao động tiên tiến, Chiến sĩ thi đua cơ sở" in n for n in told)
    assert any("không có tên trong danh sách" in n for n in await notices(app, who["binh"]))
    assert not any("đã đăng ký thi đua" in n for n in await notices(app, who["truong"]))


async def test_a_registration_saved_meanwhile_is_not_overwritten(app: App) -> None:
    who = await people(app)
    head = await make_member(app, "pho", Role.UNIT_HEAD, name="Đỗ Văn Phó")
    targets = app.services.targets
    await targets.open_round(who["vp"], YEAR, DEADLINE)
    first = await targets.form(who["truong"], YEAR)
    second = await targets.form(head, YEAR)
    await targets.register(who["truong"], YEAR, None, {who["an"].id: "LDTT"}, first.version)
    with pytest.raises(errors.RegistrationChanged):
        await targets.register(head, YEAR, "TTLDTT", {}, second.version)
    with pytest.raises(errors.RegistrationChanged):
        await targets.register(head, YEAR, "TTLDTT", {}, 5)
    fresh = await targets.form(head, YEAR)
    saved = await targets.register(head, YEAR, "TTLDTT", {}, fresh.version)
    assert (saved.version, saved.counts, saved.collective) == (2, (), "TTLDTT")


async def test_after_the_deadline_nothing_is_saved_until_the_office_extends_it(
    app: App, clock: FakeClock
) -> None:
    who = await people(app)
    targets = app.services.targets
    await targets.open_round(who["vp"], YEAR, date(2026, 3, 3))
    clock.advance(days=1)  # the deadline day itself is still open
    assert not (await targets.form(who["truong"], YEAR)).closed
    clock.advance(days=1)
    form = await targets.form(who["truong"], YEAR)
    assert form.closed
    with pytest.raises(errors.RegistrationClosed) as caught:
        await targets.register(who["truong"], YEAR, None, {}, form.version)
    assert caught.value.params == {"year": YEAR, "deadline": "03/03/2026"}
    await targets.open_round(who["vp"], YEAR, DEADLINE)
    assert (await targets.register(who["truong"], YEAR, None, {}, 0)).version == 1


async def test_forged_members_titles_and_roles_are_refused(app: App) -> None:
    who = await people(app)
    targets = app.services.targets
    await targets.open_round(who["vp"], YEAR, DEADLINE)
    for collective, chosen in (
        (None, {who["khac"].id: "LDTT"}),  # another unit's member
        (None, {who["an"].id: "GK-GD"}),  # a commendation, not a title
        (None, {who["an"].id: "TTLDTT"}),  # a unit's title for a person
        ("LDTT", {}),  # a person's title for the unit
    ):
        with pytest.raises(errors.InvalidTargets):
            await targets.register(who["truong"], YEAR, collective, chosen, 0)
    with pytest.raises(errors.NotAllowed):
        await targets.register(who["an"], YEAR, None, {who["an"].id: "CSTDCS"}, 0)
    with pytest.raises(errors.NotAllowed):
        await targets.form(who["an"], YEAR)
    with pytest.raises(errors.RegistrationNotOpen):
        await targets.register(who["truong"], 2027, None, {}, 0)
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(RegisteredTarget)) == 0


async def test_the_vote_lists_check_a_whole_list_in_one_query(app: App) -> None:
    who = await people(app)
    targets = app.services.targets
    await targets.open_round(who["vp"], YEAR, DEADLINE)
    an, binh = who["an"].id, who["binh"].id
    await targets.register(who["truong"], YEAR, "TTLDTT", {an: "CSTDCS", binh: "LDTT"}, 0)
    unit = who["truong"].unit.id
    wanted = {(an, "LDTT"), (an, "CSTDCS"), (binh, "CSTDCS"), (None, "TTLDTT"), (None, "X")}
    wanted |= {(100_000 + n, "LDTT") for n in range(2_000)}
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        async with app.sessions() as session:
            found = await registered(session, YEAR, unit, wanted)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert found == {(an, "LDTT"), (an, "CSTDCS"), (None, "TTLDTT")}
    assert len([s for s in statements if "registered_targets" in s]) == 1
    async with app.sessions() as session:
        other = who["khac"].unit.id
        assert await registered(session, YEAR, other, {(None, "TTLDTT")}) == frozenset()
        assert await registered(session, 2025, unit, {(an, "LDTT")}) == frozenset()
        assert await registered(session, YEAR, unit, set()) == frozenset()
