"""Reporting periods against the real database: deadlines not in the past, editing, closing
and deleting guarded against a second press and a report arriving at the same moment."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.domain import ReportState
from bot.services.reports import DeadlinePassed, PeriodHasReports
from models import AuditEntry
from tests.fakes.clock import FakeClock
from tests.services.test_reports import DEADLINE, RESULTS, SUMMARY, deliveries, people

#: The clock starts on 2 March 2026 (09:00 in Hà Nội).
TODAY = date(2026, 3, 2)


async def test_a_deadline_before_today_is_refused(app: App, clock: FakeClock) -> None:
    p = await people(app)
    reports = app.services.reports
    with pytest.raises(DeadlinePassed) as refused:
        await reports.open_period(p["office"], "Báo cáo năm 2026", date(2026, 3, 1))
    assert refused.value.params == {"day": "01/03/2026", "today": "02/03/2026"}
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", TODAY)
    clock.advance(days=3)  # the deadline has passed: renaming alone keeps it
    renamed = await reports.edit_period(p["office"], period.id, "Báo cáo quý I", TODAY)
    assert (renamed.period.name, renamed.period.deadline, renamed.told) == (
        "Báo cáo quý I",
        TODAY,
        0,
    )
    with pytest.raises(DeadlinePassed):
        await reports.edit_period(p["office"], period.id, "Báo cáo quý I", date(2026, 3, 4))


async def test_a_moved_deadline_is_told_to_the_units_that_have_not_sent(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    change = await reports.edit_period(p["office"], period.id, "Năm 2026", date(2026, 3, 20))
    assert change.told == 1
    assert [chat for chat, text in await deliveries(app) if "20/03/2026" in text] == ["vy"]
    with pytest.raises(errors.NotAllowed):
        await reports.edit_period(p["cntt"], period.id, "Năm 2026", DEADLINE)
    with pytest.raises(errors.PeriodNotFound):
        await reports.edit_period(p["office"], 99, "Năm 2026", DEADLINE)


async def test_two_presses_close_a_period_once(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    results = await asyncio.gather(
        reports.close_period(p["office"], period.id),
        reports.close_period(p["office"], period.id),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.PeriodClosed) for r in results) == 1
    assert await reports.current_period() is None
    assert sorted(chat for chat, text in await deliveries(app) if "đã đóng" in text) == [
        "cntt",
        "vy",
    ]
    with pytest.raises(errors.PeriodClosed):
        await reports.submit(p["cntt"], period.id, SUMMARY, RESULTS)
    async with app.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions.count("report.period_close") == 1


async def test_a_period_with_a_report_is_not_deleted(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    await reports.submit(p["vy"], period.id, SUMMARY, RESULTS)
    with pytest.raises(PeriodHasReports) as refused:
        await reports.delete_period(p["office"], period.id)
    assert refused.value.params == {"count": 1}
    assert await reports.period(period.id) == period
    assert not [text for _, text in await deliveries(app) if "hủy" in text]
    await reports.close_period(p["office"], period.id)
    sent = await reports.unit_report(p["vy"], period.id)
    assert sent is not None
    review = app.services.report_review
    with pytest.raises(errors.PeriodClosed):  # the unit could not send it again
        await review.return_(p["office"], sent.id, "Thiếu số liệu", sent.version)
    accepted = await review.accept(p["office"], sent.id, sent.version)
    assert accepted.state is ReportState.ACCEPTED


async def test_a_report_and_a_delete_at_once_never_both_win(app: App) -> None:
    p = await people(app)
    reports = app.services.reports
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    sent, deleted = await asyncio.gather(
        reports.submit(p["cntt"], period.id, SUMMARY, RESULTS),
        reports.delete_period(p["office"], period.id),
        return_exceptions=True,
    )
    assert [isinstance(r, Exception) for r in (sent, deleted)].count(True) == 1
    assert isinstance(sent, errors.PeriodNotFound) or isinstance(deleted, PeriodHasReports)
    if isinstance(deleted, PeriodHasReports):
        assert (await reports.unit_report(p["cntt"], period.id)) is not None
    else:
        with pytest.raises(errors.PeriodNotFound):
            await reports.period(period.id)


async def test_a_report_returned_before_its_period_closed_leaves_the_inbox(app: App) -> None:
    p = await people(app)
    reports, review = app.services.reports, app.services.report_review
    period = await reports.open_period(p["office"], "Báo cáo năm 2026", DEADLINE)
    sent = await reports.submit(p["vy"], period.id, SUMMARY, RESULTS)
    await review.return_(p["office"], sent.id, "Thiếu số liệu", sent.version)

    async def tasks() -> list[str]:
        return [item.task for item in (await app.services.inbox.inbox(p["vy"])).items]

    assert "report_fix" in await tasks()
    await reports.close_period(p["office"], period.id)
    assert "report_fix" not in await tasks()  # it can no longer be sent again
