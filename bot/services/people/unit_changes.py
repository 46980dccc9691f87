"""The Office changes units: rename, merge, split and close, each with the day it took effect
(DESIGN §3.11). One transaction per change; members and open items go with it (``carry``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import sorted_vi
from bot.dialog_spec import Draft
from bot.roles import OFFICE
from bot.services.common import (
    Doorbell,
    MemberView,
    TurnCache,
    UnitThen,
    organisation_on,
    require_role,
)
from bot.services.conversation import drafts
from bot.services.people.carry import Carried, carry_unit_items, move_members
from bot.services.people.change_common import active_members, check_day, forget_members
from bot.services.people.change_notices import tell
from bot.services.people.unit_records import (
    MAX_NAME,
    NewUnit,
    UnitChangeResult,
    close_unit,
    open_unit,
    record_change,
    result_of,
    target_unit,
)
from bot.texts import Texts
from models import UnitChangeKind


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
            unit = await open_unit(session, code)
            if unit.name == name:
                raise errors.UnitChangeInvalid
            old = unit.name
            unit.name = name
            await forget_members(session, self._cache, await active_members(session, unit.id))
            change = await record_change(
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
                now=self._clock.now(),
            )
        return result_of(change, [code], [code], 0, Carried())

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
            olds = [await open_unit(session, code) for code in sources]
            into = await target_unit(
                session, target, effective, kinds=self._kinds, now=self._clock.now()
            )
            change = await record_change(
                session,
                by,
                UnitChangeKind.MERGE,
                effective,
                sources=olds,
                targets=[into],
                reason=reason,
                dialog=dialog,
                now=self._clock.now(),
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
                close_unit(old, effective)
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
        return result_of(change, list(sources), [into.code], len(moved), carried)

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
            old = await open_unit(session, source)
            members = await active_members(session, old.id)
            missing = [m for m in members if assignment.get(m) not in codes]
            if missing:
                raise errors.SplitUnassigned(count=len(missing))
            news = [
                await target_unit(session, t, effective, kinds=self._kinds, now=self._clock.now())
                for t in targets
            ]
            change = await record_change(
                session,
                by,
                UnitChangeKind.SPLIT,
                effective,
                sources=[old],
                targets=news,
                reason=reason,
                dialog=dialog,
                now=self._clock.now(),
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
            close_unit(old, effective)
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
        return result_of(change, [source], codes, len(members), carried)

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
            unit = await open_unit(session, code)
            if await active_members(session, unit.id):
                raise errors.UnitHasMembers
            close_unit(unit, effective)
            change = await record_change(
                session,
                by,
                UnitChangeKind.CLOSE,
                effective,
                sources=[unit],
                targets=[],
                reason=reason,
                dialog=dialog,
                now=self._clock.now(),
            )
        return result_of(change, [code], [], 0, Carried())

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
