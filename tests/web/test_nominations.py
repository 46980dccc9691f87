"""The nominations desk over HTTP with the real services: the queue's filters and accent-free
search, who sees what (a forged address is 403), and the Office's review steps from the forms
leaving what the chat's steps leave (state, audit, notices)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.domain import NominationState, NomineeKind
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.nominations import Action, Nominee
from models import AuditEntry, Delivery
from tests.factories import make_member
from tests.services.documents_seed import documents_settings
from tests.services.nominations_seed import award, draft_for
from tests.web.support import Client, post_form, sign_in, web_client

REASON = "Thiếu bản sao quyết định công nhận sáng kiến."


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


class People:
    """The Office, CNTT's head and two staff, and the head of another unit."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def make(self) -> People:
        app = self.app
        self.office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
        self.head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Trưởng")
        self.an = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
        self.binh = await make_member(app, "binh", Role.STAFF, "CNTT", name="Đặng Thị Bình")
        self.other = await make_member(app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Khác")
        self.other_staff = await make_member(
            app, "vy1", Role.STAFF, "VHTT-VY", name="Hoàng <b>Vỹ</b>"
        )
        return self


async def nominate(app: App, by: MemberView, who: MemberView) -> int:
    view = await app.services.nominations.submit(by, draft_for(who))
    return view.id


async def texts_after(app: App, after: int) -> list[tuple[int | None, str]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(Delivery.member_id, Delivery.payload)
            .where(Delivery.id > after)
            .order_by(Delivery.id)
        )
        return [(m, payload["text"]) for m, payload in rows]


async def audits(app: App, entity_id: int) -> list[tuple[str, Any]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(AuditEntry.action, AuditEntry.after)
            .where(AuditEntry.entity == "nomination", AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.id)
        )
        return [(a, after) for a, after in rows]


async def last_delivery(app: App) -> int:
    async with app.sessions() as session:
        found = await session.scalar(select(Delivery.id).order_by(Delivery.id.desc()).limit(1))
        return found or 0


async def test_the_queue_filters_by_state_and_finds_names_without_diacritics(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    first = await nominate(app, p.head, p.an)
    second = await nominate(app, p.head, p.binh)
    await app.services.nominations.act(p.office, first, Action.RECEIVE)
    await sign_in(client, app, p.office)
    every = await (await client.get("/web/khen-thuong")).text()
    assert "Nguyễn Văn An" in every and "Đặng Thị Bình" in every and "Có 2 hồ sơ" in every
    received = await (await client.get("/web/khen-thuong?trang-thai=received")).text()
    assert "Nguyễn Văn An" in received and "Đặng Thị Bình" not in received
    searched = await (await client.get("/web/khen-thuong?q=dang thi binh")).text()
    assert "Đặng Thị Bình" in searched and "Nguyễn Văn An" not in searched
    accented = await (await client.get("/web/khen-thuong?q=Đặng")).text()
    assert "Đặng Thị Bình" in accented and "Có 1 hồ sơ" in accented
    unit = p.an.unit.id
    by_unit = await (await client.get(f"/web/khen-thuong?don-vi={unit + 1000}")).text()
    assert "Không có hồ sơ nào" in by_unit
    assert f'href="/web/khen-thuong/{second}"' in every


async def test_a_unit_head_sees_their_units_items_only_and_a_forged_address_is_403(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    mine = await nominate(app, p.head, p.an)
    theirs = await nominate(app, p.other, p.other_staff)
    await sign_in(client, app, p.head)
    queue = await (await client.get("/web/khen-thuong")).text()
    assert "Nguyễn Văn An" in queue and "Vỹ" not in queue and "Có 1 hồ sơ" in queue
    assert (await client.get(f"/web/khen-thuong/{mine}")).status == 200
    forged = await client.get(f"/web/khen-thuong/{theirs}")
    assert forged.status == 403
    assert (await client.get("/web/khen-thuong/999999")).status == 404
    refused = await post_form(
        client, f"/web/khen-thuong/{theirs}/xu-ly", {"action": "rcv", "version": "1"}
    )
    assert refused.status == 403
    view = await app.services.nominations.view(p.office, theirs)
    assert view.state is NominationState.SUBMITTED


async def test_the_dossier_shows_every_field_escaped_and_its_documents_link(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    nominee = Nominee(NomineeKind.MEMBER, p.other_staff.unit.id, member_id=p.other_staff.id)
    view = await app.services.nominations.submit(
        p.other, draft_for(p.other_staff, nominee=nominee)
    )
    await sign_in(client, app, p.office)
    page = await client.get(f"/web/khen-thuong/{view.id}")
    text = await page.text()
    assert page.status == 200
    assert "Hoàng &lt;b&gt;Vỹ&lt;/b&gt;" in text and "<b>Vỹ</b>" not in text
    assert view.summary in text and "Chiến sĩ thi đua cơ sở" in text and "Vũ Khác" in text
    assert f'href="/web/van-ban/{view.code}"' in text
    assert "Tiếp nhận" in text and "Lịch sử xử lý" in text


async def test_receiving_from_the_form_leaves_what_the_chats_step_leaves(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    by_web = await nominate(app, p.head, p.an)
    by_chat = await nominate(app, p.head, p.binh)
    before = await last_delivery(app)
    await app.services.nominations.act(p.office, by_chat, Action.RECEIVE, seen_version=1)
    chat_notices = await texts_after(app, before)
    await sign_in(client, app, p.office)
    before = await last_delivery(app)
    done = await post_form(
        client, f"/web/khen-thuong/{by_web}/xu-ly", {"action": "rcv", "version": "1"}
    )
    assert done.status == 200, await done.text()
    assert done.url.path == f"/web/khen-thuong/{by_web}"
    assert "Đã xử lý hồ sơ" in await done.text()
    web_notices = await texts_after(app, before)
    web_view = await app.services.nominations.view(p.office, by_web)
    chat_view = await app.services.nominations.view(p.office, by_chat)
    assert web_view.state is chat_view.state is NominationState.RECEIVED
    assert [a for a, _ in await audits(app, by_web)] == [a for a, _ in await audits(app, by_chat)]
    assert len(web_notices) == len(chat_notices) == 1
    assert web_notices[0][0] == chat_notices[0][0] == p.head.id
    assert web_notices[0][1].replace(web_view.code, "X").replace("Nguyễn Văn An", "N") == (
        chat_notices[0][1].replace(chat_view.code, "X").replace("Đặng Thị Bình", "N")
    )


async def test_a_short_reason_keeps_the_text_and_a_good_one_returns_the_item(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    item = await nominate(app, p.head, p.an)
    await sign_in(client, app, p.office)
    path = f"/web/khen-thuong/{item}/xu-ly"
    asked = await post_form(client, path, {"action": "ret", "version": "1"})
    assert asked.status == 200 and 'name="reason"' in await asked.text()
    short = await post_form(
        client, path, {"action": "ret", "version": "1", "xac-nhan": "1", "reason": "<b>x"}
    )
    text = await short.text()
    assert short.status == 400 and "Lý do cần từ 5 đến 1000 ký tự" in text
    assert "&lt;b&gt;x</textarea>" in text
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.SUBMITTED
    done = await post_form(
        client, path, {"action": "ret", "version": "1", "xac-nhan": "1", "reason": REASON}
    )
    assert done.status == 200 and REASON in await done.text()
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.RETURNED and view.history[-1].reason == REASON


async def test_a_stale_version_is_already_handled_and_changes_nothing(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    item = await nominate(app, p.head, p.an)
    await sign_in(client, app, p.office)
    page = await (await client.get(f"/web/khen-thuong/{item}")).text()
    assert 'name="version" value="1"' in page
    await app.services.nominations.act(p.office, item, Action.RECEIVE)  # someone else, in chat
    stale = await post_form(
        client, f"/web/khen-thuong/{item}/xu-ly", {"action": "rcv", "version": "1"}
    )
    page = await stale.text()
    # The dossier as it is now, the reason at the top: received, version 2, its forms fresh.
    assert stale.status == 409 and "đã được xử lý" in page.split("<h1>")[0]
    assert "Dưới đây là hồ sơ như hiện tại" in page
    assert 'name="version" value="2"' in page and 'name="version" value="1"' not in page
    assert '<dd class="state">Đã tiếp nhận</dd>' in page
    stale_return = await post_form(
        client,
        f"/web/khen-thuong/{item}/xu-ly",
        {"action": "ret", "version": "1", "xac-nhan": "1", "reason": REASON},
    )
    assert stale_return.status == 409 and 'name="version" value="2"' in await stale_return.text()
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.RECEIVED and view.version == 2


async def test_a_form_without_its_csrf_token_is_refused(app: App, client: Client) -> None:
    p = await People(app).make()
    item = await nominate(app, p.head, p.an)
    await sign_in(client, app, p.office)
    forged = await client.post(
        f"/web/khen-thuong/{item}/xu-ly", data={"action": "rcv", "version": "1"}
    )
    assert forged.status == 403
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.SUBMITTED


async def test_a_decisive_step_asks_for_confirmation_first(app: App, client: Client) -> None:
    p = await People(app).make()
    item = await nominate(app, p.head, p.an)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        await app.services.nominations.act(p.office, item, action)
    await sign_in(client, app, p.office)
    path = f"/web/khen-thuong/{item}/xu-ly"
    asked = await post_form(client, path, {"action": "yes", "version": "3"})
    text = await asked.text()
    assert asked.status == 200 and "chắc chắn" in text and 'name="xac-nhan"' in text
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.UNDER_REVIEW
    done = await post_form(client, path, {"action": "yes", "version": "3", "xac-nhan": "1"})
    assert done.status == 200
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.RECOMMENDED
    award = await post_form(client, path, {"action": "awd", "version": "4", "xac-nhan": "1"})
    assert award.status == 403  # a decision covers a list (/quyetdinh), never one form


async def test_the_nominator_resubmits_a_returned_item_with_a_completed_summary(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    item = await nominate(app, p.head, p.an)
    await app.services.nominations.act(p.office, item, Action.RETURN, reason=REASON)
    await sign_in(client, app, p.head)
    path = f"/web/khen-thuong/{item}/xu-ly"
    asked = await post_form(client, path, {"action": "rsb", "version": "2"})
    assert asked.status == 200 and "chủ trì số hóa hồ sơ thi đua.</textarea>" in await asked.text()
    short = await post_form(
        client, path, {"action": "rsb", "version": "2", "xac-nhan": "1", "summary": "Ngắn"}
    )
    assert short.status == 400 and "Tóm tắt thành tích cần từ 10 đến 3000" in await short.text()
    summary = "Đã bổ sung quyết định công nhận sáng kiến và số liệu năm 2026."
    done = await post_form(
        client, path, {"action": "rsb", "version": "2", "xac-nhan": "1", "summary": summary}
    )
    assert done.status == 200
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.RESUBMITTED and view.summary == summary


async def test_the_office_cancels_an_award_saying_whether_the_reward_is_recovered(
    app: App, client: Client
) -> None:
    p = await People(app).make()
    item = await nominate(app, p.head, p.an)
    await award(app, p.office, item)
    version = (await app.services.nominations.view(p.office, item)).version
    await sign_in(client, app, p.office)
    path = f"/web/khen-thuong/{item}/xu-ly"
    form = {"action": "rvk", "version": str(version), "xac-nhan": "1", "reason": REASON + "<i>"}
    unsaid = await post_form(client, path, form)
    text = await unsaid.text()
    assert unsaid.status == 400 and "Chọn có thu hồi tiền thưởng hay không" in text
    assert f"«{REASON}&lt;i&gt;»" in text and "&amp;lt;" not in text
    done = await post_form(client, path, {**form, "recover": "yes"})
    assert done.status == 200
    view = await app.services.nominations.view(p.office, item)
    assert view.state is NominationState.REVOKED and view.decisions[-1].recovered is True
