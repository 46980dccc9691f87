"""One-time sign-in links and server-side sessions of the Office's web app.

Only the SHA-256 of a link's token and of a session's id is stored, so a copy of the database
signs nobody in. A link is used with a guarded UPDATE (``WHERE used_at IS NULL AND expires_at
> now``): when two clicks race, only one changes a row and signs in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.roles import WEB, Role
from bot.services.common import MemberView, UnitView, audit
from bot.services.people import member_view
from models import Member, Unit, WebSession, WebSignInLink

#: 32 random bytes: 256 bits, well above the 128 the design asks for.
TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class SignInLink:
    """A fresh one-time link's token (left out of the repr) and when it stops working."""

    token: str = field(repr=False)
    expires_at: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A signed-in member as the web app sees them: the member the services are called as,
    and when the session ends."""

    member: MemberView
    expires_at: datetime

    @property
    def member_id(self) -> int:
        """The member's id."""
        return self.member.id

    @property
    def full_name(self) -> str:
        """The member's full name."""
        return self.member.full_name

    @property
    def role(self) -> Role:
        """The member's role."""
        return self.member.role


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just opened: the cookie's value (left out of the repr) and who it is."""

    session_id: str = field(repr=False)
    member: SignedIn


def digest(secret: str) -> str:
    """The stored form of a token or session id."""
    return hashlib.sha256(secret.encode()).hexdigest()


class WebAccessService:
    """Makes and uses sign-in links; opens, reads and ends sessions."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        link_minutes: int,
        session_hours: int,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._link_minutes = link_minutes
        self._session_hours = session_hours
        self._current = _current_statement()

    async def issue_link(self, member_id: int) -> SignInLink:
        """A new one-time link for ``member_id`` (the caller checks the member's role)."""
        now = self._clock.now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires_at = now + timedelta(minutes=self._link_minutes)
        async with self._sessions.begin() as session:
            row = WebSignInLink(
                token_hash=digest(token),
                member_id=member_id,
                expires_at=expires_at,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            audit.record(
                session,
                at=now,
                actor=audit.Actor("web", member_id),
                action="web.link",
                entity="web_sign_in_link",
                entity_id=row.id,
            )
        return SignInLink(token, expires_at, self._link_minutes)

    async def sign_in(self, token: str) -> NewSession | None:
        """Use the link of ``token`` once and open a session; ``None`` when the link is
        unknown, expired, already used, or its member has left, is inactive, or no longer has
        a role the web app is for."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            used = await session.execute(
                update(WebSignInLink)
                .where(
                    WebSignInLink.token_hash == digest(token),
                    WebSignInLink.used_at.is_(None),
                    WebSignInLink.expires_at > now,
                )
                .values(used_at=now)
                .returning(WebSignInLink.id, WebSignInLink.member_id)
            )
            won = used.one_or_none()
            if won is None:
                return None
            member = await _usable_member(session, won.member_id)
            if member is None:
                return None
            return await self._open(session, member, now)

    async def sign_in_member(self, member_id: int) -> NewSession | None:
        """Open a session for ``member_id``, whose account another proof vouched for (a
        verified Telegram Mini App ``initData``); ``None`` when they left, are inactive, or
        have no role the web app is for."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            member = await _usable_member(session, member_id)
            return None if member is None else await self._open(session, member, now)

    async def _open(self, session: AsyncSession, member: MemberView, now: datetime) -> NewSession:
        session_id = secrets.token_urlsafe(TOKEN_BYTES)
        expires_at = now + timedelta(hours=self._session_hours)
        row = WebSession(
            id_hash=digest(session_id), member_id=member.id, expires_at=expires_at, created_at=now
        )
        session.add(row)
        await session.flush()
        audit.record(
            session,
            at=now,
            actor=audit.Actor(member.full_name, member.id),
            action="web.sign_in",
            entity="web_session",
            entity_id=row.id,
        )
        return NewSession(session_id, SignedIn(member, expires_at))

    async def current(self, session_id: str) -> SignedIn | None:
        """Who the session ``session_id`` belongs to; ``None`` when unknown, ended, expired,
        or its member has left since."""
        params = {"id_hash": digest(session_id), "now": self._clock.now()}
        async with self._sessions() as session:
            found = (await session.execute(self._current, params)).one_or_none()
        if found is None:
            return None
        unit = UnitView(found[5], found[6], found[7], found[8])
        return SignedIn(MemberView(found[1], found[2], found[3], Role(found[4]), unit), found[0])

    async def end(self, session_id: str) -> bool:
        """End the session ``session_id`` (signing out); ``False`` when it was not open."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            ended = await session.execute(
                update(WebSession)
                .where(WebSession.id_hash == digest(session_id), WebSession.ended_at.is_(None))
                .values(ended_at=now)
                .returning(WebSession.id, WebSession.member_id)
            )
            row = ended.one_or_none()
            if row is None:
                return False
            audit.record(
                session,
                at=now,
                actor=audit.Actor("web", row.member_id),
                action="web.sign_out",
                entity="web_session",
                entity_id=row.id,
            )
            return True


def _current_statement() -> Select[datetime, int, str, str, str, int, str, str, str]:
    """The query of every page: the session, its member and their unit, in one row.

    Built once per service and run with parameters: building and keying a statement of three
    joins costs SQLAlchemy more CPU than SQLite takes to answer it, and columns rather than
    ORM objects skip the identity map (about 0.9 ms down to 0.3 ms a page).
    """
    return (
        select(
            WebSession.expires_at,
            Member.id,
            Member.full_name,
            Member.position,
            Member.role,
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.kind,
        )
        .join(Member, Member.id == WebSession.member_id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(
            WebSession.id_hash == bindparam("id_hash"),
            WebSession.ended_at.is_(None),
            WebSession.expires_at > bindparam("now"),
            Member.active.is_(True),
            Member.left_on.is_(None),
            Member.role.in_([role.value for role in WEB]),
        )
    )


async def _usable_member(session: AsyncSession, member_id: int) -> MemberView | None:
    """The member, while working and in a role the web app is for (the same as ``/web``)."""
    member = await session.get(Member, member_id)
    if member is None or not member.active or member.left_on is not None:
        return None
    if Role(member.role) not in WEB:
        return None
    return member_view(member, await session.get_one(Unit, member.unit_id))
