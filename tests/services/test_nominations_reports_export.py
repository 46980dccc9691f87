"""Exporting nominations and one period's report status: rows, filters, who may, queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from bot import errors
from bot.app import App, open_app
from bot.domain import NominationState, NomineeKind, ReportState, Track
from bot.roles import Role
from bot.services.nominations.export import NominationFilter
from bot.services.reports.export import UnitStatus
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.initiatives_seed import START
from tests.services.nominations_reports_seed import AWARDS, Nominated, seed_nominations

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    core = await open_app(make_settings(database_url, awards=AWARDS), clock=clock)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def seeded(app: App, clock: FakeClock) -> Nominated:
    return await seed_nominations(app, clock)


async def codes(app: App, filters: NominationFilter) -> list[str]:
    return [r.code for r in await app.services.nomination_export.rows(None, filters)]


async def test_a_nomination_row_holds_everything(app: App, seeded: Nominated) -> None:
    rows = await app.services.nomination_export.rows(seeded.people.office, NominationFilter())
    assert [r.code for r in rows] == ["DC-2026-0001", "DC-2026-0002", "DC-2026-0003"]
    first, adhoc, unit = rows
    assert (first.year, first.track, first.nominee, first.nominee_kind) == (
        2026,
        Track.ANNUAL,
        "Nguyễn Văn An",
        NomineeKind.MEMBER,
    )
    assert (first.unit, first.award, first.state) == (
        "Phòng Công nghệ thông tin",
        "Chiến sĩ thi đua cơ sở",
        NominationState.AWARDED,
    )
    assert first.initiatives == ("SK-2026-0001",)
    assert first.submitted_at == datetime(2026, 4, 1, 0, 30, tzinfo=ZONE)
    assert (first.decision, first.decided_on) == ("125/QĐ-SKHCN", date(2026, 4, 2))
    assert first.annual_merit
    assert (adhoc.track, adhoc.annual_merit, adhoc.decision) == (Track.ADHOC, False, "")
    assert adhoc.summary.startswith("=Khắc phục")
    assert (unit.nominee, unit.nominee_kind, unit.state) == (
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
        NomineeKind.COLLECTIVE,
        NominationState.RETURNED,
    )
    assert unit.updated_at >= unit.submitted_at


async def test_every_nomination_filter(app: App, seeded: Nominated) -> None:
    assert await codes(app, NominationFilter(year=2025)) == []
    assert len(await codes(app, NominationFilter(year=2026))) == 3
    assert await codes(app, NominationFilter(track=Track.ADHOC)) == ["DC-2026-0002"]
    assert await codes(app, NominationFilter(state=NominationState.RETURNED)) == ["DC-2026-0003"]
    assert await codes(app, NominationFilter(unit_code="VHTT-VY")) == ["DC-2026-0003"]
    assert await codes(app, NominationFilter(start=date(2026, 4, 2))) == [
        "DC-2026-0002",
        "DC-2026-0003",
    ]
    assert await codes(app, NominationFilter(end=date(2026, 4, 1))) == ["DC-2026-0001"]
    with pytest.raises(errors.UnknownUnit):
        await codes(app, NominationFilter(unit_code="XX"))
    with pytest.raises(errors.DomainError):
        await codes(app, NominationFilter(start=date(2026, 5, 1), end=date(2026, 4, 1)))


async def test_the_report_status_of_a_period(app: App, seeded: Nominated) -> None:
    export = await app.services.report_export.status(seeded.people.office, None)
    assert (export.period.id, export.period.name) == (seeded.period_id, "Báo cáo năm 2026")
    rows = {r.code: r for r in export.rows}
    assert list(rows) == sorted(rows)
    cntt, vy, vp = rows["CNTT"], rows["VHTT-VY"], rows["VP"]
    assert (cntt.status, cntt.late, cntt.submitter, cntt.decision) == (
        UnitStatus.ACCEPTED,
        False,
        "Phạm Văn Trưởng",
        ReportState.ACCEPTED,
    )
    assert (vy.status, vy.late, vy.decision, vy.reason) == (
        UnitStatus.RETURNED,
        True,
        ReportState.RETURNED,
        "Thiếu số liệu",
    )
    assert vy.submitted_at is not None and vy.submitted_at.tzinfo is not None
    assert (vp.status, vp.submitted_at, vp.submitter, vp.decision) == (
        UnitStatus.MISSING,
        None,
        "",
        None,
    )
    again = await app.services.report_export.status(None, seeded.period_id)
    assert again == export


async def test_no_period_or_an_unknown_one(app: App) -> None:
    with pytest.raises(errors.PeriodNotFound):
        await app.services.report_export.status(None, None)
    with pytest.raises(errors.PeriodNotFound):
        await app.services.report_export.status(None, 999)


async def test_only_the_office_and_admins_may_export(app: App, seeded: Nominated) -> None:
    council = await make_member(app, "hoi3", Role.COUNCIL, "VP", name="Đỗ Thị Xét")
    admin = await make_member(app, "qt", Role.ADMIN, "VP", name="Trần Văn Quản")
    for someone in (seeded.people.an, seeded.cntt_head, council):
        with pytest.raises(errors.NotAllowed):
            await app.services.nomination_export.rows(someone, NominationFilter())
        with pytest.raises(errors.NotAllowed):
            await app.services.report_export.status(someone, seeded.period_id)
    assert len(await app.services.nomination_export.rows(admin, NominationFilter())) == 3
    assert (await app.services.report_export.status(admin, None)).rows


async def test_the_number_of_queries_does_not_grow(app: App, seeded: Nominated) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        await app.services.nomination_export.rows(None, NominationFilter(unit_code="CNTT"))
        nominations = len(statements)
        statements.clear()
        await app.services.report_export.status(None, None)
        reports = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # the unit, the nominations, the cited initiatives, the units' renames (+ BEGIN)
    assert nominations <= 5
    assert reports <= 4  # the period, the units, the decisions (+ BEGIN)
