"""The web desk's reads of unit reports against the real database: scoping by role, the
status filter (late apart from on time), and a report that tells a forged address
(NotAllowed) from an unknown one (ReportNotFound)."""

from __future__ import annotations

import pytest

from bot import errors
from bot.app import App
from bot.roles import Role
from bot.services.reports import ReportQuery, UnitStatus
from tests.factories import make_member
from tests.fakes.clock import FakeClock

SUMMARY = "Đơn vị đã hoàn thành các chỉ tiêu thi đua năm."
RESULTS = "Số hóa 100% hồ sơ; 3 sáng kiến được công nhận."


async def test_scoping_and_the_status_filter(app: App, clock: FakeClock) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    cntt = await make_member(app, "cntt", Role.UNIT_HEAD, "CNTT", name="Trưởng CNTT")
    vy = await make_member(app, "vy", Role.UNIT_HEAD, "VHTT-VY", name="Trưởng VY")
    staff = await make_member(app, "nv", Role.STAFF, "CNTT", name="Nhân viên")
    reports = app.services.reports
    today = clock.now().date()
    period = await reports.open_period(office, "Báo cáo năm", today)
    on_time = await reports.submit(cntt, period.id, SUMMARY, RESULTS)
    clock.advance(days=3)
    late = await reports.submit(vy, period.id, SUMMARY, RESULTS)

    def ids(page: object) -> list[int]:
        return [i.id for i in page.items]  # type: ignore[attr-defined]

    assert ids(await reports.browse(office, ReportQuery())) == [on_time.id, late.id]
    assert ids(await reports.browse(cntt, ReportQuery())) == [on_time.id]
    assert ids(await reports.browse(office, ReportQuery(status=UnitStatus.LATE))) == [late.id]
    on_time_only = ReportQuery(status=UnitStatus.SUBMITTED, period_id=period.id)
    assert ids(await reports.browse(office, on_time_only)) == [on_time.id]
    assert ids(await reports.browse(office, ReportQuery(unit_id=vy.unit.id))) == [late.id]
    with pytest.raises(errors.NotAllowed):
        await reports.browse(staff, ReportQuery())
    assert (await reports.dossier(cntt, on_time.id)).unit == cntt.unit.name
    with pytest.raises(errors.NotAllowed):
        await reports.dossier(cntt, late.id)
    with pytest.raises(errors.ReportNotFound):
        await reports.dossier(office, late.id + 100)
