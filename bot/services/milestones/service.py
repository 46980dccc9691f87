"""The emulation year at a glance (``/lichthidua``, DESIGN §3.10): the milestones of
``[[milestones]]`` on their days of a year and, for the Office, the units that have not acted;
and the milestones' reminders, kept among the reminders so they fire like any other.

"Not acted" is counted for three milestones: registration (no registration of the year),
vote lists (no list sent or received for the year) and unit reports (no report for the latest
reporting period due by the day); the Office acts on the others, so nobody is counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_milestones import Milestone
from bot.roles import OFFICE, Role
from bot.services.broadcasts import PendingUnits, YearTask, pending_units
from bot.services.common import MemberView, require_role
from bot.services.milestones.records import (
    NAMES,
    MilestoneState,
    MilestoneView,
    PendingUnit,
    PendingView,
    YearView,
)
from bot.services.milestones.reminders import PREFIX, keyed_reminders
from bot.services.reminders import ReminderService
from bot.texts import Texts
from models import Member, Unit

#: The years the calendar shows (as the exports' years).
YEARS = (2000, 2100)
#: The task each counted milestone's units do.
TASKS: dict[str, YearTask] = {
    "registration": YearTask.REGISTRATION,
    "vote_lists": YearTask.VOTE_LIST,
    "unit_reports": YearTask.REPORT,
}
_Counts = dict[str, PendingUnits | None]


class MilestoneService:
    """Reading the year's milestones; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        reminders: ReminderService,
        *,
        milestones: tuple[Milestone, ...],
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._reminders = reminders
        self._milestones = milestones
        self._zone = zone

    def this_year(self) -> int:
        """The current year in the organisation's zone."""
        return self._today().year

    def name(self, milestone: Milestone) -> str:
        """A milestone's name: as configured, else the catalogue's name of its key."""
        return milestone.name.strip() or self._texts.t(NAMES[milestone.key])

    async def year(self, viewer: MemberView | None, year: int) -> YearView:
        """The year's milestones in date order; the Office's view counts who has not acted.

        Args:
            viewer: The member asking (every role reads), or ``None`` for the command line.
            year: The emulation year.

        Raises:
            MilestoneYearOutOfRange: The year is not one the calendar shows.
        """
        _check(year)
        office = viewer is None or viewer.role in OFFICE
        today = self._today()
        if not office:
            return YearView(year, today, self._views(year, today, {}, {}), None)
        async with self._sessions() as session:
            counts = {
                m.key: await pending_units(session, TASKS[m.key], m.day(year))
                for m in self._milestones
                if m.counted
            }
            units = await _active_units(session)
        views = self._views(year, today, counts, {uid: name for uid, (_, name) in units.items()})
        return YearView(year, today, views, len(units))

    async def export(self, viewer: MemberView | None, year: int) -> YearView:
        """The Office's view of the year, for a workbook.

        Raises:
            NotAllowed: Only the Office and administrators export (``None``: the command line).
            MilestoneYearOutOfRange: The year is not one the calendar shows.
        """
        if viewer is not None:
            require_role(viewer, OFFICE)
        return await self.year(viewer, year)

    async def pending(self, viewer: MemberView, year: int, key: str) -> PendingView:
        """A counted milestone's units that have not acted, with their heads.

        Raises:
            NotAllowed: Only the Office and administrators see who has not acted.
            MilestoneYearOutOfRange: The year is not one the calendar shows.
            UnknownMilestone: No counted milestone has this key.
        """
        require_role(viewer, OFFICE)
        _check(year)
        milestone = next((m for m in self._milestones if m.key == key and m.counted), None)
        if milestone is None:
            raise errors.UnknownMilestone(code=key)
        async with self._sessions() as session:
            found = await pending_units(session, TASKS[key], milestone.day(year))
            units = await _active_units(session)
            ids = found.units if found is not None else ()
            heads = await _heads(session, ids)
        names = {uid: name for uid, (_, name) in units.items()}
        views = self._views(year, self._today(), {key: found}, names)
        view = next(v for v in views if v.key == key)
        rows = tuple(PendingUnit(units[u][0], units[u][1], heads.get(u, ())) for u in ids)
        return PendingView(view, rows, len(units))

    async def sync_reminders(self) -> None:
        """Bring the milestones' reminders into the reminders (at start-up): new ones are
        created, changed ones updated, and those no longer configured deleted.

        The Office's pause and deletion of one in ``/nhacviec`` are kept.
        """
        made = keyed_reminders(self._milestones, self._texts, self.name)
        await self._reminders.sync_keyed(made, retire_prefix=PREFIX)

    def _today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def _views(
        self,
        year: int,
        today: date,
        counts: _Counts,
        names: dict[int, str],
    ) -> tuple[MilestoneView, ...]:
        ordered = sorted(self._milestones, key=lambda m: m.on)  # same days keep config order
        first = next((m.key for m in ordered if m.day(year) >= today), None)
        return tuple(self._view(m, year, today, counts, names, first) for m in ordered)

    def _view(
        self,
        milestone: Milestone,
        year: int,
        today: date,
        counts: _Counts,
        names: dict[int, str],
        first: str | None,
    ) -> MilestoneView:
        on = milestone.day(year)
        found = counts.get(milestone.key)
        return MilestoneView(
            key=milestone.key,
            name=self.name(milestone),
            on=on,
            state=_state(on, today),
            is_next=milestone.key == first,
            remind_days_before=milestone.remind_days_before,
            who=milestone.recipients,
            counted=milestone.counted,
            pending=None if found is None else tuple(names[u] for u in found.units),
            period="" if found is None else found.period,
            can_act=True if found is None else found.open,
        )


def _state(on: date, today: date) -> MilestoneState:
    if on < today:
        return MilestoneState.PAST
    return MilestoneState.TODAY if on == today else MilestoneState.COMING


def _check(year: int) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise errors.MilestoneYearOutOfRange(first=YEARS[0], last=YEARS[1])


async def _active_units(session: AsyncSession) -> dict[int, tuple[str, str]]:
    """Active units: id → (code, name), in unit order."""
    rows = await session.execute(
        select(Unit.id, Unit.code, Unit.name).where(Unit.active.is_(True)).order_by(Unit.id)
    )
    return {unit_id: (code, name) for unit_id, code, name in rows.all()}


async def _heads(session: AsyncSession, units: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The active heads of ``units`` by name."""
    rows = await session.execute(
        select(Member.unit_id, Member.full_name)
        .where(
            Member.unit_id.in_(units),
            Member.active.is_(True),
            Member.role == Role.UNIT_HEAD.value,
        )
        .order_by(Member.unit_id, Member.full_name)
    )
    found: dict[int, list[str]] = {}
    for unit_id, name in rows.all():
        found.setdefault(unit_id, []).append(name)
    return {unit: tuple(names) for unit, names in found.items()}
