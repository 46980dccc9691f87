"""The registration of the year's targets (đăng ký thi đua, DESIGN §3.10): the Office opens a
year's registration with a deadline; each unit head registers the unit's collective title and
its members' individual titles in one go; everyone reads what was registered for them.

Each public method is one transaction and writes the audit log. A unit's registration is
replaced whole, guarded by its version, so two heads saving at once cannot lose each other's
work silently: the second is refused and reads the form again. After the deadline only the
Office can let units register, by setting a later deadline (opening the year again).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import sorted_vi
from bot.config_awards import Award
from bot.config_registration import RegistrationSettings
from bot.dates import day_text
from bot.dialog_spec import Draft
from bot.roles import OFFICE, UNIT_HEADS
from bot.services.common import MemberView, audit, require_role
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.registrations import queries, writes
from bot.services.registrations.notices import TargetNotices
from bot.services.registrations.records import (
    FormMember,
    MemberTargets,
    Opened,
    Registered,
    RegistrationForm,
    RegistrationStatus,
    RoundView,
    Titles,
)
from models import Member, RegistrationRound, UnitRegistration


class TargetRegistrationService:
    """Opening the year's registration, registering a unit's targets, reading them."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        outbox_service: OutboxService,
        notices: TargetNotices,
        *,
        awards: tuple[Award, ...],
        settings: RegistrationSettings,
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._outbox = outbox_service
        self._notices = notices
        self._zone = zone
        self.titles = Titles.of(awards, settings.default_individual)

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._zone).date()

    async def open_round(self, actor: MemberView, year: int, deadline: date) -> Opened:
        """Open ``year``'s registration until ``deadline`` (inclusive), or move the deadline
        of a year already open; the heads of units are told.

        Raises:
            NotAllowed: Only the Office and admins open the registration.
            RegistrationYearInvalid: ``year`` is neither this year nor the next.
            RegistrationDeadlineInvalid: The deadline is past, or after the year's end.
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        today = self._today(now)
        if not today.year <= year <= today.year + 1:
            raise errors.RegistrationYearInvalid(year=year)
        if not today <= deadline <= date(year, 12, 31):
            raise errors.RegistrationDeadlineInvalid(year=year, day=day_text(deadline))
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(RegistrationRound).where(RegistrationRound.year == year)
            )
            previous = None if row is None else row.deadline
            if row is None:
                row = RegistrationRound(
                    year=year, deadline=deadline, opened_by=actor.id, opened_at=now
                )
                session.add(row)
            row.deadline = deadline
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="registration.open" if previous is None else "registration.reopen",
                entity="registration_round",
                entity_id=year,
                before=None if previous is None else {"deadline": previous.isoformat()},
                after={"deadline": deadline.isoformat()},
            )
            view = RoundView(year, deadline, row.opened_at)
            if previous != deadline:
                await self._notices.opened(session, view, now, moved=previous is not None)
        self._outbox.notify()
        return Opened(view, previous)

    async def status(self, actor: MemberView, year: int) -> RegistrationStatus:
        """Every active unit in ``year``: whether and when it registered, with its counts;
        those not registered first, then by name.

        Raises:
            NotAllowed: Only the Office and admins follow the registration.
            RegistrationNotOpen: The year was not opened.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            view = await self._round(session, year)
            order = [t.code for t in self.titles.individual]
            rows = await queries.unit_statuses(session, year, order)
        by_name = sorted_vi(rows, key=lambda row: row.unit)
        return RegistrationStatus(
            view, tuple(sorted(by_name, key=lambda row: row.registered_at is not None))
        )

    async def form(self, actor: MemberView, year: int) -> RegistrationForm:
        """The unit head's form for ``year``: their unit's active members on the titles last
        saved, or every member on the default title when the unit has not registered.

        Raises:
            NotAllowed: Only unit heads (and the Office, admins, for their own unit).
            RegistrationNotOpen: The year was not opened.
        """
        require_role(actor, UNIT_HEADS)
        now = self._clock.now()
        async with self._sessions() as session:
            view = await self._round(session, year)
            people = await session.execute(
                select(Member.id, Member.full_name).where(
                    Member.unit_id == actor.unit.id, Member.active.is_(True)
                )
            )
            saved = await queries.unit_registration(session, year, actor.unit.id)
            targets = {} if saved is None else await queries.targets_by_member(session, saved.id)
        members = [
            FormMember(
                member_id,
                name,
                self.titles.default
                if saved is None
                else self.titles.highest(targets.get(member_id, set())),
            )
            for member_id, name in people
        ]
        own = sorted(targets.get(None, set()))
        return RegistrationForm(
            view,
            view.closed_on(self._today(now)),
            actor.unit.id,
            actor.unit.name,
            0 if saved is None else saved.version,
            None if saved is None else saved.registered_at,
            own[0] if own else None,
            tuple(sorted_vi(members, key=lambda m: m.full_name)),
            self.titles,
        )

    async def register(
        self,
        actor: MemberView,
        year: int,
        collective_award: str | None,
        member_titles: Mapping[int, str],
        expected_version: int,
        *,
        dialog: Draft | None = None,
    ) -> Registered:
        """Replace the head's unit's registration of ``year``: the unit's title (``None``:
        none) and each listed member's title (with the titles it needs: CSTĐCS brings
        LĐTT); members left out are not registered. Each member is told.

        Raises:
            NotAllowed: Only unit heads (and the Office, admins, for their own unit).
            RegistrationNotOpen: The year was not opened.
            RegistrationClosed: Its deadline has passed.
            InvalidTargets: A title that is not registered so, or a member who is not an
                active member of the head's unit.
            RegistrationChanged: The unit's registration is no longer ``expected_version``.
        """
        require_role(actor, UNIT_HEADS)
        self._check_titles(collective_award, member_titles)
        now = self._clock.now()
        unit = actor.unit
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            view = await self._round(session, year)
            if view.closed_on(self._today(now)):
                raise errors.RegistrationClosed(year=year, deadline=day_text(view.deadline))
            members = list(
                await session.scalars(
                    select(Member.id).where(Member.unit_id == unit.id, Member.active.is_(True))
                )
            )
            if not set(member_titles) <= set(members):
                raise errors.InvalidTargets
            row = await writes.claim(session, year, unit.id, expected_version, actor.id, now)
            chosen = {m: self.titles.closure(code) for m, code in member_titles.items()}
            await writes.replace(session, row, collective_award, chosen)
            saved = self._saved(row, unit.name, collective_award, chosen, len(members))
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="registration.register",
                entity="unit_registration",
                entity_id=f"{year}:{unit.code}",
                before={"version": expected_version},
                after={
                    "version": row.version,
                    "collective": collective_award,
                    "counts": dict(saved.counts),
                },
            )
            others = [m for m in members if m != actor.id]
            await self._notices.saved(session, self.titles, saved, chosen, others, now)
            await drafts.close(session, dialog, "targets.done_again", at=now, year=year)
        self._outbox.notify()
        return saved

    async def targets_of(self, member: MemberView, year: int | None = None) -> MemberTargets:
        """What was registered for ``member`` and their unit in ``year`` (unset: the latest
        year opened, else this year)."""
        now = self._clock.now()
        async with self._sessions() as session:
            if year is None:
                year = await queries.latest_year(session) or self._today(now).year
            view = await queries.round_of(session, year)
            saved = await queries.unit_registration(session, year, member.unit.id)
            targets = {} if saved is None else await queries.targets_by_member(session, saved.id)
        mine = targets.get(member.id, set())
        own = sorted(targets.get(None, set()))
        return MemberTargets(
            year,
            view,
            member.unit.name,
            None if saved is None else saved.registered_at,
            tuple(t.code for t in self.titles.individual if t.code in mine),
            own[0] if own else None,
        )

    async def _round(self, session: AsyncSession, year: int) -> RoundView:
        view = await queries.round_of(session, year)
        if view is None:
            raise errors.RegistrationNotOpen(year=year)
        return view

    def _check_titles(self, collective: str | None, member_titles: Mapping[int, str]) -> None:
        units = {t.code for t in self.titles.collective}
        people = {t.code for t in self.titles.individual}
        if collective is not None and collective not in units:
            raise errors.InvalidTargets
        if not set(member_titles.values()) <= people:
            raise errors.InvalidTargets

    def _saved(
        self,
        row: UnitRegistration,
        unit: str,
        collective: str | None,
        chosen: Mapping[int, tuple[str, ...]],
        members: int,
    ) -> Registered:
        counts = tuple(
            (t.code, n)
            for t in self.titles.individual
            if (n := sum(1 for codes in chosen.values() if t.code in codes))
        )
        return Registered(
            row.year,
            unit,
            row.version,
            row.registered_at,
            collective,
            counts,
            members - len(chosen),
        )
