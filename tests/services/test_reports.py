"""Unit reports against the real database: periods, lateness, status, review, reminders."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.domain import ReportState
from bot.roles import Role
from bot.services.common.views import FileInfo, MemberView
from bot.services.reports.review import ON_TIME_EVENT
from bot.services.reports.service import UnitStatus
from models import AuditEntry, Delivery, ReportingPeriod, ScoreEvent
from tests.factories import make_member
from tests.fakes.clock import FakeClock

SUMMARY = "Đơn vị đã hoàn thành các chỉ tiêu thi đua năm."
RESULTS = "Số hóa 100% hồ sơ; 3 sáng kiến được công nhận."
#: The clock starts on 2 March 2026, 09:00 in Hà Nội; the deadline is three days later.
DEADLINE = date(2026, 3, 5)
PDF = FileInfo("console", "/tmp/bc.pdf", "bc.pdf", "application/pdf", 1200)


async def member(app: App, user: str, role: Role, unit: str = "CNTT") -> MemberView:
    return await make_member(app, user, role, unit, name=f"Cán bộ {user}", position="CV")


async def people(app: App) -> dict[str, MemberView]:
    """The Office, a council member, a head of each unit outside the Office and a staff member."""
    return {
        "office": await member(app, "vp", Role.OFFICE, "VP"),
        "council": await member(app, "hoi", Role.COUNCIL, "VP"),
        "cntt": await member(app, "cntt", Role.UNIT_HEAD, "CNTT"),
        "vy": await member(app, "vy", Role.UNIT_HEAD, "VHTT-VY"),
        "staff": await member(app, "nv", Role.STAFF, "CNTT"),
    }


async def deliveries(app: App) -> list[tuple[str, str]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(Delivery.chat_id, Delivery.payload).order_by(Delivery.id)
        )
        return [(chat, payload["text"]) for chat, payload in rows]


async def test_opening_periods_newest_first_and_the_current_one(
    app: App, clock: FakeClock
) -> None:
    p = await people(app)
    reports = app.services.reports
    assert await reports.current_period() is None
    first = await reports.open_period(p["office"], "  Báo cáo   năm 2025 ", date(2026, 3, 2))
    clock.advance(minutes=1)
    second = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    assert first.name == "Báo cáo năm 2025"
    assert [x.id for x in await reports.periods()] == [second.id, first.id]
    assert await reports.current_period() == second
    async with app.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions.count("report.period_open") == 2
    for bad in ("ab", "x" * 201, "   "):
        with pytest.raises(errors.InvalidPeriod):
            await reports.open_period(p["office"], bad, DEADLINE)
    for who in ("cntt", "council", "staff"):
        with pytest.raises(errors.NotAllowed):
            await reports.open_period(p[who], "Báo cáo năm 2026", DEADLINE)


async def test_on_time_late_and_missing_units(app: App, clock: FakeClock) -> None:
    p = await people(app)
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    on_time = await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS, [PDF])
    assert (on_time.state, on_time.late, on_time.version) == (ReportState.SUBMITTED, False, 1)
    assert [f.name for f in on_time.files] == ["bc.pdf"]
    assert [(c.from_state, c.to_state) for c in on_time.history] == [("draft", "submitted")]
    # 23:59 on the deadline in Hà Nội is still on time; one minute later is late.
    clock.advance(days=3, hours=14, minutes=59)
    assert clock.now().isoformat().startswith("2026-03-05T16:59")
    status = await review.status(p["council"], period.id)
    assert status.count(UnitStatus.MISSING) == 2
    clock.advance(minutes=1)
    late = await reports.submit(p["vy"], period.id, SUMMARY, RESULTS)
    assert late.late is True

    status = await review.status(p["office"], period.id)
    assert [(u.code, u.status) for u in status.units] == [
        ("VP", UnitStatus.MISSING),
        ("VHTT-VY", UnitStatus.LATE),
        ("CNTT", UnitStatus.SUBMITTED),
    ]
    assert status.received == 2
    assert status.count(UnitStatus.LATE) == 1
    assert status.units[2].report_id == on_time.id


async def test_the_office_may_submit_for_any_unit(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    done = await reports.submit(p["office"], period.id, SUMMARY, RESULTS, unit_id=p["vy"].unit.id)
    assert (done.unit_id, done.submitter) == (p["vy"].unit.id, "Cán bộ vp")
    mine = await reports.unit_report(p["vy"], period.id)
    assert mine is not None
    assert mine.id == done.id


async def test_permissions_and_forged_calls(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    for who, unit in (("staff", None), ("cntt", p["vy"].unit.id), ("council", None)):
        with pytest.raises(errors.NotAllowed):
            await reports.submit(p[who], period.id, SUMMARY, RESULTS, unit_id=unit)
    for summary, results in (("ngắn", RESULTS), (SUMMARY, "x" * 3001), (SUMMARY, " " * 20)):
        with pytest.raises(errors.InvalidReport):
            await reports.submit(p["cntt"], period.id, summary, results)
    with pytest.raises(errors.PeriodNotFound):
        await reports.submit(p["cntt"], period.id + 99, SUMMARY, RESULTS)
    report = await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    with pytest.raises(errors.ReportAlreadySubmitted):
        await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    for who in ("staff", "cntt", "vy"):
        with pytest.raises(errors.NotAllowed):
            await review.status(p[who], period.id)
    for who in ("staff", "cntt", "council"):
        with pytest.raises(errors.NotAllowed):
            await review.accept(p[who], report.id, report.version)
        with pytest.raises(errors.NotAllowed):
            await review.return_(p[who], report.id, "Thiếu số liệu", report.version)
        with pytest.raises(errors.NotAllowed):
            await review.remind_missing(p[who], period.id)
    with pytest.raises(errors.ReportNotFound):
        await reports.report(p["vy"], report.id)
    with pytest.raises(errors.NotAllowed):
        await reports.unit_report(p["vy"], period.id, p["cntt"].unit.id)
    assert (await reports.report(p["council"], report.id)).id == report.id
    with pytest.raises(errors.ReportNotFound):
        await review.accept(p["office"], report.id + 99, 1)


async def test_return_with_a_reason_resubmit_and_accept(app: App, clock: FakeClock) -> None:
    p = await people(app)
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    first = await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS, [PDF])
    joined = len(await deliveries(app))  # the notes of people joining the units
    with pytest.raises(errors.ReasonRequired):
        await review.return_(p["office"], first.id, "   ", first.version)
    returned = await review.return_(p["office"], first.id, "Thiếu số liệu quý IV", first.version)
    assert (returned.state, returned.version) == (ReportState.RETURNED, 2)
    assert returned.history[-1].reason == "Thiếu số liệu quý IV"
    with pytest.raises(errors.ReportNotReviewable):
        await review.accept(p["office"], first.id, returned.version)
    with pytest.raises(errors.AlreadyHandled):
        await review.accept(p["office"], first.id, first.version)

    clock.advance(days=10)  # past the deadline: the report stays on time
    again = await reports.submit(p["cntt"], period.id, SUMMARY, "Kết quả đã bổ sung quý IV.")
    assert (again.id, again.state, again.version) == (first.id, ReportState.SUBMITTED, 3)
    assert (again.results, again.late, again.files) == ("Kết quả đã bổ sung quý IV.", False, ())
    accepted = await review.accept(p["office"], again.id, again.version)
    assert accepted.state is ReportState.ACCEPTED
    assert [c.to_state for c in accepted.history] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    with pytest.raises(errors.ReportAlreadySubmitted):
        await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)

    texts = (await deliveries(app))[joined:]
    assert [chat for chat, _ in texts] == ["cntt", "cntt"]
    assert "Thiếu số liệu quý IV" in texts[0][1]
    assert "đã tiếp nhận" in texts[1][1]
    status = await review.status(p["office"], period.id)
    assert {u.code: u.status for u in status.units}["CNTT"] is UnitStatus.ACCEPTED
    async with app.sessions() as session:
        actions = (
            await session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "report"))
        ).all()
    assert actions == [
        "report.submitted",
        "report.returned",
        "report.submitted",
        "report.accepted",
    ]


async def test_the_ledger_event_only_for_accepted_on_time_reports(
    app: App, clock: FakeClock
) -> None:
    p = await people(app)
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    on_time = await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    clock.advance(days=5)
    late = await reports.submit(p["vy"], period.id, SUMMARY, RESULTS)
    office_unit = await reports.submit(
        p["office"], period.id, SUMMARY, RESULTS, unit_id=p["office"].unit.id
    )
    async with app.sessions() as session:
        assert (await session.scalars(select(ScoreEvent))).all() == []
    await review.accept(p["office"], on_time.id, on_time.version)
    await review.accept(p["office"], late.id, late.version)
    await review.return_(p["office"], office_unit.id, "Sai mẫu", office_unit.version)
    async with app.sessions() as session:
        events = (
            await session.execute(
                select(ScoreEvent.kind, ScoreEvent.unit_id, ScoreEvent.member_id, ScoreEvent.share)
            )
        ).all()
    assert events == [(ON_TIME_EVENT, p["cntt"].unit.id, None, 100)]


async def test_reminders_reach_only_heads_of_missing_units(app: App, clock: FakeClock) -> None:
    p = await people(app)
    other_head = await member(app, "vy2", Role.UNIT_HEAD, "VHTT-VY")
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    async with app.sessions() as session:
        before = len((await session.scalars(select(Delivery.id))).all())

    sent = await review.remind_missing(p["office"], period.id)
    assert sent == 2
    chats = [chat for chat, _ in (await deliveries(app))[before:]]
    assert sorted(chats) == ["vy", "vy2"]
    assert other_head.role is Role.UNIT_HEAD
    text = (await deliveries(app))[-1][1]
    assert "Báo cáo năm 2026" in text
    assert "05/03/2026" in text

    clock.advance(minutes=10)
    with pytest.raises(errors.NudgeTooSoon):
        await review.remind_missing(p["office"], period.id)
    clock.advance(hours=1)
    await reports.submit(p["vy"], period.id, SUMMARY, RESULTS)
    assert await review.remind_missing(p["office"], period.id) == 0


async def test_two_reviewers_at_once_only_one_wins(app: App) -> None:
    p = await people(app)
    second = await member(app, "vp2", Role.OFFICE, "VP")
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    report = await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    results = await asyncio.gather(
        review.accept(p["office"], report.id, report.version),
        review.return_(second, report.id, "Thiếu phụ lục", report.version),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.AlreadyHandled) for r in results) == 1
    winner = next(r for r in results if not isinstance(r, BaseException))
    view = await reports.report(p["office"], report.id)
    assert view.state is winner.state
    assert view.version == 2
    assert len(view.history) == 2
    async with app.sessions() as session:
        events = (await session.scalars(select(ScoreEvent.id))).all()
    assert len(events) == (1 if view.state is ReportState.ACCEPTED else 0)


async def test_concurrent_first_submissions_keep_one_report(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    results = await asyncio.gather(
        reports.submit(p["cntt"], period.id, SUMMARY, RESULTS),
        reports.submit(p["office"], period.id, SUMMARY, RESULTS, unit_id=p["cntt"].unit.id),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.ReportAlreadySubmitted) for r in results) == 1
    status = await review.status(p["office"], period.id)
    assert status.received == 1


async def test_a_closed_period_takes_no_reports(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    async with app.sessions.begin() as session:
        row = await session.get(ReportingPeriod, period.id)
        assert row is not None
        row.open = False
    with pytest.raises(errors.PeriodClosed):
        await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
