"""Broadcasts on the web over HTTP, with the real services: who may use them, the compose
form's checks (values kept), the audience count, scheduling, and sending as chat does."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.app import App
from bot.roles import Role
from bot.services.broadcasts import AudienceKind
from models import Broadcast, BroadcastState, Delivery
from tests.factories import make_member
from tests.services.broadcasts_seed import add_member, deliveries, draft, org
from tests.web.broadcast_forms import NEW, confirmation
from tests.web.support import Client, post_form, sign_in, web_client


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def broadcasts(app: App) -> list[Broadcast]:
    async with app.sessions() as session:
        return list(await session.scalars(select(Broadcast).order_by(Broadcast.id)))


async def test_a_council_member_is_refused_and_a_form_without_its_token_sends_nothing(
    app: App, client: Client
) -> None:
    # A council member signs in to the web app but does not send broadcasts, as in chat.
    council = await make_member(app, "701", Role.COUNCIL, "CNTT", name="Hội Đồng")
    await sign_in(client, app, council)
    assert (await client.get("/web/thong-bao")).status == 403
    assert (await client.get(NEW)).status == 403
    p = await org(app)
    async with web_client(app) as office:
        await sign_in(office, app, p.office)
        page = await office.get("/web/thong-bao")
        assert page.status == 200 and "Soạn thông báo mới" in await page.text()
        form = await (await office.get(NEW)).text()
        assert "{ho_ten} (họ tên)" in form and "{{ho_ten}}" not in form
        forged = await office.post(
            NEW, data={"text": "Họp", "audience": "everyone", "action": "send", "_csrf": "x"}
        )
        assert forged.status == 403
        bare = await office.post(NEW, data={"text": "Họp", "audience": "everyone"})
        assert bare.status == 403
    assert await broadcasts(app) == []


async def test_bad_fields_are_named_next_to_them_and_what_was_typed_is_kept(
    app: App, client: Client
) -> None:
    p = await org(app)
    await sign_in(client, app, p.office)
    empty = await post_form(
        client,
        NEW,
        {"text": "  ", "audience": "roles", "when": "later", "day": "31/02/2026", "hour": "25:00"},
    )
    page = await empty.text()
    assert empty.status == 400
    assert "Hãy nhập nội dung thông báo." in page
    assert "Hãy chọn ít nhất một vai trò." in page
    assert "Hãy chọn ngày gửi có thật" in page and 'value="31/02/2026"' in page
    assert "Hãy nhập giờ gửi dạng giờ:phút" in page and 'value="25:00"' in page
    assert 'value="roles" checked' in page
    long = "<b>Dài</b> " * 400
    too_long = await post_form(client, NEW, {"text": long, "audience": "everyone"})
    page = await too_long.text()
    assert too_long.status == 400 and "Nội dung quá dài: 4399 ký tự, tối đa 3000 ký tự." in page
    assert "&lt;b&gt;Dài&lt;/b&gt;" in page and "<b>Dài</b>" not in page
    past = await post_form(
        client,
        NEW,
        {"text": "Họp {nguoi_gui}", "audience": "everyone", "when": "later"}
        | {"day": "2026-03-01", "hour": "09:00"},
    )
    page = await past.text()
    assert past.status == 400 and "Thời điểm gửi đã qua." in page
    assert "chỗ trống bot không biết: {nguoi_gui}" in page and "Họp {nguoi_gui}" in page
    assert await broadcasts(app) == []


async def test_the_audience_count_is_the_services(app: App, client: Client) -> None:
    p = await org(app)
    await sign_in(client, app, p.office)
    cntt = p.head.unit.id
    counted = await post_form(
        client, NEW, {"text": "", "audience": "units", "units": str(cntt), "action": "count"}
    )
    page = await counted.text()
    expected = await app.services.broadcasts.preview(
        p.office, draft(kind=AudienceKind.UNITS, units=(cntt,))
    )
    assert counted.status == 200 and expected.recipients == 3
    assert "hiện có <b>3</b> người nhận (trong đó 1 người đã chặn bot" in page
    assert f'value="{cntt}" checked' in page
    # A unit head counts within their own unit, whatever units the form names.
    async with web_client(app) as head:
        await sign_in(head, app, p.other_head)
        counted = await post_form(
            head, NEW, {"audience": "everyone", "units": str(cntt), "action": "count"}
        )
        assert "hiện có <b>2</b> người nhận" in await counted.text()
        refused = await post_form(head, NEW, {"audience": "units", "action": "count"})
        assert refused.status == 400 and "Hãy chọn đối tượng nhận thông báo." in (
            await refused.text()
        )


async def test_a_scheduled_broadcast_is_stored_for_the_time_typed_and_can_be_cancelled(
    app: App, client: Client
) -> None:
    p = await org(app)
    await sign_in(client, app, p.other_head)
    fields = {"text": "Họp đơn vị", "audience": "everyone", "when": "later"}
    fields |= {"day": "2026-03-03", "hour": "14:30"}
    preview = await post_form(client, NEW, fields | {"action": "preview"})
    page = await preview.text()
    assert preview.status == 200 and "Bắt đầu gửi lúc 14:30 03/03/2026." in page
    assert "Xác nhận gửi tới 2 người" in page and await broadcasts(app) == []
    sent = await post_form(client, NEW, await confirmation(client, fields))
    assert sent.status == 200 and re.fullmatch(r"/web/thong-bao/\d+", sent.url.path)
    assert "Thông báo đã được đưa vào hàng đợi gửi." in await sent.text()
    (row,) = await broadcasts(app)
    zone = app.settings.organisation.zone
    assert row.send_at == datetime(2026, 3, 3, 14, 30, tzinfo=zone)
    assert row.state == BroadcastState.SCHEDULED and row.status_chat_id is None
    assert row.audience["units"] == [p.other_head.unit.id]
    listed = await (await client.get("/web/thong-bao")).text()
    assert "Họp đơn vị" in listed and "chờ gửi" in listed and "14:30 03/03/2026" in listed
    ask = await client.get(f"/web/thong-bao/{row.id}/huy")
    assert "chắc chắn muốn hủy" in await ask.text()
    cancelled = await post_form(client, f"/web/thong-bao/{row.id}/huy")
    assert "Đã hủy thông báo" in await cancelled.text()
    assert (await broadcasts(app))[0].state == BroadcastState.CANCELLED
    again = await post_form(client, f"/web/thong-bao/{row.id}/huy")
    assert again.status == 409


async def test_sending_queues_the_deliveries_the_chat_would(app: App, client: Client) -> None:
    p = await org(app)
    await add_member(app, "CNTT", "<i>Dũng</i>")
    await sign_in(client, app, p.office)
    fields = {"text": "Kính gửi {ho_ten}: họp lúc 14:00.", "audience": "everyone"}
    sent = await post_form(client, NEW, await confirmation(client, fields | {"urgent": "yes"}))
    assert sent.status == 200
    service = app.services.broadcasts
    await service.start_due()
    by_web = await deliveries(app)
    await service.create(p.office, draft(fields["text"], urgent=True), None)
    await service.start_due()
    by_chat = (await deliveries(app))[len(by_web) :]

    def queued(rows: list[Delivery]) -> list[tuple[object, ...]]:
        return [(d.member_id, d.status, d.chat_id, d.quiet, d.payload) for d in rows]

    assert len(by_web) == 7 and queued(by_web) == queued(by_chat)


async def test_a_unit_head_sees_only_their_own_broadcasts(app: App, client: Client) -> None:
    p = await org(app)
    made = await app.services.broadcasts.create(p.office, draft("Của Văn phòng"), None)
    await sign_in(client, app, p.head)
    listed = await (await client.get("/web/thong-bao")).text()
    assert "Của Văn phòng" not in listed and "Chưa có thông báo nào." in listed
    assert (await client.get(f"/web/thong-bao/{made.id}")).status == 404
    assert (await post_form(client, f"/web/thong-bao/{made.id}/huy")).status == 404
    assert (await broadcasts(app))[0].state == BroadcastState.SCHEDULED


async def test_html_in_the_text_and_in_names_is_shown_as_typed(app: App, client: Client) -> None:
    p = await org(app)
    await add_member(app, "CNTT", "<script>x()</script>", chat="9010")
    await sign_in(client, app, p.office)
    fields = {"text": "Họp <img src=x onerror=alert(1)>", "audience": "everyone"}
    preview = await post_form(client, NEW, fields | {"action": "preview"})
    page = await preview.text()
    assert preview.status == 200 and "<img" not in page
    assert "Họp &lt;img src=x onerror=alert(1)&gt;" in page
    # The preview's own markup stays (the header in bold), as recipients see it.
    assert "<b>Thông báo</b>" in page
    sent = await post_form(client, NEW, await confirmation(client, fields))
    await app.services.broadcasts.start_due()
    report = await (await client.get(sent.url.path)).text()
    assert "<script>x()" not in report and "&lt;script&gt;x()&lt;/script&gt;" in report


async def test_the_same_confirmation_posted_twice_queues_one_broadcast(
    app: App, client: Client
) -> None:
    p = await org(app)
    await sign_in(client, app, p.office)
    form = await confirmation(client, {"text": "Họp giao ban lúc 14:00.", "audience": "everyone"})
    first = await post_form(client, NEW, form)
    assert "Thông báo đã được đưa vào hàng đợi gửi." in await first.text()
    # A double click without scripts, a resubmit after Back: the same form again.
    again = await post_form(client, NEW, form)
    page = await again.text()
    assert again.status == 200 and again.url.path == first.url.path
    assert "đã được xác nhận gửi trước đó; lần xác nhận lặp lại không gửi thêm" in page
    assert len(await broadcasts(app)) == 1
    await app.services.broadcasts.start_due()
    (row,) = await broadcasts(app)
    once = await deliveries(app)
    assert row.total == 6 and len(once) == 6 and len({d.member_id for d in once}) == len(once)
    # Another preview is another confirmation: sending it queues a second broadcast.
    other = await confirmation(client, {"text": "Họp giao ban lúc 14:00.", "audience": "everyone"})
    assert other["once"] != form["once"]
    await post_form(client, NEW, other)
    assert len(await broadcasts(app)) == 2


async def test_a_send_without_its_confirmation_key_shows_the_confirmation(
    app: App, client: Client
) -> None:
    p = await org(app)
    await sign_in(client, app, p.office)
    fields = {"text": "Họp", "audience": "everyone", "action": "send"}
    for key in ({}, {"once": "ngắn"}, {"once": "x" * 65}, {"once": "<script>" * 3}):
        shown = await post_form(client, NEW, fields | key)
        page = await shown.text()
        assert shown.status == 200 and "Xem trước và xác nhận" in page
        assert 'name="once" value="' in page and "<script><script>" not in page
    assert await broadcasts(app) == []


async def test_one_sender_s_key_does_not_reveal_another_s_broadcast(
    app: App, client: Client
) -> None:
    p = await org(app)
    await sign_in(client, app, p.office)
    form = await confirmation(client, {"text": "Của Văn phòng", "audience": "everyone"})
    await post_form(client, NEW, form)
    async with web_client(app) as head:
        await sign_in(head, app, p.other_head)
        mine = await post_form(head, NEW, form | {"text": "Của đơn vị"})
        assert "Thông báo đã được đưa vào hàng đợi gửi." in await mine.text()
    texts = [row.text for row in await broadcasts(app)]
    assert texts == ["Của Văn phòng", "Của đơn vị"]
