"""The staff list import (the web app's "Nhập danh sách"): checking every row against the
organisation without writing, then adding the members of the valid rows with one personal
invite each, in one transaction; and personal invites for members who have no account yet."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.roles import INVITABLE, OFFICE, Role
from bot.services.common import MemberView, UnitView, audit, require_role
from bot.services.initiatives import fold
from bot.services.people.invites import TOKEN_BYTES, hash_token, unit_view
from bot.services.people.staff_xlsx import StaffRow
from models import ChannelAccount, Invite, Member, Unit


@dataclass(frozen=True, slots=True)
class StaffPreview:
    """Every row of the file with its problems; nothing was written."""

    rows: tuple[StaffRow, ...]

    @property
    def valid(self) -> tuple[StaffRow, ...]:
        """The rows an import would add."""
        return tuple(row for row in self.rows if not row.problems)

    @property
    def faulty(self) -> int:
        """How many rows have a problem."""
        return len(self.rows) - len(self.valid)


@dataclass(frozen=True, slots=True)
class PersonalInvite:
    """An invite made for one member; ``token`` is shown once (on the printed card)."""

    member_id: int
    full_name: str
    unit: UnitView
    token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class StaffImportResult:
    """The members added (each with their invite) and the rows left out for a problem."""

    invites: tuple[PersonalInvite, ...]
    skipped: int


class StaffImportService:
    """Checks and imports the staff list; makes personal invites."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, *, days: int
    ) -> None:
        """``days``: how long a personal invite works (``[invites] default_days``)."""
        self._sessions = sessions
        self._clock = clock
        self._days = days

    async def check(self, by: MemberView, rows: Sequence[StaffRow]) -> StaffPreview:
        """Every row with its problems, the organisation's included (unknown unit, the same
        person twice in the file, already a working member, a role ``by`` may not give).

        Raises:
            NotAllowed: Only the Office and administrators import the staff list.
        """
        require_role(by, OFFICE)
        async with self._sessions() as session:
            return await _checked(session, by, rows)

    async def apply(self, by: MemberView, rows: Sequence[StaffRow]) -> StaffImportResult:
        """Check the rows again and add the members of the valid ones, each with a personal
        invite (one use), all in one transaction; rows with a problem are left out."""
        require_role(by, OFFICE)
        now = self._clock.now()
        actor = audit.Actor(by.full_name, by.id)
        async with self._sessions.begin() as session:
            preview = await _checked(session, by, rows)
            units = await _units(session, {row.unit.casefold() for row in preview.valid})
            made: list[PersonalInvite] = []
            for row in preview.valid:
                unit = units[row.unit.casefold()]
                member = Member(
                    unit_id=unit.id,
                    full_name=row.full_name,
                    position=row.position,
                    role=row.role,
                    category=row.category or None,
                    created_at=now,
                )
                session.add(member)
                await session.flush()
                after = {"unit": unit.code, "role": row.role, "line": row.line}
                audit.record(
                    session,
                    at=now,
                    actor=actor,
                    action="member.import",
                    entity="member",
                    entity_id=member.id,
                    after=after,
                )
                made.append(await self._invite(session, member, unit, actor))
        return StaffImportResult(tuple(made), preview.faulty)

    async def invite(
        self, by: MemberView, member_ids: Sequence[int]
    ) -> tuple[PersonalInvite, ...]:
        """A new personal invite for each working member of ``member_ids`` who has no account
        yet (earlier unused personal invites of theirs stop working), in one transaction;
        a unit head only for the staff of their own unit.

        Raises:
            NotAllowed: A member is outside what ``by`` may invite to.
            MemberGone: A member left, or has an account already.
        """
        now = self._clock.now()
        actor = audit.Actor(by.full_name, by.id)
        async with self._sessions.begin() as session:
            made: list[PersonalInvite] = []
            for member_id in dict.fromkeys(member_ids):
                member = await session.get(Member, member_id)
                if member is None or not member.active or await _has_account(session, member_id):
                    raise errors.MemberGone
                _check_may_invite(by, member)
                await session.execute(
                    update(Invite)
                    .where(Invite.member_id == member_id, Invite.uses < Invite.max_uses)
                    .values(expires_at=now)
                )
                unit = await session.get(Unit, member.unit_id)
                assert unit is not None  # a member's unit exists (foreign key)
                made.append(await self._invite(session, member, unit, actor))
        return tuple(made)

    async def _invite(
        self, session: AsyncSession, member: Member, unit: Unit, actor: audit.Actor
    ) -> PersonalInvite:
        now = self._clock.now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        invite = Invite(
            token_hash=hash_token(token),
            unit_id=unit.id,
            role=member.role,
            max_uses=1,
            uses=0,
            expires_at=now + timedelta(days=self._days),
            created_by=actor.member_id,
            created_at=now,
            member_id=member.id,
        )
        session.add(invite)
        await session.flush()
        audit.record(
            session,
            at=now,
            actor=actor,
            action="invite.create",
            entity="invite",
            entity_id=invite.id,
            after={
                "unit": unit.code,
                "role": member.role,
                "member": member.id,
                "days": self._days,
            },
        )
        return PersonalInvite(
            member.id, member.full_name, unit_view(unit), token, invite.expires_at
        )


def _check_may_invite(by: MemberView, member: Member) -> None:
    if Role(member.role) not in INVITABLE.get(by.role, frozenset()):
        raise errors.NotAllowed
    if by.role is Role.UNIT_HEAD and member.unit_id != by.unit.id:
        raise errors.NotAllowed


async def _has_account(session: AsyncSession, member_id: int) -> bool:
    query = select(exists().where(ChannelAccount.member_id == member_id))
    return bool(await session.scalar(query))


async def _units(session: AsyncSession, codes: set[str]) -> dict[str, Unit]:
    """The open units among ``codes`` (case-folded), by folded code."""
    found = await session.scalars(select(Unit).where(Unit.active.is_(True)))
    return {unit.code.casefold(): unit for unit in found if unit.code.casefold() in codes}


async def _checked(
    session: AsyncSession, by: MemberView, rows: Sequence[StaffRow]
) -> StaffPreview:
    units = await _units(session, {row.unit.casefold() for row in rows})
    working: set[tuple[int, str]] = set()
    if units:
        names = await session.execute(
            select(Member.unit_id, Member.full_name).where(
                Member.active.is_(True), Member.unit_id.in_([u.id for u in units.values()])
            )
        )
        working = {(unit_id, fold(name)) for unit_id, name in names}
    allowed = INVITABLE.get(by.role, frozenset())
    seen: set[tuple[str, str]] = set()
    checked: list[StaffRow] = []
    for row in rows:
        problems = list(row.problems)
        unit = units.get(row.unit.casefold())
        key = (row.unit.casefold(), fold(row.full_name))
        if row.unit and unit is None:
            problems.append("unknown_unit")
        if row.full_name and key in seen:
            problems.append("duplicate")
        elif unit is not None and row.full_name and (unit.id, key[1]) in working:
            problems.append("already_member")
        if "bad_role" not in problems and Role(row.role) not in allowed:
            problems.append("role_refused")
        seen.add(key)
        checked.append(replace(row, problems=tuple(problems)))
    return StaffPreview(tuple(checked))
