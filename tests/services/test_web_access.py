"""Signing in to the web app: a one-time link used once, within its minutes, by a member
still working; a session that expires and can be ended; only hashes stored."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import select, update

from bot.app import App
from bot.roles import Role
from models import AuditEntry, Member, WebSession, WebSignInLink
from tests.factories import make_member
from tests.fakes.clock import FakeClock


async def test_a_link_signs_in_once_and_only_its_hash_is_stored(app: App) -> None:
    office = await make_member(app, "901", Role.OFFICE, "VP", name="Lê Văn Phòng")
    web = app.services.web_access
    link = await web.issue_link(office.id)
    assert len(link.token) >= 22 and link.minutes == 10
    assert link.token not in repr(link)
    opened = await web.sign_in(link.token)
    assert opened is not None and opened.member.full_name == "Lê Văn Phòng"
    assert await web.sign_in(link.token) is None  # the second click
    async with app.sessions() as session:
        links = (await session.scalars(select(WebSignInLink))).all()
        sessions = (await session.scalars(select(WebSession))).all()
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert [x.token_hash for x in links] != [link.token] and len(links[0].token_hash) == 64
    assert opened.session_id not in [s.id_hash for s in sessions]
    assert {"web.link", "web.sign_in"} <= set(actions)
    signed_in = await web.current(opened.session_id)
    assert signed_in is not None and signed_in.role is Role.OFFICE


async def test_two_clicks_at_once_open_one_session(app: App) -> None:
    office = await make_member(app, "901", Role.OFFICE, "VP", name="Lê Văn Phòng")
    link = await app.services.web_access.issue_link(office.id)
    results = await asyncio.gather(
        *(app.services.web_access.sign_in(link.token) for _ in range(2))
    )
    assert sorted(r is None for r in results) == [False, True]


async def test_an_expired_or_unknown_link_is_refused(app: App, clock: FakeClock) -> None:
    office = await make_member(app, "901", Role.OFFICE, "VP", name="Lê Văn Phòng")
    link = await app.services.web_access.issue_link(office.id)
    clock.advance(minutes=10)
    assert await app.services.web_access.sign_in(link.token) is None
    assert await app.services.web_access.sign_in("not-a-token") is None


async def test_a_member_who_left_cannot_sign_in_nor_stay_signed_in(app: App) -> None:
    head = await make_member(app, "902", Role.UNIT_HEAD, "CNTT", name="Trần Trưởng")
    web = app.services.web_access
    opened = await web.sign_in((await web.issue_link(head.id)).token)
    assert opened is not None
    second = await web.issue_link(head.id)
    async with app.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.id == head.id).values(left_on=date(2026, 3, 1))
        )
    assert await web.sign_in(second.token) is None
    assert await web.current(opened.session_id) is None


async def test_a_member_no_longer_in_a_web_role_is_refused(app: App) -> None:
    head = await make_member(app, "902", Role.UNIT_HEAD, "CNTT", name="Trần Trưởng")
    web = app.services.web_access
    opened = await web.sign_in((await web.issue_link(head.id)).token)
    link = await web.issue_link(head.id)
    assert opened is not None
    async with app.sessions.begin() as session:
        await session.execute(update(Member).where(Member.id == head.id).values(role="staff"))
    assert await web.sign_in(link.token) is None
    assert await web.current(opened.session_id) is None
    assert await web.sign_in_member(head.id) is None


async def test_a_session_expires_and_can_be_ended(app: App, clock: FakeClock) -> None:
    office = await make_member(app, "901", Role.OFFICE, "VP", name="Lê Văn Phòng")
    web = app.services.web_access
    first = await web.sign_in((await web.issue_link(office.id)).token)
    second = await web.sign_in((await web.issue_link(office.id)).token)
    assert first is not None and second is not None
    assert await web.end(first.session_id)
    assert not await web.end(first.session_id)
    assert await web.current(first.session_id) is None
    clock.advance(hours=11, minutes=59)
    assert await web.current(second.session_id) is not None
    clock.advance(minutes=1)
    assert await web.current(second.session_id) is None
