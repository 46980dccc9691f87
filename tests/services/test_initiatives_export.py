"""Exporting initiatives: what a row holds, every filter, who may export, bounded queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, update

from bot import errors
from bot.app import App
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.initiatives.export import AuthorShare, ExportFilter, ExportRow, InvalidPeriod
from models import Initiative
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.initiative_recognition import DECISION
from tests.services.initiatives_seed import APPLIER, BINH, START, Seeded, seed

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: The day the seed's clock stood at when SK-2026-0001's decision was recorded.
DECIDED = START.date()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def people(app: App, clock: FakeClock) -> Seeded:
    return await seed(app, clock)


async def codes(app: App, filters: ExportFilter) -> list[str]:
    return [row.code for row in await app.services.initiative_export.rows(None, filters)]


async def test_a_row_holds_everything_about_the_initiative(app: App, people: Seeded) -> None:
    rows = await app.services.initiative_export.rows(people.office, ExportFilter())
    assert [r.code for r in rows] == [
        "SK-2025-0001",
        "SK-2026-0001",
        "SK-2026-0002",
        "SK-2026-0003",
    ]
    row, proposed = rows[1], make_proposal()  # SK-2026-0001 has the default texts
    assert row == ExportRow(
        code="SK-2026-0001",
        title=proposed.title,
        kind="quan_ly",
        field="Chuyển đổi số",
        movement="Thi đua thực hiện chuyển đổi số quốc gia",
        unit="Phòng Công nghệ thông tin",
        author="Nguyễn Văn An",
        author_share=60,
        coauthors=(AuthorShare("Trần Thị Bình", 30), AuthorShare("Ông Ngoài", 10)),
        state=InitiativeState.RECOGNIZED,
        submitted_at=datetime(2026, 1, 1, 0, 30, tzinfo=ZONE),
        updated_at=datetime(2026, 1, 1, 0, 30, tzinfo=ZONE),
        applied_where="Văn phòng Sở",
        applied_since=date(2026, 1, 15),
        problem=proposed.problem,
        solution=proposed.solution,
        benefit=proposed.benefit,
        attachments=2,
        novelty=4.5,
        applicability=4.5,
        benefit_score=3.5,
        authors=(
            AuthorShare("Nguyễn Văn An", 60, proposed.author),
            AuthorShare("Trần Thị Bình", 30, BINH),
            AuthorShare("Ông Ngoài", 10),  # listed without the form's details: blanks
        ),
        confidential="Mã nguồn của bot.",
        conditions=proposed.conditions,
        appliers=(APPLIER,),
        conclusion="pass",
        conclusion_reason="Đạt đủ điều kiện",
        decision_number="15/QĐ-STTTT",
        decision_date=DECIDED,
        decision_signer=DECISION.signer,
        certificate_number="001/GCN-SK-2025",
    )
    assert row.submitted_at.utcoffset() == ZONE.utcoffset(row.submitted_at.replace(tzinfo=None))
    library, chatbot = rows[0], rows[2]
    assert (library.movement, library.unit, library.coauthors) == (
        "",
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
        (),
    )
    assert (library.author_share, library.attachments) == (100, 0)
    assert (library.novelty, library.applicability, library.benefit_score) == (None, None, None)
    # Not concluded yet: the conclusion and the decision are blank.
    assert (library.conclusion, library.decision_number, library.decision_date) == ("", "", None)
    assert (library.decision_signer, library.certificate_number) == ("", "")
    assert (chatbot.state, chatbot.kind, chatbot.author) == (
        InitiativeState.RETURNED,
        "ky_thuat",
        "Trần Thị Bình",
    )


async def test_an_initiative_recognised_before_decisions_were_recorded_shows_blanks(
    app: App, people: Seeded
) -> None:
    # As migration 0016 left the items one reviewer's click recognised: no conclusion, no decision.
    async with app.sessions.begin() as session:
        await session.execute(
            update(Initiative)
            .where(Initiative.code == "SK-2026-0001")
            .values(
                conclusion="",
                conclusion_reason="",
                decision_number="",
                decision_date=None,
                decision_signer="",
                certificate_number=None,
            )
        )
    rows = await app.services.initiative_export.rows(people.office, ExportFilter())
    row = next(r for r in rows if r.code == "SK-2026-0001")
    assert row.state is InitiativeState.RECOGNIZED
    assert (row.conclusion, row.conclusion_reason, row.decision_number) == ("", "", "")
    assert (row.decision_date, row.decision_signer, row.certificate_number) == (None, "", "")


async def test_the_year_is_the_year_of_submission_where_the_organisation_is(
    app: App, people: Seeded
) -> None:
    # SK-2026-0001 was submitted at 17:30 UTC on 31/12/2025: already 2026 in Vĩnh Phúc.
    assert await codes(app, ExportFilter(year=2025)) == ["SK-2025-0001"]
    assert await codes(app, ExportFilter(year=2026)) == [
        "SK-2026-0001",
        "SK-2026-0002",
        "SK-2026-0003",
    ]
    assert await codes(app, ExportFilter(year=2024)) == []


async def test_a_range_of_days_includes_both_ends_in_local_time(app: App, people: Seeded) -> None:
    first_quarter = ExportFilter(start=date(2026, 1, 1), end=date(2026, 3, 31))
    # SK-2026-0003 came at 17:30 UTC on 31/03, which is 00:30 on 01/04 in Vĩnh Phúc.
    assert await codes(app, first_quarter) == ["SK-2026-0001", "SK-2026-0002"]
    assert await codes(app, ExportFilter(start=date(2026, 4, 1))) == ["SK-2026-0003"]
    assert await codes(app, ExportFilter(end=date(2025, 12, 31))) == ["SK-2025-0001"]
    one_day = ExportFilter(start=date(2026, 3, 15), end=date(2026, 3, 15))
    assert await codes(app, one_day) == ["SK-2026-0002"]
    # Year and range together: the days both allow.
    assert await codes(app, replace(first_quarter, year=2025)) == []


async def test_state_and_unit_filters(app: App, people: Seeded) -> None:
    recognized = ExportFilter(state=InitiativeState.RECOGNIZED)
    assert await codes(app, recognized) == ["SK-2026-0001"]
    assert await codes(app, ExportFilter(state=InitiativeState.RETURNED)) == ["SK-2026-0002"]
    assert await codes(app, ExportFilter(state=InitiativeState.APPLIED)) == []
    assert await codes(app, ExportFilter(unit_code="VHTT-VY")) == ["SK-2025-0001"]
    assert await codes(app, ExportFilter(unit_code="VP")) == []
    mixed = ExportFilter(year=2026, state=InitiativeState.SUBMITTED, unit_code="CNTT")
    assert await codes(app, mixed) == ["SK-2026-0003"]


async def test_wrong_filters_are_refused_with_their_reason(app: App, people: Seeded) -> None:
    with pytest.raises(errors.UnknownUnit) as unknown:
        await codes(app, ExportFilter(unit_code="KHONGCO"))
    assert unknown.value.params == {"code": "KHONGCO"}
    with pytest.raises(InvalidPeriod) as reversed_:
        await codes(app, ExportFilter(start=date(2026, 3, 31), end=date(2026, 1, 1)))
    assert reversed_.value.params == {"start": "31/03/2026", "end": "01/01/2026"}


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_HEAD, Role.COUNCIL, Role.LEADER])
async def test_only_the_office_and_administrators_may_export(
    app: App, people: Seeded, role: Role
) -> None:
    someone = await make_member(app, f"x-{role.value}", role, "CNTT", name="Hoàng Văn Thử")
    with pytest.raises(errors.NotAllowed):
        await app.services.initiative_export.rows(someone, ExportFilter())
    admin = await make_member(app, "admin", Role.ADMIN, "VP", name="Trần Văn Quản")
    assert len(await app.services.initiative_export.rows(admin, ExportFilter())) == 4


@contextmanager
def counting_statements(app: App) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    engine = app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_the_number_of_queries_does_not_grow_with_the_rows(
    app: App, people: Seeded, clock: FakeClock
) -> None:
    wanted = ExportFilter(unit_code="CNTT")
    with counting_statements(app) as few:
        assert len(await codes(app, wanted)) == 3
    for day in range(8):
        clock.advance(days=1)
        await app.services.initiatives.submit(people.binh, make_proposal(title=f"Số {day}"))
    with counting_statements(app) as many:
        assert len(await codes(app, wanted)) == 11
    assert len(many) == len(few), few
    assert len(few) == 7  # the unit, the items, their authors, files, scores, appliers, renames
