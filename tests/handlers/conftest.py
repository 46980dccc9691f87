"""Helpers for journeys through the router."""

from __future__ import annotations

import re

from bot.app import App
from bot.roles import Role
from tests.fakes.people import Person

TOKEN = re.compile(r"(?:/start|thamgia) ([A-Za-z0-9_-]+)")


async def register(person: Person, *, name: str, position: str = "Chuyên viên") -> None:
    """Walk ``person`` through the registration dialog already started."""
    await person.send(name)
    await person.send(position)
    await person.tap("Xác nhận")
    assert "Đăng ký thành công" in person.text, person.text


async def make_admin(app: App) -> Person:
    """Register the bootstrap console administrator."""
    admin = Person(app.router, "quantri")
    await admin.send("/start")
    await register(admin, name="Trần Văn Quản", position="Chánh Văn phòng")
    return admin


async def invite_token(app: App, unit: str, role: Role, uses: int = 1) -> str:
    """Create an invite through the service (as the CLI would) and return its token."""
    created = await app.services.invites.create(None, unit_code=unit, role=role, uses=uses, days=7)
    return created.token


async def join(app: App, user_id: str, unit: str, role: Role, name: str) -> Person:
    """Invite and register a new person."""
    person = Person(app.router, user_id)
    await person.send(f"/start {await invite_token(app, unit, role)}")
    await register(person, name=name)
    return person
