"""The members and units pages over HTTP: search without diacritics, a move and a leaving
recorded as the chat and CLI record them, and the refusals (role, CSRF, another unit)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.app import App
from bot.dates import day_text
from bot.roles import Role
from models import AuditEntry, Member, MemberChange
from tests.factories import make_member
from tests.web.support import Client, post_form, sign_in, web_client


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


def today(app: App) -> str:
    return day_text(app.clock.now().date())


async def test_the_list_finds_a_name_typed_without_diacritics(app: App, client: Client) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    await make_member(app, "2", Role.STAFF, "CNTT", name="Đặng Thị <b>Ánh</b>")
    await make_member(app, "3", Role.STAFF, "CNTT", name="Trần Văn Bình")
    await sign_in(client, app, office)
    page = await client.get("/web/can-bo", params={"q": "dang thi"})
    text = await page.text()
    assert page.status == 200
    assert "Đặng Thị &lt;b&gt;Ánh&lt;/b&gt;" in text and "Trần Văn Bình" not in text
    by_role = await (await client.get("/web/can-bo", params={"vai_tro": "office"})).text()
    assert "Văn Phòng" in by_role and "Trần Văn Bình" not in by_role
    units = await (await client.get("/web/don-vi")).text()
    assert "CNTT" in units and "VHTT-VY" in units


async def test_a_move_and_a_leaving_are_recorded_as_in_chat(app: App, client: Client) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    staff = await make_member(app, "2", Role.STAFF, "CNTT", name="Trần Văn Bình")
    await sign_in(client, app, office)
    moved = await post_form(
        client, f"/web/can-bo/{staff.id}/chuyen", {"unit": "VHTT-VY", "day": today(app)}
    )
    assert moved.status == 200 and "Đã điều chuyển cán bộ." in await moved.text()
    left = await post_form(
        client,
        f"/web/can-bo/{staff.id}/nghi",
        {"why": "retired", "day": today(app), "note": "Quyết định 12"},
    )
    assert left.status == 200 and "Đã ghi nhận cán bộ nghỉ." in await left.text()
    async with app.sessions() as session:
        member = await session.get(Member, staff.id)
        assert member is not None and not member.active and member.left_reason == "retired"
        kinds = (
            await session.scalars(
                select(MemberChange.kind).where(MemberChange.member_id == staff.id)
            )
        ).all()
        actions = (
            await session.scalars(
                select(AuditEntry.action).where(AuditEntry.entity_id == str(staff.id))
            )
        ).all()
    assert len(kinds) == 2
    assert "member.move" in actions and "member.leave" in actions


async def test_a_bad_day_is_shown_next_to_the_field_and_nothing_moves(
    app: App, client: Client
) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    staff = await make_member(app, "2", Role.STAFF, "CNTT", name="Trần Văn Bình")
    await sign_in(client, app, office)
    page = await post_form(
        client,
        f"/web/can-bo/{staff.id}/chuyen",
        {"unit": "VHTT-VY", "day": "31/02/2026", "reason": "x"},
    )
    assert page.status == 400
    text = await page.text()
    assert "Ngày không hợp lệ" in text and 'value="31/02/2026"' in text
    async with app.sessions() as session:
        member = await session.get(Member, staff.id)
        assert member is not None and member.active
        assert (await session.scalars(select(MemberChange))).first() is None


async def test_refusals_forged_role_other_unit_and_missing_csrf(app: App, client: Client) -> None:
    head = await make_member(app, "1", Role.UNIT_HEAD, "CNTT", name="Trưởng CNTT")
    other = await make_member(app, "2", Role.STAFF, "VHTT-VY", name="Người Khác")
    council = await make_member(app, "3", Role.COUNCIL, "VP", name="Hội Đồng")
    await sign_in(client, app, head)
    assert (await client.get(f"/web/can-bo/{other.id}")).status == 403
    assert (await client.get("/web/can-bo", params={"don_vi": "VHTT-VY"})).status == 403
    assert (await client.get("/web/nhap-danh-sach")).status == 403
    moved = await post_form(
        client, f"/web/can-bo/{other.id}/chuyen", {"unit": "CNTT", "day": today(app)}
    )
    assert moved.status == 403
    no_csrf = await client.post(
        f"/web/can-bo/{other.id}/nghi", data={"why": "retired", "day": today(app)}
    )
    assert no_csrf.status == 403
    own = await (await client.get("/web/can-bo")).text()
    assert "Trưởng CNTT" in own and "Người Khác" not in own
    async with web_client(app) as second:
        await sign_in(second, app, council)
        assert (await second.get("/web/can-bo")).status == 403
    async with app.sessions() as session:
        member = await session.get(Member, other.id)
        assert member is not None and member.active
