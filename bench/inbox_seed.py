"""The organisation of ``bench/inbox.py``: 2,000 members over the configured units and the work
that waits for them, written with bulk inserts (a few seconds).

The Office, administrators and leaders are in the Office's unit, the council and two heads in
each other unit, staff over every unit, each with one Telegram account. Initiatives and
nominations wait at every step of their workflows (several hundred), with years of finished
ones; a reporting period due in two days has been sent by 7 of 29 units; a quarter of the
members have confirmed the plan. :func:`burst` adds a few minutes' arrivals.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.config import Settings
from bot.domain import InitiativeState, NominationState, NomineeKind, ReportState
from bot.roles import Role
from bot.services.initiatives import fold
from models import (
    Acknowledgement,
    ChannelAccount,
    Initiative,
    InitiativeAuthor,
    Member,
    Nomination,
    Plan,
    Report,
    ReportingPeriod,
    StateChange,
    Unit,
)

MEMBERS, OFFICE, ADMINS, LEADERS, COUNCIL, HEADS_PER_UNIT = 2000, 20, 2, 3, 15, 2
_I, _N, _R = InitiativeState, NominationState, ReportState
INITIATIVES = {_I.SUBMITTED: 250, _I.RESUBMITTED: 30, _I.RECEIVED: 40, _I.UNDER_REVIEW: 40}
INITIATIVES |= {_I.RETURNED: 25, _I.RECOGNIZED: 1500, _I.NOT_RECOGNIZED: 700, _I.APPLIED: 800}
NOMINATIONS = {_N.SUBMITTED: 120, _N.RESUBMITTED: 20, _N.RECEIVED: 25, _N.UNDER_REVIEW: 25}
NOMINATIONS |= {_N.RECOMMENDED: 10, _N.RETURNED: 15, _N.AWARDED: 1200, _N.REJECTED: 300}
WAITING = {"submitted", "resubmitted", "received", "under_review", "returned", "recommended"}
REPORTS = [_R.SUBMITTED] * 5 + [_R.ACCEPTED] * 2 + [_R.RETURNED]  # of 29 units
CONFIRMED_SHARE, CHAT = 0.25, 500_000
ACTED_BY_AUTHOR = {_I.SUBMITTED, _I.RESUBMITTED, _N.SUBMITTED, _N.RESUBMITTED}
Person = tuple[int, int, Role]  # member id, unit id, role
Rows = list[dict[str, Any]]
IDEA: dict[str, Any] = {
    "title": "Số hóa quy trình tiếp nhận hồ sơ",
    "kind": "ung_dung",
    "field": "Chuyển đổi số",
}
IDEA |= {"problem": "Hồ sơ giấy.", "solution": "Biểu mẫu trực tuyến.", "benefit": "Nhanh hơn."}
IDEA |= {"applied_where": "Văn phòng Sở", "applied_since": date(2024, 1, 1)}
CLAIM = {"track": "annual", "summary": "Hoàn thành xuất sắc nhiệm vụ."}


class Seeder:
    """Rows for the bench's organisation, from one seeded random generator."""

    def __init__(self, session: AsyncSession, settings: Settings, now: datetime) -> None:
        self.session, self.settings, self.now = session, settings, now
        self.pick = random.Random(15)
        self.people: list[Person] = []
        self.numbers = iter(range(1, 100_000))
        self.arrived: datetime | None = None  # when set, every new item arrives then
        self._by_role: dict[Role, list[Person]] = {}
        self._by_unit: dict[int, list[Person]] = {}

    def when(self, state: str) -> datetime:
        """When an item reached ``state``: within 45 days while it waits, else since 2021."""
        if self.arrived is not None:
            return self.arrived
        days = 45 if state in WAITING else 1900
        return self.now - timedelta(hours=1 + self.pick.random() * 24 * days)

    def office(self) -> Person:
        """A member of the Office, who takes the Office's steps."""
        return self.pick.choice(self.of_role(Role.OFFICE))

    def of_role(self, role: Role) -> list[Person]:
        """The members of ``role`` (listed once: large organisations ask often)."""
        if role not in self._by_role:
            self._by_role[role] = [p for p in self.people if p[2] is role]
        return self._by_role[role]

    def of_unit(self, unit: int) -> list[Person]:
        """The members of ``unit`` (listed once)."""
        if not self._by_unit:
            for person in self.people:
                self._by_unit.setdefault(person[1], []).append(person)
        return self._by_unit[unit]

    async def members(self, units: list[int], office_unit: int, total: int = MEMBERS) -> None:
        """The Office, administrators and leaders in the Office's unit; the council and two
        heads in each other unit; staff over every unit (``total`` members in all); one
        Telegram account each."""
        others = [u for u in units if u != office_unit]
        roles = [(office_unit, Role.OFFICE)] * OFFICE + [(office_unit, Role.ADMIN)] * ADMINS
        roles += [(office_unit, Role.LEADER)] * LEADERS
        roles += [(others[n % len(others)], Role.COUNCIL) for n in range(COUNCIL)]
        roles += [(u, Role.UNIT_HEAD) for u in others for _ in range(HEADS_PER_UNIT)]
        roles += [(units[n % len(units)], Role.STAFF) for n in range(total - len(roles))]
        rows = [
            {"unit_id": u, "full_name": f"Cán bộ {n:04d}", "position": "Chuyên viên"}
            | {"role": r.value, "active": True, "created_at": self.now - timedelta(days=2000)}
            for n, (u, r) in enumerate(roles)
        ]
        ids = await self.insert(Member, Member.id, rows)
        self.people = [(m, u, r) for m, (u, r) in zip(ids, roles, strict=True)]
        self._by_role, self._by_unit = {}, {}
        accounts = [
            {"channel": "telegram", "external_id": str(CHAT + m), "chat_id": str(CHAT + m)}
            | {"member_id": m, "blocked": False, "created_at": self.now}
            for m in ids
        ]
        await self.session.execute(insert(ChannelAccount), accounts)

    async def insert(self, table: Any, key: Any, rows: Rows) -> list[int]:
        """Insert ``rows`` into ``table`` in one statement; their ``key`` s, in order."""
        statement = insert(table).returning(key, sort_by_parameter_order=True)
        return list((await self.session.scalars(statement, rows)).all())

    async def initiatives(self, counts: dict[InitiativeState, int]) -> None:
        """``counts[state]`` initiatives in each state, each by one member of any unit."""
        states = [state for state, count in counts.items() for _ in range(count)]
        authors = [self.pick.choice(self.people) for _ in states]
        ats = [self.when(state) for state in states]
        codes = [f"SK-{at.year}-{next(self.numbers):04d}" for at in ats]
        rows = [
            IDEA
            | {"code": code, "year": at.year, "state": s}
            | {"author_id": a[0], "unit_id": a[1], "submitted_at": at, "updated_at": at}
            # What the service writes: the web desk's search reads it.
            | {"search_text": fold(f"{code} {IDEA['title']}")}
            for code, a, s, at in zip(codes, authors, states, ats, strict=True)
        ]
        ids = await self.insert(Initiative, Initiative.id, rows)
        shares = [
            {"initiative_id": i, "member_id": a[0], "name": "", "share": 100, "position": 0}
            for i, a in zip(ids, authors, strict=True)
        ]
        await self.session.execute(insert(InitiativeAuthor), shares)
        await self.changes("initiative", ids, states, ats, authors)

    async def nominations(self, counts: dict[NominationState, int]) -> None:
        """``counts[state]`` nominations in each state, each by a unit head for a member of
        the unit or the unit itself."""
        states = [state for state, count in counts.items() for _ in range(count)]
        heads = self.of_role(Role.UNIT_HEAD)
        nominators = [self.pick.choice(heads) for _ in states]
        ats = [self.when(state) for state in states]
        rows = []
        for nominator, state, at in zip(nominators, states, ats, strict=True):
            nominee = self.pick.choice(self.of_unit(nominator[1]))
            alone = self.pick.random() < 0.8
            kind = NomineeKind.MEMBER if alone else NomineeKind.COLLECTIVE
            award = self.settings.awards[2 if alone else 4]
            rows.append(
                CLAIM
                | {"code": f"DC-{at.year}-{next(self.numbers):04d}", "year": at.year}
                | {"unit_id": nominator[1], "nominator_id": nominator[0], "state": state}
                | {"nominee_kind": kind.value, "nominee_member_id": nominee[0] if alone else None}
                | {"nominee_name": f"Cán bộ {nominee[0]}", "nominee_key": f"m{nominee[0]}"}
                | {"award_code": award.code, "award_name": award.name}
                | {"submitted_at": at, "updated_at": at}
            )
        ids = await self.insert(Nomination, Nomination.id, rows)
        await self.changes("nomination", ids, states, ats, nominators)

    async def changes(
        self, entity: str, ids: list[int], states: list[Any], ats: list[datetime], by: list[Person]
    ) -> None:
        """Each item's last transition: by its author when it was sent, else by the Office."""
        rows = []
        for item, state, at, author in zip(ids, states, ats, by, strict=True):
            actor = author if state in ACTED_BY_AUTHOR else self.office()
            rows.append(
                {"entity": entity, "entity_id": item, "from_state": "draft", "to_state": state}
                | {"actor_member_id": actor[0], "actor": f"Cán bộ {actor[0]}", "at": at}
            )
        await self.session.execute(insert(StateChange), rows)

    async def period(self, units: list[int], opened: datetime, deadline: date) -> None:
        """A period opened at ``opened``; the first units' reports in :data:`REPORTS`."""
        name = f"Báo cáo thi đua đợt {next(self.numbers)}"
        row = {"name": name, "deadline": deadline, "open": True, "opened_at": opened}
        [period] = await self.insert(ReportingPeriod, ReportingPeriod.id, [row])
        reports = [
            {"period_id": period, "unit_id": unit, "summary": "Tốt.", "results": "Đạt."}
            | {"state": state, "submitted_at": opened, "updated_at": opened}
            for unit, state in zip(units, REPORTS, strict=False)
        ]
        if reports:
            await self.session.execute(insert(Report), reports)

    async def confirmations(self) -> None:
        """About :data:`CONFIRMED_SHARE` of the members have confirmed the newest plan."""
        plan = await self.session.scalar(select(Plan.id).order_by(Plan.version.desc()).limit(1))
        rows = [
            {"plan_id": plan, "member_id": m, "confirmed_at": self.now}
            for m, _, _ in self.people
            if self.pick.random() < CONFIRMED_SHARE
        ]
        await self.session.execute(insert(Acknowledgement), rows)


