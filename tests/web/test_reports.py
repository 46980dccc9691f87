"""The unit reports desk over HTTP with the real services: filters, who sees what (a forged
address is 403), and the Office accepting or returning a report from the forms with what the
chat's steps leave (state, audit, the notice to the unit)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from bot.app import App
from bot.domain import ReportState
from bot.roles import Role
from bot.services.common import MemberView
from models import AuditEntry, Delivery
from tests.factories import make_member
from tests.web.support import Client, post_form, sign_in, web_client

SUMMARY = "Đơn vị đã hoàn thành các chỉ tiêu thi đua năm."
RESULTS = "Số hóa 100% hồ sơ; 3 sáng kiến được công nhận."
REASON = "Thiếu số liệu về sáng kiến được công nhận."


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


@dataclass(frozen=True, slots=True)
class Sent:
    office: MemberView
    cntt: MemberView
    vy: MemberView
    cntt_report: int
    vy_report: int


async def sent(app: App) -> Sent:
    """A period with a report from CNTT and one from VHTT-VY, both waiting for review."""
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    cntt = await make_member(app, "cntt", Role.UNIT_HEAD, "CNTT", name="Trưởng CNTT")
    vy = await make_member(app, "vy", Role.UNIT_HEAD, "VHTT-VY", name="Trưởng <b>VY</b>")
    reports = app.services.reports
    today = app.clock.now().date()
    period = await reports.open_period(office, "Báo cáo năm 2026", date(today.year, 12, 31))
    first = await reports.submit(cntt, period.id, SUMMARY, RESULTS)
    second = await reports.submit(vy, period.id, SUMMARY + " <script>", RESULTS)
    return Sent(office, cntt, vy, first.id, second.id)


async def trail(app: App, report_id: int) -> tuple[list[str], list[tuple[int | None, str]]]:
    """The audit actions on a report and every notice sent, in order."""
    async with app.sessions() as session:
        actions = await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "report", AuditEntry.entity_id == str(report_id))
            .order_by(AuditEntry.id)
        )
        notices = await session.execute(
            select(Delivery.member_id, Delivery.payload).order_by(Delivery.id)
        )
        return list(actions), [(m, p["text"]) for m, p in notices]


async def test_the_office_lists_and_filters_every_units_reports(app: App, client: Client) -> None:
    s = await sent(app)
    await app.services.report_review.accept(s.office, s.cntt_report, 1)
    await sign_in(client, app, s.office)
    every = await (await client.get("/web/bao-cao")).text()
    assert "Có 2 báo cáo" in every and s.cntt.unit.name in every and s.vy.unit.name in every
    accepted = await (await client.get("/web/bao-cao?trang-thai=accepted")).text()
    assert "Có 1 báo cáo" in accepted and f"/web/bao-cao/{s.cntt_report}" in accepted
    waiting = await client.get(f"/web/bao-cao?trang-thai=submitted&don-vi={s.vy.unit.id}")
    text = await waiting.text()
    assert f"/web/bao-cao/{s.vy_report}" in text and f"/web/bao-cao/{s.cntt_report}" not in text


async def test_a_unit_head_sees_their_units_report_only_and_cannot_review(
    app: App, client: Client
) -> None:
    s = await sent(app)
    await sign_in(client, app, s.cntt)
    listed = await (await client.get("/web/bao-cao")).text()
    assert (
        f"/web/bao-cao/{s.cntt_report}" in listed and f"/web/bao-cao/{s.vy_report}" not in listed
    )
    own = await client.get(f"/web/bao-cao/{s.cntt_report}")
    assert own.status == 200 and "Tiếp nhận" not in await own.text()
    assert (await client.get(f"/web/bao-cao/{s.vy_report}")).status == 403
    assert (await client.get("/web/bao-cao/99999")).status == 404
    forged = await post_form(
        client, f"/web/bao-cao/{s.cntt_report}/xu-ly", {"action": "accept", "version": "1"}
    )
    assert forged.status == 403
    view = await app.services.reports.report(s.office, s.cntt_report)
    assert view.state is ReportState.SUBMITTED


async def test_accepting_from_the_form_leaves_what_the_chats_step_leaves(
    app: App, client: Client
) -> None:
    s = await sent(app)
    await app.services.report_review.accept(s.office, s.vy_report, 1)  # as the chat does
    await sign_in(client, app, s.office)
    page = await (await client.get(f"/web/bao-cao/{s.cntt_report}")).text()
    assert SUMMARY in page and RESULTS in page and "Tiếp nhận" in page
    done = await post_form(
        client, f"/web/bao-cao/{s.cntt_report}/xu-ly", {"action": "accept", "version": "1"}
    )
    assert done.status == 200 and "Đã tiếp nhận báo cáo" in await done.text()
    web_actions, notices = await trail(app, s.cntt_report)
    chat_actions, _ = await trail(app, s.vy_report)
    assert web_actions == chat_actions
    view = await app.services.reports.report(s.office, s.cntt_report)
    assert view.state is ReportState.ACCEPTED
    assert [m for m, _ in notices][-2:] == [s.vy.id, s.cntt.id]


async def test_returning_needs_a_reason_of_the_chats_length(app: App, client: Client) -> None:
    s = await sent(app)
    await sign_in(client, app, s.office)
    page = await (await client.get(f"/web/bao-cao/{s.vy_report}")).text()
    assert "Trưởng &lt;b&gt;VY&lt;/b&gt;" in page and "&lt;script&gt;" in page
    path = f"/web/bao-cao/{s.vy_report}/xu-ly"
    asked = await post_form(client, path, {"action": "return", "version": "1"})
    assert asked.status == 200 and 'name="reason"' in await asked.text()
    short = await post_form(
        client, path, {"action": "return", "version": "1", "xac-nhan": "1", "reason": "ít"}
    )
    text = await short.text()
    assert (
        short.status == 400 and "Lý do cần từ 5 đến 1000 ký tự" in text and "ít</textarea>" in text
    )
    done = await post_form(
        client, path, {"action": "return", "version": "1", "xac-nhan": "1", "reason": REASON}
    )
    assert done.status == 200 and REASON in await done.text()
    view = await app.services.reports.report(s.office, s.vy_report)
    assert view.state is ReportState.RETURNED
    _, notices = await trail(app, s.vy_report)
    assert notices[-1][0] == s.vy.id and REASON in notices[-1][1]


async def test_a_stale_form_is_already_handled_and_a_missing_token_refused(
    app: App, client: Client
) -> None:
    s = await sent(app)
    await sign_in(client, app, s.office)
    await app.services.report_review.accept(s.office, s.cntt_report, 1)  # someone else, in chat
    stale = await post_form(
        client, f"/web/bao-cao/{s.cntt_report}/xu-ly", {"action": "accept", "version": "1"}
    )
    page = await stale.text()
    # The report as it is now, the reason at the top, and nothing left to review.
    assert stale.status == 409 and "đã được xử lý" in page.split("<h1>")[0]
    assert "Dưới đây là hồ sơ như hiện tại" in page and 'name="version"' not in page
    assert '<dd class="state">' in page and "đã được Văn phòng Sở tiếp nhận" in page
    bare = await client.post(
        f"/web/bao-cao/{s.vy_report}/xu-ly", data={"action": "accept", "version": "1"}
    )
    assert bare.status == 403
    view = await app.services.reports.report(s.office, s.vy_report)
    assert view.state is ReportState.SUBMITTED
