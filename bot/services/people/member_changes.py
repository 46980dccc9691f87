"""Members move to another unit, change role, or leave (DESIGN §3.11): the Office for anyone,
a unit head for the staff of their own unit. One transaction per change, each recorded in
``member_moves`` and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.domain import LeaveReason
from bot.roles import INVITABLE, OFFICE, Role
from bot.services.common import Doorbell, MemberView, TurnCache, audit
from bot.services.conversation import drafts
from bot.services.people.carry import CLOSED_INITIATIVES, carry_member_points, move_members
from bot.services.people.change_common import actor_of, check_day, forget_members
from bot.services.people.change_notices import tell
from bot.texts import Texts
from models import (
    Delivery,
    DeliveryStatus,
    Initiative,
    Member,
    MemberChange,
    MemberChangeKind,
    Unit,
)


@dataclass(frozen=True, slots=True)
class MemberChangeResult:
    """A member's change: who, what, from which day; ``skipped`` counts the messages waiting
    for a member who left that will not be sent; ``carried`` the ledger events that followed a
    moved member (``moved_items = "follow"``)."""

    member_id: int
    full_name: str
    kind: MemberChangeKind
    effective_on: date
    unit: str
    skipped: int = 0
    carried: int = 0


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
            await _not_before_last(session, member.id, effective)
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
            _audit(
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
                _row(
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
            _audit(
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
            name, unit = member.full_name, await _unit_code(session, member.unit_id)
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
                _row(
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
            skipped = await _skip_waiting(session, member.id, why)
            _audit(
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
            name, unit = member.full_name, await _unit_code(session, member.unit_id)
        return MemberChangeResult(
            member_id, name, MemberChangeKind.LEAVE, effective, unit, skipped=skipped
        )

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


async def _not_before_last(session: AsyncSession, member_id: int, effective: date) -> None:
    """A move dated before the member's last recorded move would rewrite their history."""
    last = await session.scalar(
        select(MemberChange.effective_on)
        .where(MemberChange.member_id == member_id, MemberChange.kind == MemberChangeKind.MOVE)
        .order_by(MemberChange.effective_on.desc())
        .limit(1)
    )
    if last is not None and effective < last:
        raise errors.MemberChangeInvalid


async def _skip_waiting(session: AsyncSession, member_id: int, why: LeaveReason) -> int:
    result = await session.execute(
        update(Delivery)
        .where(Delivery.member_id == member_id, Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.SKIPPED, last_error=f"member left: {why.value}")
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def _unit_code(session: AsyncSession, unit_id: int) -> str:
    return str(await session.scalar(select(Unit.code).where(Unit.id == unit_id)))


def _row(
    member: Member,
    kind: MemberChangeKind,
    effective: date,
    now: datetime,
    actor: audit.Actor,
    reason: str,
    *,
    old_role: str,
    new_role: str,
) -> MemberChange:
    return MemberChange(
        member_id=member.id,
        kind=kind,
        effective_on=effective,
        from_unit_id=member.unit_id,
        to_unit_id=member.unit_id,
        old_role=old_role,
        new_role=new_role,
        reason=reason.strip(),
        actor_id=actor.member_id,
        created_at=now,
    )


def _audit(
    session: AsyncSession,
    now: datetime,
    actor: audit.Actor,
    action: str,
    member_id: int,
    before: dict[str, object],
    after: dict[str, object],
) -> None:
    shown = {k: v.isoformat() if isinstance(v, date) else v for k, v in after.items()}
    audit.record(
        session,
        at=now,
        actor=actor,
        action=action,
        entity="member",
        entity_id=member_id,
        before=before,
        after=shown,
    )
