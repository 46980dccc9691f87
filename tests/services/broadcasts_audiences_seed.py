"""The small organisation the audience tests (``test_broadcasts_audiences``) resolve against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from bot.app import App
from bot.domain import InitiativeState, ReportState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from models import (
    Acknowledgement,
    CouncilSeat,
    Initiative,
    InitiativeAuthor,
    Plan,
    Report,
    ReportingPeriod,
    Review,
)
from tests.initiative_recognition import INITIATIVE_COUNCIL
from tests.services.broadcasts_seed import add_member, add_unit


@dataclass
class Org:
    """Everyone by name, and the unit ids by code."""

    people: dict[str, MemberView]
    units: dict[str, int]


async def _add(app: App, unit: str, name: str, role: Role, n: int, **kw: object) -> MemberView:
    chat = None if kw.get("no_account") else str(n)
    accounts = ((Channel.TELEGRAM, str(n), True),) if kw.get("blocked") else None
    active = not kw.get("inactive")
    return await add_member(app, unit, name, role, chat=chat, accounts=accounts, active=active)


async def seed(app: App, *, office_queue: bool = True) -> Org:
    """Seed the organisation; without ``office_queue`` nothing waits for the Office."""
    await add_unit(app, "TT", "Trung tâm Tin học")
    await add_unit(app, "CU", "Chi cục cũ", active=False)
    specs: list[tuple[str, str, Role, dict[str, object]]] = [
        ("VP", "Văn Phòng", Role.OFFICE, {}),
        ("VP", "Quản Trị", Role.ADMIN, {}),
        ("VP", "Hội Hà", Role.COUNCIL, {}),
        ("VP", "Hội Hùng", Role.COUNCIL, {}),
        ("CNTT", "Trưởng CNTT", Role.UNIT_HEAD, {}),
        ("CNTT", "An", Role.STAFF, {}),
        ("CNTT", "Bình", Role.STAFF, {}),
        ("CNTT", "Cường", Role.UNIT_HEAD, {"inactive": True}),
        ("VHTT-VY", "Trưởng VY", Role.UNIT_HEAD, {}),
        ("VHTT-VY", "Chi", Role.STAFF, {}),
        ("VHTT-VY", "Dũng", Role.STAFF, {}),
        ("TT", "Trưởng TT", Role.UNIT_HEAD, {"blocked": True}),
        ("TT", "Em", Role.STAFF, {"no_account": True}),
        ("CU", "Trưởng CU", Role.UNIT_HEAD, {}),
        ("CU", "Nhân CU", Role.STAFF, {}),
    ]
    people = {
        name: await _add(app, unit, name, role, 500 + n, **kw)
        for n, (unit, name, role, kw) in enumerate(specs)
    }
    units = {p.unit.code: p.unit.id for p in people.values()}
    now = app.clock.now()
    ids = {name: p.id for name, p in people.items()}
    async with app.sessions.begin() as s:
        # The plan loaded at start-up is the old one; a newer version is the latest.
        old = (await s.scalars(select(Plan).order_by(Plan.version.desc()))).first()
        assert old is not None
        new = Plan(
            version=old.version + 1,
            period_id=old.period_id,
            title="KH 2026",
            source="y",
            digest="b",
            published_at=now,
        )
        s.add(new)
        await s.flush()
        s.add(Acknowledgement(plan_id=new.id, member_id=ids["An"], confirmed_at=now))
        s.add(Acknowledgement(plan_id=old.id, member_id=ids["Bình"], confirmed_at=now))
        ini = {
            "an": _initiative(ids["An"], units["CNTT"], 2026, InitiativeState.SUBMITTED, now),
            "chi": _initiative(ids["Chi"], units["VHTT-VY"], 2025, InitiativeState.APPLIED, now),
            "dung": _initiative(
                ids["Dũng"], units["VHTT-VY"], 2026, InitiativeState.WITHDRAWN, now
            ),
            "draft": _initiative(ids["Dũng"], units["VHTT-VY"], 2026, InitiativeState.DRAFT, now),
            "vy": _initiative(
                ids["Trưởng VY"], units["VHTT-VY"], 2026, InitiativeState.UNDER_REVIEW, now
            ),
        }
        if not office_queue:
            ini["an"].state = InitiativeState.RECEIVED.value
        s.add_all(ini.values())
        await s.flush()
        s.add(
            InitiativeAuthor(
                initiative_id=ini["an"].id, member_id=ids["Bình"], name="Bình", share=40
            )
        )
        s.add(
            InitiativeAuthor(initiative_id=ini["chi"].id, member_id=ids["Em"], name="Em", share=50)
        )
        s.add(
            InitiativeAuthor(
                initiative_id=ini["dung"].id, member_id=ids["Trưởng CNTT"], name="T", share=30
            )
        )
        # The initiative council's seats: Hà (council) and Bình (staff); Hùng has the council's
        # role but no seat, so he does not evaluate initiatives.
        s.add_all(
            CouncilSeat(
                council_code=INITIATIVE_COUNCIL,
                member_id=ids[name],
                position="member",
                added_at=now,
            )
            for name in ("Hội Hà", "Bình")
        )
        s.add(
            Review(
                initiative_id=ini["vy"].id,
                member_id=ids["Hội Hà"],
                novelty=8,
                applicability=8,
                benefit=8,
                scored_at=now,
            )
        )
        # Deadlines 14, 7 and 1 days away are open; the one 3 days away is closed.
        periods = {
            d: ReportingPeriod(
                name=f"Kỳ {d} ngày", deadline=date(2026, 3, 2 + d), open=d != 3, opened_at=now
            )
            for d in (14, 7, 1, 3)
        }
        s.add_all(periods.values())
        await s.flush()
        reports = {
            14: {"CNTT": ReportState.SUBMITTED, "VHTT-VY": ReportState.RETURNED},
            7: {
                "CNTT": ReportState.SUBMITTED,
                "VHTT-VY": ReportState.SUBMITTED,
                "TT": ReportState.ACCEPTED,
            },
            1: {"VHTT-VY": ReportState.ACCEPTED, "TT": ReportState.SUBMITTED},
        }
        for days, by_unit in reports.items():
            for code, state in by_unit.items():
                s.add(
                    Report(
                        period_id=periods[days].id,
                        unit_id=units[code],
                        summary="s",
                        results="r",
                        state=state.value,
                        submitted_at=now,
                        updated_at=now,
                    )
                )
    return Org(people, units)


def _initiative(
    author: int, unit: int, year: int, state: InitiativeState, now: datetime
) -> Initiative:
    return Initiative(
        code=f"SK-{year}-{author}-{state.value[:4]}",
        year=year,
        author_id=author,
        unit_id=unit,
        title="Số hóa hồ sơ",
        kind="initiative",
        field="cntt",
        problem="p",
        solution="s",
        applied_where="Sở",
        applied_since=date(year, 1, 1),
        benefit="b",
        state=state.value,
        submitted_at=now,
        updated_at=now,
    )
