"""Council sessions over HTTP with the real services: a seated member votes on every item in
one form and the votes are the same as chat ballots; refusals (not seated, a stake, voted
already, closed, no token, a bad choice) write nothing and say why in Vietnamese; the Office
sees the votes so far, closes the session and reads the tally."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.config import Settings
from bot.roles import Role
from bot.services.councils import RESULT_NAMES
from models import AuditEntry, Ballot
from tests.factories import make_member
from tests.web.council_seed import Sitting, council_settings, open_sitting
from tests.web.support import Client, post_form, sign_in, web_client


@pytest.fixture
def settings(database_url: str) -> Settings:
    return council_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


async def _item_ids(app: App, sitting: Sitting) -> list[int]:
    agenda = await app.services.council_sessions.agenda(sitting.office, sitting.session_id)
    return [item.item_id for item in agenda]


async def _ballots(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count(Ballot.id))) or 0


async def test_a_member_votes_on_every_item_like_a_chat_ballot(app: App, client: Client) -> None:
    sitting = await open_sitting(app, ("Thành Viên Một", "Thành Viên Hai"))
    web_voter, chat_voter = sitting.members
    secret, open_item = await _item_ids(app, sitting)
    await sign_in(client, app, web_voter)
    listing = await (await client.get("/web/phien-hop")).text()
    assert sitting.session_code in listing and "2/2" in listing
    page = await client.get(f"/web/phien-hop/{sitting.session_id}")
    text = await page.text()
    assert page.status == 200 and text.count('value="dong-y"') == 2
    assert "Nguyễn &lt;b&gt;Văn&lt;/b&gt; An" in text and "Bỏ phiếu kín" in text
    path = f"/web/phien-hop/{sitting.session_id}/bo-phieu"
    answer = await post_form(
        client, path, {f"phieu-{secret}": "khong", f"phieu-{open_item}": "dong-y"}
    )
    text = await answer.text()
    assert answer.url.path == f"/web/phien-hop/{sitting.session_id}"
    assert "Đã ghi nhận phiếu biểu quyết" in text and text.count("Đã biểu quyết") == 2
    assert 'value="dong-y"' not in text
    sessions = app.services.council_sessions
    await sessions.vote(chat_voter, secret, agree=False)
    await sessions.vote(chat_voter, open_item, agree=True)
    async with app.sessions() as session:
        found = await session.execute(
            select(Ballot.member_id, Ballot.item_id, Ballot.choice).order_by(Ballot.id)
        )
        by_member: dict[int, set[tuple[int, str | None]]] = {}
        for member_id, item_id, choice in found:
            by_member.setdefault(member_id, set()).add((item_id, choice))
        audits = await session.execute(
            select(AuditEntry.actor_member_id, AuditEntry.entity_id, AuditEntry.after).where(
                AuditEntry.action == "council.vote"
            )
        )
        audited: dict[int, list[tuple[str, object]]] = {}
        for actor, entity, after in audits:
            audited.setdefault(actor, []).append((entity, after))
    assert (
        by_member[web_voter.id]
        == by_member[chat_voter.id]
        == {
            (secret, None),  # secret: only that the member voted
            (open_item, "agree"),
        }
    )
    assert sorted(audited[web_voter.id], key=str) == sorted(audited[chat_voter.id], key=str)
    progress = await sessions.progress(sitting.office, sitting.session_id)
    assert [item.voted for item in progress.items] == [2, 2]


async def test_refusals_write_nothing_and_say_why(app: App, client: Client) -> None:
    sitting = await open_sitting(app)
    secret, open_item = await _item_ids(app, sitting)
    path = f"/web/phien-hop/{sitting.session_id}/bo-phieu"
    await sign_in(client, app, sitting.outsider)  # a council member not seated on it
    page = await client.get(f"/web/phien-hop/{sitting.session_id}")
    assert page.status == 403 and "không có tên trong danh sách" in await page.text()
    answer = await post_form(client, path, {f"phieu-{secret}": "dong-y"})
    assert answer.status == 403
    await sign_in(client, app, sitting.colleague)  # in the nominee's unit
    text = await (await client.get(f"/web/phien-hop/{sitting.session_id}")).text()
    assert "có liên quan" in text and 'value="dong-y"' not in text
    answer = await post_form(client, path, {f"phieu-{secret}": "dong-y"})
    assert answer.status == 403
    (member,) = sitting.members
    await sign_in(client, app, member)
    no_token = await client.post(path, data={f"phieu-{secret}": "dong-y"})
    assert no_token.status == 403
    bad = await post_form(client, path, {f"phieu-{secret}": "dong-y", f"phieu-{open_item}": "x"})
    text = await bad.text()
    assert bad.status == 400 and "chỉ «Đồng ý» hoặc «Không đồng ý»" in text
    assert 'value="dong-y" checked' in text  # what was chosen is kept
    empty = await post_form(client, path, {})
    assert empty.status == 400 and "chưa chọn phiếu" in await empty.text()
    assert await _ballots(app) == 0
    await post_form(client, path, {f"phieu-{secret}": "dong-y"})
    again = await post_form(
        client, path, {f"phieu-{secret}": "khong", f"phieu-{open_item}": "khong"}
    )
    assert again.status == 409 and "đã biểu quyết hồ sơ này" in await again.text()
    assert await _ballots(app) == 1  # the second ballot is refused whole


async def test_the_office_sees_the_votes_closes_and_reads_the_tally(
    app: App, client: Client
) -> None:
    sitting = await open_sitting(app)
    secret, open_item = await _item_ids(app, sitting)
    (member,) = sitting.members
    await app.services.council_sessions.vote(member, open_item, agree=True)
    await sign_in(client, app, member)
    refused = await post_form(client, f"/web/phien-hop/{sitting.session_id}/ket-thuc")
    assert refused.status == 403
    await sign_in(client, app, sitting.office)
    listing = await (await client.get("/web/phien-hop")).text()
    assert sitting.session_code in listing and "đang họp" in listing
    page = await (await client.get(f"/web/phien-hop/{sitting.session_id}")).text()
    assert "0/1" in page and "1/1" in page and "Kết thúc phiên họp" in page
    closed = await post_form(client, f"/web/phien-hop/{sitting.session_id}/ket-thuc")
    text = await closed.text()
    assert "Đã kết thúc phiên họp" in text and "Kết quả kiểm phiếu" in text
    results = await app.services.council_sessions.results(sitting.office, sitting.session_id)
    assert [r.tally.agree for r in results.items] == [0, 1] and results.members == 2
    assert "1/2" in text and "0/2" in text
    for item in results.items:
        assert app.texts.t(RESULT_NAMES[item.result]) in text
    again = await post_form(client, f"/web/phien-hop/{sitting.session_id}/ket-thuc")
    assert again.status == 409 and "đã kết thúc" in await again.text()
    await sign_in(client, app, member)
    late = await post_form(
        client, f"/web/phien-hop/{sitting.session_id}/bo-phieu", {f"phieu-{secret}": "dong-y"}
    )
    assert late.status == 409 and "không nhận thêm phiếu" in await late.text()
    read_only = await (await client.get(f"/web/phien-hop/{sitting.session_id}")).text()
    assert 'value="dong-y"' not in read_only and "đã kết thúc" in read_only


async def test_a_unit_head_sees_no_sessions_and_cannot_open_one(app: App, client: Client) -> None:
    sitting = await open_sitting(app)
    head = await make_member(app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Thị Khác")
    await sign_in(client, app, head)
    listing = await client.get("/web/phien-hop")
    text = await listing.text()
    assert listing.status == 200 and sitting.session_code not in text
    page = await client.get(f"/web/phien-hop/{sitting.session_id}")
    assert page.status == 403
    missing = await client.get(f"/web/phien-hop/{sitting.session_id + 99}")
    assert missing.status == 404
