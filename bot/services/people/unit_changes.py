"""The Office changes units: rename, merge, split and close, each with the day it took effect
(DESIGN §3.11). One transaction per change; members and open items go with it (``carry``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import sorted_vi
from bot.config_organisation import UNIT_CODE_PATTERN
from bot.dialog_spec import Draft
from bot.roles import OFFICE
from bot.services.common import (
    Doorbell,
    MemberView,
    TurnCache,
    UnitThen,
    audit,
    organisation_on,
    require_role,
)
from bot.services.conversation import drafts
from bot.services.people.carry import Carried, carry_unit_items, move_members
from bot.services.people.change_common import active_members, actor_of, check_day, forget_members
from bot.services.people.change_notices import tell
from bot.texts import Texts
from models import Unit, UnitChange, UnitChangeKind

MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A unit a merge or a split makes, or an existing one it uses (then name and kind are
    ignored)."""

    code: str
    name: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class UnitChangeResult:
    """What a change did: its number, the units it touched, the members moved, the open items
    carried and those kept by the old unit."""

    id: int
    kind: UnitChangeKind
    effective_on: date
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    members_moved: int
    items: Carried


class UnitChangeService:
    """Renames, merges, splits and closes units; the Office only."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        cache: TurnCache,
        *,
        texts: Texts,
        outbox: Doorbell,
        zone: ZoneInfo,
        kinds: frozenset[str],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._cache = cache
        self._texts = texts
        self._outbox = outbox
        self._zone = zone
        self._kinds = kinds

    async def rename(
        self,
        by: MemberView | None,
        code: str,
        name: str,
        effective: date,
        reason: str = "",
        *,
        dialog: Draft | None = None,
    ) -> UnitChangeResult:
        """Give a unit a new name from ``effective``; boards of earlier periods keep the old."""
        self._check(by, effective)
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise errors.UnitChangeInvalid
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            unit = await _open_unit(session, code)
            if unit.name == name:
                raise errors.UnitChangeInvalid
            old = unit.name
            unit.name = name
            await forget_members(session, self._cache, await active_members(session, unit.id))
            change = await self._record(
                session,
                by,
                UnitChangeKind.RENAME,
                effective,
                sources=[unit],
                targets=[unit],
                reason=reason,
                dialog=dialog,
                old_name=old,
                new_name=name,
            )
        return _result(change, [code], [code], 0, Carried())

    async def merge(
        self,
        by: MemberView | None,
        sources: Sequence[str],
        target: NewUnit,
        effective: date,
        reason: str = "",
        *,
        dialog: Draft | None = None,
    ) -> UnitChangeResult:
        """Merge ``sources`` into ``target`` (an existing unit, or a new one): their members
        move, their open items follow, and they close on ``effective``."""
        self._check(by, effective)
        if not sources or target.code in sources or len(set(sources)) != len(sources):
            raise errors.UnitChangeInvalid
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            olds = [await _open_unit(session, code) for code in sources]
            into = await self._target(session, target, effective)
            change = await self._record(
                session,
                by,
                UnitChangeKind.MERGE,
                effective,
                sources=olds,
                targets=[into],
                reason=reason,
                dialog=dialog,
            )
            moved: list[int] = []
            carried = Carried()
            for old in olds:
                members = await active_members(session, old.id)
                await move_members(
                    session,
                    members,
                    into.id,
                    effective=effective,
                    now=change.created_at,
                    actor_id=change.actor_id,
                    unit_change_id=change.id,
                    reason=reason,
                )
                moved += members
                carried += await carry_unit_items(session, old.id, into.id, year=effective.year)
                _close(old, effective)
            await forget_members(session, self._cache, moved)
            await tell(
                session,
                self._texts,
                moved,
                "org.notice.merged",
                now=change.created_at,
                day=effective,
                unit=into.name,
            )
        self._outbox.notify()
        return _result(change, list(sources), [into.code], len(moved), carried)

    async def split(
        self,
        by: MemberView | None,
        source: str,
        targets: Sequence[NewUnit],
        assignment: Mapping[int, str],
        effective: date,
        reason: str = "",
        *,
        dialog: Draft | None = None,
    ) -> UnitChangeResult:
        """Split ``source`` into ``targets``: each member goes where ``assignment`` (member id →
        target code) says, and every one must be placed; the unit's own open items (reports,
        vote lists, collective nominations) go to the first target, a member's to the member's
        new unit. The source closes on ``effective``."""
        self._check(by, effective)
        codes = [t.code for t in targets]
        if len(targets) < 2 or source in codes or len(set(codes)) != len(codes):
            raise errors.UnitChangeInvalid
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            old = await _open_unit(session, source)
            members = await active_members(session, old.id)
            missing = [m for m in members if assignment.get(m) not in codes]
            if missing:
                raise errors.SplitUnassigned(count=len(missing))
            news = [await self._target(session, t, effective) for t in targets]
            change = await self._record(
                session,
                by,
                UnitChangeKind.SPLIT,
                effective,
                sources=[old],
                targets=news,
                reason=reason,
                dialog=dialog,
            )
            for unit in news:
                placed = [m for m in members if assignment[m] == unit.code]
                await move_members(
                    session,
                    placed,
                    unit.id,
                    effective=effective,
                    now=change.created_at,
                    actor_id=change.actor_id,
                    unit_change_id=change.id,
                    reason=reason,
                )
            carried = await carry_unit_items(session, old.id, news[0].id, year=effective.year)
            _close(old, effective)
            await forget_members(session, self._cache, members)
            for unit in news:
                placed = [m for m in members if assignment[m] == unit.code]
                await tell(
                    session,
                    self._texts,
                    placed,
                    "org.notice.split",
                    now=change.created_at,
                    day=effective,
                    old=old.name,
                    unit=unit.name,
                )
        self._outbox.notify()
        return _result(change, [source], codes, len(members), carried)

    async def close(
        self,
        by: MemberView | None,
        code: str,
        effective: date,
        reason: str = "",
        *,
        dialog: Draft | None = None,
    ) -> UnitChangeResult:
        """Close a unit nobody works in any more (move its members or merge it first)."""
        self._check(by, effective)
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            unit = await _open_unit(session, code)
            if await active_members(session, unit.id):
                raise errors.UnitHasMembers
            _close(unit, effective)
            change = await self._record(
                session,
                by,
                UnitChangeKind.CLOSE,
                effective,
                sources=[unit],
                targets=[],
                reason=reason,
                dialog=dialog,
            )
        return _result(change, [code], [], 0, Carried())

    async def units_on(self, day: date | None = None) -> tuple[UnitThen, ...]:
        """The units open on ``day`` (today when ``None``) with their names and headcounts
        then, in Vietnamese order of the names."""
        when = day or self._clock.now().astimezone(self._zone).date()
        async with self._sessions() as session:
            found = await organisation_on(session, when)
        return tuple(sorted_vi(found.units.values(), key=lambda unit: unit.name))

    def _check(self, by: MemberView | None, effective: date) -> None:
        if by is not None:
            require_role(by, OFFICE)
        check_day(self._clock, self._zone, effective)

    async def _target(self, session: AsyncSession, wanted: NewUnit, effective: date) -> Unit:
        existing = await session.scalar(select(Unit).where(Unit.code == wanted.code))
        if existing is not None:
            if not existing.active:
                raise errors.UnitClosed(code=wanted.code)
            return existing
        name = wanted.name.strip()
        valid_code = re.fullmatch(UNIT_CODE_PATTERN, wanted.code) is not None
        if not valid_code or not name or len(name) > MAX_NAME or wanted.kind not in self._kinds:
            raise errors.UnitChangeInvalid
        unit = Unit(
            code=wanted.code,
            name=name,
            kind=wanted.kind,
            district="",
            active=True,
            opened_on=effective,
            created_at=self._clock.now(),
        )
        session.add(unit)
        await session.flush()
        return unit

    async def _record(
        self,
        session: AsyncSession,
        by: MemberView | None,
        kind: UnitChangeKind,
        effective: date,
        *,
        sources: Sequence[Unit],
        targets: Sequence[Unit],
        reason: str,
        dialog: Draft | None,
        old_name: str = "",
        new_name: str = "",
    ) -> UnitChange:
        now = self._clock.now()
        actor = actor_of(by)
        change = UnitChange(
            kind=kind,
            effective_on=effective,
            sources=[u.id for u in sources],
            targets=[u.id for u in targets],
            old_name=old_name,
            new_name=new_name,
            reason=reason.strip(),
            actor_id=actor.member_id,
            created_at=now,
        )
        session.add(change)
        await session.flush()
        audit.record(
            session,
            at=now,
            actor=actor,
            action=f"unit.{kind.value}",
            entity="unit_change",
            entity_id=change.id,
            before={"units": [u.code for u in sources], "name": old_name or None},
            after={
                "units": [u.code for u in targets],
                "name": new_name or None,
                "effective_on": effective.isoformat(),
                "reason": change.reason,
            },
        )
        await drafts.close(session, dialog, "org.again.unit", at=now, number=change.id)
        return change


async def _open_unit(session: AsyncSession, code: str) -> Unit:
    unit = await session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise errors.UnknownUnit(code=code)
    if not unit.active:
        raise errors.UnitClosed(code=code)
    return unit


def _close(unit: Unit, effective: date) -> None:
    unit.active = False
    unit.closed_on = effective


def _result(
    change: UnitChange, sources: list[str], targets: list[str], moved: int, items: Carried
) -> UnitChangeResult:
    return UnitChangeResult(
        change.id,
        UnitChangeKind(change.kind),
        change.effective_on,
        tuple(sources),
        tuple(targets),
        moved,
        items,
    )