async def seed(app: App) -> Seeder:
    """The organisation and its waiting work."""
    async with app.sessions.begin() as session:
        units = list((await session.scalars(select(Unit.id).order_by(Unit.id))).all())
        code = app.settings.organisation.office_unit
        office = await session.scalar(select(Unit.id).where(Unit.code == code))
        assert office is not None
        seeder = Seeder(session, app.settings, app.clock.now())
        await seeder.members(units, office)
        await seeder.initiatives(INITIATIVES)
        await seeder.nominations(NOMINATIONS)
        others = [unit for unit in units if unit != office]
        today = seeder.now.astimezone(app.settings.organisation.zone).date()
        await seeder.period(others, seeder.now - timedelta(days=7), today + timedelta(days=2))
        await seeder.confirmations()
    return seeder


async def burst(app: App, seeder: Seeder) -> None:
    """New initiatives and nominations, ten initiatives sent to the council, a period opened."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        seeder.session, seeder.arrived = session, now
        await seeder.initiatives({_I.SUBMITTED: 40})
        await seeder.nominations({_N.SUBMITTED: 20})
        received = select(Initiative.id).where(Initiative.state == _I.RECEIVED).limit(10)
        moved = list((await session.scalars(received)).all())
        await session.execute(
            update(Initiative)
            .where(Initiative.id.in_(moved))
            .values(state=_I.UNDER_REVIEW, updated_at=now)
        )
        sent_by = [seeder.office()] * len(moved)
        states, ats = [_I.UNDER_REVIEW] * len(moved), [now] * len(moved)
        await seeder.changes("initiative", moved, states, ats, sent_by)
        await seeder.period([], now, now.date() + timedelta(days=30))
