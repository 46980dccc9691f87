"""Invites under concurrency and their stored form."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.app import App
from bot.errors import InviteUsedUp
from bot.ports import Channel
from bot.roles import Role
from bot.services.people.invites import hash_token
from bot.services.people.registration import Applicant
from models import Invite, Member


def applicant(user: str) -> Applicant:
    return Applicant(Channel.TELEGRAM, user, user, "Nguyễn Văn Một", "Chuyên viên")


async def test_only_the_hash_of_a_token_is_stored(app: App) -> None:
    created = await app.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    async with app.sessions() as session:
        stored = (await session.scalars(select(Invite.token_hash))).one()
    assert stored == hash_token(created.token) != created.token
    assert len(created.token) <= 64


async def test_two_people_racing_for_a_single_use_invite_one_wins(app: App) -> None:
    created = await app.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    invite = await app.services.invites.check(created.token)
    results = await asyncio.gather(
        app.services.registration.register(applicant("1"), invite_id=invite.id),
        app.services.registration.register(applicant("2"), invite_id=invite.id),
        return_exceptions=True,
    )
    assert sum(isinstance(r, InviteUsedUp) for r in results) == 1
    async with app.sessions() as session:
        assert len((await session.scalars(select(Member))).all()) == 1
        assert (await session.scalars(select(Invite.uses))).one() == 1


async def test_multi_use_invite_counts_each_use(app: App) -> None:
    created = await app.services.invites.create(
        None, unit_code="VHTT-VY", role=Role.STAFF, uses=3, days=7
    )
    invite = await app.services.invites.check(created.token)
    for user in ("a", "b", "c"):
        await app.services.registration.register(applicant(user), invite_id=invite.id)
    with pytest.raises(InviteUsedUp):
        await app.services.invites.check(created.token)
