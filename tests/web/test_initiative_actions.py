"""The dossier's forms over HTTP: the same service steps as the chat (state, history, audit
entry and the authors' notice), the chat's limits on reasons, confirmation of decisive steps,
stale forms, CSRF, and the council member's evaluation up to the head's decision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.initiatives import Action
from models import AuditEntry, Delivery
from tests.factories import make_member, make_proposal
from tests.initiative_recognition import seated, to_the_council
from tests.web.initiatives_support import desk
from tests.web.support import Client, post_form, sign_in, web_client


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


def url(item_id: int, action: str) -> str:
    return f"/web/sang-kien/{item_id}/xu-ly/{action}"


async def _trail(app: App, code: str, item_id: int) -> tuple[list[Any], list[str]]:
    """The audit entries of an item and the notices naming it (its code and id blanked)."""
    async with app.sessions() as session:
        audits = (
            await session.scalars(select(AuditEntry).where(AuditEntry.entity_id == code))
        ).all()
        notices = (await session.scalars(select(Delivery.payload))).all()
    entries = [(a.action, a.actor, a.before, a.after) for a in audits]
    texts = [
        str(p).replace(code, "CODE").replace(f"io:{item_id}", "io:ID")
        for p in notices
        if code in str(p)
    ]
    return entries, texts


async def test_returning_records_what_the_chat_records(app: App, client: Client) -> None:
    seen = await desk(app)
    twin = await app.services.initiatives.submit(
        seen.author, make_proposal(title="Ứng dụng chữ ký số nội bộ")
    )
    reason = "Thiếu bảng số liệu năm 2026"
    await sign_in(client, app, seen.office)
    page = await post_form(
        client,
        url(seen.app_item.id, "ret"),
        {"phien_ban": seen.app_item.version, "ly_do": f"  {reason} "},
    )
    assert page.status == 200 and page.url.path == f"/web/sang-kien/{seen.app_item.id}"
    assert "Đã cập nhật trạng thái sáng kiến" in await page.text()
    # The chat's reason dialog calls the same service with the same arguments.
    await app.services.reviews.act(
        seen.office, twin.id, Action.RETURN, reason=reason, seen_version=twin.version
    )
    web_view = await app.services.initiatives.view(seen.office, seen.app_item.id)
    assert web_view.state is InitiativeState.RETURNED
    assert web_view.history[-1].reason == reason
    by_web = await _trail(app, seen.app_item.code, seen.app_item.id)
    by_chat = await _trail(app, twin.code, twin.id)
    assert by_web == by_chat and by_web[0] and by_web[1]
    assert any(reason in text for text in by_web[1])


async def test_a_short_reason_keeps_the_text_and_applies_nothing(app: App, client: Client) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.office)
    page = await post_form(
        client, url(seen.app_item.id, "ret"), {"phien_ban": seen.app_item.version, "ly_do": "<b>"}
    )
    text = await page.text()
    assert page.status == 400
    assert "Lý do cần từ 5 đến 1000 ký tự (hiện có 3)." in text
    assert "&lt;b&gt;</textarea>" in text
    after = await app.services.initiatives.view(seen.office, seen.app_item.id)
    assert after.state is InitiativeState.SUBMITTED and after.version == seen.app_item.version


async def test_a_step_the_viewer_may_not_take_is_refused(app: App, client: Client) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.office)
    item = seen.app_item
    # Withdrawing is the author's; the Office sees no such form and a forged post is refused.
    forged = await post_form(
        client, url(item.id, "wdr"), {"phien_ban": item.version, "ly_do": "Không làm nữa"}
    )
    assert forged.status == 403
    assert (await app.services.initiatives.view(seen.office, item.id)).state is (
        InitiativeState.SUBMITTED
    )


async def test_a_stale_form_says_already_handled_and_shows_the_item_now(
    app: App, client: Client
) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.office)
    old = seen.app_item.version
    await app.services.reviews.act(seen.office, seen.app_item.id, Action.RECEIVE)
    page = await post_form(client, url(seen.app_item.id, "rcv"), {"phien_ban": old})
    text = await page.text()
    assert page.status == 409 and "đã được xử lý" in text.split("<h1>")[0]
    assert f'name="phien_ban" value="{old}"' not in text
    assert "Văn phòng đã tiếp nhận" in text and "Chuyển Hội đồng sáng kiến thẩm định" in text
    view = await app.services.initiatives.view(seen.office, seen.app_item.id)
    assert len(view.history) == 2


async def test_a_post_without_the_csrf_token_is_refused(app: App, client: Client) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.office)
    page = await client.post(
        url(seen.app_item.id, "rcv"), data={"phien_ban": seen.app_item.version}
    )
    assert page.status == 403
    view = await app.services.initiatives.view(seen.office, seen.app_item.id)
    assert view.state is InitiativeState.SUBMITTED


async def test_a_unit_head_cannot_act_on_another_units_item(app: App, client: Client) -> None:
    seen = await desk(app)
    await sign_in(client, app, seen.head)
    item = seen.other_item
    page = await post_form(client, url(item.id, "rcv"), {"phien_ban": item.version})
    assert page.status == 403
    own = await post_form(client, url(seen.app_item.id, "rcv"), {"phien_ban": 1})
    assert own.status == 403


async def test_evaluation_conclusion_and_decision_through_the_forms(
    app: App, client: Client
) -> None:
    seen = await desk(app)
    judge = await seated(
        app, seen.office, await make_member(app, "hd", Role.COUNCIL, "VP", name="Đỗ Văn Hội")
    )
    item = await to_the_council(app, seen.office, seen.app_item.id)
    conclude = {"phien_ban": item.version, "ly_do": "Hội đồng thống nhất đạt"}
    await sign_in(client, app, judge)
    # The council evaluates; recording its conclusion is the Office's.
    assert (await post_form(client, url(item.id, "cmt"), conclude)).status == 403
    marks = {f"dk_{c.code}": "1" for c in app.services.evaluations.conditions}
    missing = await post_form(client, url(item.id, "evl"), {"phien_ban": item.version, **marks})
    assert missing.status == 400 and "Chọn điểm từ 1 đến 5." in await missing.text()
    scores = {"moi": "4", "ap_dung": "5", "hieu_qua": "3", "ghi_chu": "riêng"}
    done = await post_form(
        client, url(item.id, "evl"), {"phien_ban": item.version, **marks, **scores}
    )
    assert done.status == 200 and "Đã ghi kết quả đánh giá" in await done.text()
    await sign_in(client, app, seen.office)
    concluded = await post_form(client, url(item.id, "cmt"), conclude)
    assert "Hội đồng kết luận: đạt." in await concluded.text()
    view = await app.services.initiatives.view(seen.office, item.id)
    decision = {"phien_ban": view.version, "so": "15/QĐ-STTTT", "nguoi_ky": "Giám đốc Bình"}
    future = await post_form(
        client, url(item.id, "yes"), {**decision, "ngay_ky": "2099-01-01", "chac_chan": "1"}
    )
    assert future.status == 400 and "không được sau hôm nay" in await future.text()
    unsure = await post_form(client, url(item.id, "yes"), {**decision, "ngay_ky": "2026-03-01"})
    assert unsure.status == 400 and "Đánh dấu ô xác nhận" in await unsure.text()
    assert 'value="15/QĐ-STTTT"' in await unsure.text()
    signed = await post_form(
        client, url(item.id, "yes"), {**decision, "ngay_ky": "01/03/2026", "chac_chan": "1"}
    )
    text = await signed.text()
    assert "Đã ghi quyết định công nhận" in text and "15/QĐ-STTTT" in text
    final = await app.services.initiatives.view(seen.office, item.id)
    assert final.state is InitiativeState.RECOGNIZED
    assert final.decision_date == date(2026, 3, 1) and final.certificate_number
