"""Members move to another unit, change role, or leave (DESIGN §3.11): the Office for anyone,
a unit head for the staff of their own unit. One transaction per change, each recorded in
``member_moves`` and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.domain import LeaveReason, StaffCategory
from bot.roles import INVITABLE, OFFICE, Role
from bot.services.common import Doorbell, MemberView, TurnCache, require_role
from bot.services.conversation import drafts
from bot.services.people.carry import CLOSED_INITIATIVES, carry_member_points, move_members
from bot.services.people.change_common import actor_of, check_day, forget_members
from bot.services.people.change_notices import tell
from bot.services.people.member_records import (
    MemberChangeResult,
    audit_change,
    history_row,
    not_before_last,
    skip_waiting,
    unit_code,
)
from bot.texts import Texts
from models import (
    Initiative,
    Member,
    MemberChangeKind,
    Unit,
)


class MemberChangeService:
    """Moves members, changes their role and records their leaving."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        cache: TurnCache,
        *,
        texts: Texts,
        outbox: Doorbell,
        zone: ZoneInfo,
        moved_items: Literal["stay", "follow"],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._cache = cache
        self._texts = texts
        self._outbox = outbox
        self._zone = zone
        self._follow = moved_items == "follow"

    async def move(
        self,
        by: MemberView | None,
        member_id: int,
        unit_code: str,
        effective: date,
        reason: str = "",
        *,
        dialog: Draft | None = None,
    ) -> MemberChangeResult:
        """Move a member to another open unit from ``effective``."""
        check_day(self._clock, self._zone, effective)
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            member = await self._member(session, by, member_id)
            unit = await session.scalar(select(Unit).where(Unit.code == unit_code))
            if unit is None:
                raise errors.UnknownUnit(code=unit_code)
            if not unit.active:
                raise errors.UnitClosed(code=unit_code)
            if unit.id == member.unit_id:
                raise errors.MemberChangeInvalid
            await not_before_last(session, member.id, effective)
            source, now, actor = member.unit_id, self._clock.now(), actor_of(by)
            await move_members(
                session,
                [member.id],
                unit.id,
                effective=effective,
                now=now,
                actor_id=actor.member_id,
                reason=reason.strip(),
            )
            carried = await self._carry(session, member.id, source, unit.id, effective)
            audit_change(
                session,
                now,
                actor,
                "member.move",
                member.id,
                {"unit_id": source},
                {"unit": unit.code, "effective_on": effective},
            )
            await forget_members(session, self._cache, [member.id])
            await drafts.close(session, dialog, "org.again.member", at=now, name=member.full_name)
            name = member.full_name
            await tell(
                session,
                self._texts,
                [member.id],
                "org.notice.moved",
                now=now,
                day=effective,
                unit=unit.name,
            )
        self._outbox.notify()
        return MemberChangeResult(
            member_id, name, MemberChangeKind.MOVE, effective, unit.code, carried=carried
        )

    async def set_role(
        self,
        by: MemberView | None,
        member_id: int,
        role: Role,
        effective: date,
        reason: str = "",
        *,
        dialog: Draft | None = None,
    ) -> MemberChangeResult:
        """Give a member another role; a unit head may hand out only the roles they may invite."""
        check_day(self._clock, self._zone, effective)
        if by is not None and by.role not in OFFICE and role not in INVITABLE.get(by.role, ()):
            raise errors.NotAllowed
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            member = await self._member(session, by, member_id)
            if member.role == role.value:
                raise errors.MemberChangeInvalid
            if by is not None and by.role is not Role.ADMIN and Role.ADMIN in (role, member.role):
                raise errors.NotAllowed
            now, actor, old = self._clock.now(), actor_of(by), member.role
            member.role = role.value
            session.add(
                history_row(
                    member,
                    MemberChangeKind.ROLE,
                    effective,
                    now,
                    actor,
                    reason,
                    old_role=old,
                    new_role=role.value,
                )
            )
            audit_change(
                session,
                now,
                actor,
                "member.role",
                member.id,
                {"role": old},
                {"role": role.value, "effective_on": effective},
            )
            await forget_members(session, self._cache, [member.id])
            await drafts.close(session, dialog, "org.again.member", at=now, name=member.full_name)
            name, unit = member.full_name, await unit_code(session, member.unit_id)
            await tell(
                session,
                self._texts,
                [member.id],
                "org.notice.role",
                now=now,
                day=effective,
                role=self._texts.t(f"roles.{role.value}"),
            )
        self._outbox.notify()
        return MemberChangeResult(member_id, name, MemberChangeKind.ROLE, effective, unit)

    async def leave(
        self,
        by: MemberView | None,
        member_id: int,
        why: LeaveReason,
        effective: date,
        note: str = "",
        *,
        dialog: Draft | None = None,
    ) -> MemberChangeResult:
        """Record that a member left on ``effective``: they keep their history and authorship,
        count in no audience, coverage or per-member board from then, and the messages still
        waiting for them are settled as skipped (recorded, not sent)."""
        check_day(self._clock, self._zone, effective)
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            member = await self._member(session, by, member_id)
            if by is not None and by.id == member.id:
                raise errors.NotAllowed
            now, actor = self._clock.now(), actor_of(by)
            member.active, member.left_on, member.left_reason = False, effective, why.value
            session.add(
                history_row(
                    member,
                    MemberChangeKind.LEAVE,
                    effective,
                    now,
                    actor,
                    note or why.value,
                    old_role=member.role,
                    new_role=member.role,
                )
            )
            skipped = await skip_waiting(session, member.id, why)
            audit_change(
                session,
                now,
                actor,
                "member.leave",
                member.id,
                {"active": True},
                {"left_on": effective, "reason": why.value, "skipped": skipped},
            )
            await forget_members(session, self._cache, [member.id])
            await drafts.close(session, dialog, "org.again.member", at=now, name=member.full_name)
            name, unit = member.full_name, await unit_code(session, member.unit_id)
        return MemberChangeResult(
            member_id, name, MemberChangeKind.LEAVE, effective, unit, skipped=skipped
        )

    async def set_category(
        self, by: MemberView | None, member_id: int, category: StaffCategory | None
    ) -> str:
        """Record who an active member is for the yearly statistics (TT 02/2023/TT-BNV,
        Biểu 0602.N/0603.N); ``None`` makes it unknown again. Returns the member's name.

        Raises:
            NotAllowed: Only the Office and administrators (``None``: the command line).
            MemberGone: No active member has this id.
        """
        if by is not None:
            require_role(by, OFFICE)
        async with self._sessions.begin() as session:
            member = await self._member(session, by, member_id)
            old, member.category = member.category, category.value if category else None
            after: dict[str, object] = {"category": member.category}
            now, actor = self._clock.now(), actor_of(by)
            audit_change(
                session, now, actor, "member.category", member.id, {"category": old}, after
            )
            return member.full_name

    async def _member(
        self, session: AsyncSession, by: MemberView | None, member_id: int
    ) -> Member:
        member = await session.get(Member, member_id)
        if member is None or not member.active:
            raise errors.MemberGone
        if by is None or by.role in OFFICE:
            return member
        # A unit head acts only for the staff of their own unit.
        if by.role is not Role.UNIT_HEAD or member.unit_id != by.unit.id:
            raise errors.NotAllowed
        if member.role != Role.STAFF.value:
            raise errors.NotAllowed
        return member

    async def _carry(
        self, session: AsyncSession, member_id: int, source: int, target: int, effective: date
    ) -> int:
        if not self._follow:
            return 0
        since = datetime.combine(date(effective.year, 1, 1), time(), self._zone).astimezone(UTC)
        await session.execute(
            update(Initiative)
            .where(
                Initiative.author_id == member_id,
                Initiative.unit_id == source,
                Initiative.year == effective.year,
                Initiative.state.not_in(CLOSED_INITIATIVES),
            )
            .values(unit_id=target)
        )
        return await carry_member_points(session, member_id, source, target, since=since)
