"""Invites: creating them (Office: any unit and role; unit heads: their unit, staff) and
checking a token a person brings."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.roles import INVITABLE, Role
from bot.services.common import MemberView, UnitView, audit, is_postgres
from bot.services.conversation import drafts
from models import Invite, Unit

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TOKEN_BYTES = 24  # 32 base64url characters: well inside Telegram's 64-character deep link.


def hash_token(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class CreatedInvite:
    """A new invite; ``token`` is shown once and never stored."""

    token: str
    unit: UnitView
    role: Role
    max_uses: int
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class InviteView:
    """A valid invite found by its token."""

    id: int
    unit: UnitView
    role: Role
    expires_at: datetime


def unit_view(unit: Unit) -> UnitView:
    """Build the view of a unit row."""
    return UnitView(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind)


class InviteService:
    """Creates and checks invites."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def create(
        self,
        creator: MemberView | None,
        *,
        unit_code: str,
        role: Role,
        uses: int,
        days: int,
        dialog: Draft | None = None,
    ) -> CreatedInvite:
        """Create an invite; ``creator`` is ``None`` when the CLI (the server owner) asks.

        Raises:
            NotAllowed: The creator may not invite to that unit or with that role.
            UnknownUnit: No unit has that code.
        """
        if creator is not None:
            _check_may_invite(creator, unit_code=unit_code, role=role)
        now = self._clock.now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            unit = await session.scalar(select(Unit).where(Unit.code == unit_code))
            if unit is None or not unit.active:
                raise errors.UnknownUnit(code=unit_code)
            invite = Invite(
                token_hash=hash_token(token),
                unit_id=unit.id,
                role=role.value,
                max_uses=uses,
                uses=0,
                expires_at=now + timedelta(days=days),
                created_by=None if creator is None else creator.id,
                created_at=now,
            )
            session.add(invite)
            await session.flush()
            actor = audit.CLI if creator is None else audit.Actor(creator.full_name, creator.id)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invite.create",
                entity="invite",
                entity_id=invite.id,
                after={"unit": unit.code, "role": role.value, "uses": uses, "days": days},
            )
            # The token is shown once and kept only hashed, so the outcome names the unit only.
            await drafts.close(session, dialog, "dialog.done.invite", at=now, unit=unit.name)
            return CreatedInvite(token, unit_view(unit), role, uses, invite.expires_at)

    async def check(self, token: str) -> InviteView:
        """Return the invite of ``token`` if it can still be used.

        Raises:
            InviteMalformed, InviteNotFound, InviteExpired, InviteUsedUp.
        """
        async with self._sessions() as session:
            invite, unit = await find_usable(session, self._clock.now(), token=token)
            return InviteView(invite.id, unit_view(unit), Role(invite.role), invite.expires_at)


async def find_usable(
    session: AsyncSession, now: datetime, *, token: str | None = None, invite_id: int | None = None
) -> tuple[Invite, Unit]:
    """Find an invite by token or id and check it is usable; raise the precise reason if not."""
    query = select(Invite, Unit).join(Unit, Unit.id == Invite.unit_id)
    if token is not None:
        if not TOKEN_PATTERN.fullmatch(token):
            raise errors.InviteMalformed
        query = query.where(Invite.token_hash == hash_token(token))
    else:
        query = query.where(Invite.id == invite_id)
    if is_postgres(session):
        query = query.with_for_update(of=Invite)
    row = (await session.execute(query)).first()
    if row is None:
        raise errors.InviteNotFound
    invite, unit = row
    if invite.expires_at <= now:
        raise errors.InviteExpired
    if invite.uses >= invite.max_uses:
        raise errors.InviteUsedUp
    return invite, unit


def _check_may_invite(creator: MemberView, *, unit_code: str, role: Role) -> None:
    allowed = INVITABLE.get(creator.role, frozenset())
    if role not in allowed:
        raise errors.NotAllowed
    if creator.role is Role.UNIT_HEAD and unit_code != creator.unit.code:
        raise errors.NotAllowed
