"""Leaderboards against the real database: ranking with ties, per-member normalisation,
periods in organisation time, filters and the viewer's own rank.

Default points: nomination_awarded 20, initiative_submitted 2, report_on_time 10.
The clock starts on 02/03/2026 09:00 in Vĩnh Phúc.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot import errors
from bot.app import App
from bot.services.leaderboards.records import PeriodKind
from tests.services.leaderboards_seed import CENTER, event, local, unit_with

# Unit code → (active members, events of 20 points at unit level, events of 10 points).
UNITS = {"TTA": (1, 1, 0), "TTB": (4, 2, 0), "TTC": (2, 1, 0), "TTD": (0, 0, 1)}


@pytest.mark.parametrize(
    ("per_member", "expected"),
    [
        # Per member: A 20, B 10, C 10, D has nobody so goes last — the small A wins.
        (True, [("TTA", 1, 20.0), ("TTB", 2, 10.0), ("TTC", 2, 10.0), ("TTD", 4, 0.0)]),
        # In total: B 40 wins; A and C tie on 20.
        (False, [("TTB", 1, 10.0), ("TTA", 2, 20.0), ("TTC", 2, 10.0), ("TTD", 4, 0.0)]),
    ],
)
async def test_units_rank_with_ties_per_member_or_in_total(
    app: App, per_member: bool, expected: list[tuple[str, int, float]]
) -> None:
    for code, (members, twenties, tens) in UNITS.items():
        unit, _ = await unit_with(app, code, members)
        for _ in range(twenties):
            await event(app, unit.id)
        for _ in range(tens):
            await event(app, unit.id, "report_on_time")
    boards = app.services.leaderboards
    board = await boards.units(
        boards.period(PeriodKind.MONTH), per_member=per_member, unit_kind=CENTER
    )
    assert [(r.code, r.rank, r.per_member) for r in board.rows] == expected
    assert {r.code: r.points for r in board.rows} == {
        "TTA": 20.0,
        "TTB": 40.0,
        "TTC": 20.0,
        "TTD": 10.0,
    }


@pytest.mark.parametrize(
    ("viewer", "mine"),
    [
        ("TTA 1", None),  # in the top two
        ("TTA 3", ("TTA 3", 3, 10.0)),  # ranked, below the top two
        ("TTA 5", ("TTA 5", 5, 0.0)),  # no events: after the four ranked
    ],
)
async def test_members_rank_with_ties_and_the_viewer_sees_their_own_rank(
    app: App, viewer: str, mine: tuple[str, int, float] | None
) -> None:
    unit, people = await unit_with(app, "TTA", 5)
    for person, twenties in zip(people, (1, 1, 0, 0, 0), strict=True):
        for _ in range(twenties):
            await event(app, unit.id, member_id=person.id)
    await event(app, unit.id, "report_on_time", member_id=people[2].id)
    await event(app, unit.id, "initiative_submitted", member_id=people[3].id)
    await event(app, unit.id)  # the unit's own: no one's individual score
    by_name = {p.full_name: p.id for p in people}
    boards = app.services.leaderboards
    board = await boards.members(
        boards.period(PeriodKind.YEAR), top=2, viewer_id=by_name[viewer], unit_kind=CENTER
    )
    assert [(r.full_name, r.rank, r.points) for r in board.rows] == [
        ("TTA 1", 1, 20.0),
        ("TTA 2", 1, 20.0),
    ]
    assert board.ranked == 4
    got = (
        None if board.mine is None else (board.mine.full_name, board.mine.rank, board.mine.points)
    )
    assert got == mine


@pytest.mark.parametrize(
    ("kind", "start", "end", "label", "inside", "outside"),
    [
        (
            PeriodKind.MONTH,
            None,
            None,
            "Tháng 3/2026",
            ("2026-03-01 00:30", "2026-03-31 23:30"),
            ("2026-02-28 23:30", "2026-04-01 00:30"),
        ),
        (
            PeriodKind.QUARTER,
            None,
            None,
            "Quý I/2026",
            ("2026-01-01 00:30", "2026-03-31 23:30"),
            ("2025-12-31 23:30", "2026-04-01 00:30"),
        ),
        (
            PeriodKind.YEAR,
            None,
            None,
            "Năm 2026",
            ("2026-01-01 00:30", "2026-12-31 23:30"),
            ("2025-12-31 23:30", "2027-01-01 00:30"),
        ),
        (
            PeriodKind.PLAN,
            None,
            None,
            "Kế hoạch 2021–2025",
            ("2021-01-01 00:30", "2025-12-31 23:30"),
            ("2020-12-31 23:30", "2026-01-01 00:30"),
        ),
        (
            PeriodKind.CUSTOM,
            date(2026, 3, 1),
            date(2026, 3, 15),
            "01/03/2026–15/03/2026",
            ("2026-03-01 00:30", "2026-03-15 23:30"),
            ("2026-02-28 23:30", "2026-03-16 00:30"),
        ),
    ],
)
async def test_periods_count_whole_local_days(
    app: App,
    kind: PeriodKind,
    start: date | None,
    end: date | None,
    label: str,
    inside: tuple[str, str],
    outside: tuple[str, str],
) -> None:
    unit, (person,) = await unit_with(app, "TTA", 1)
    for at in inside + outside:
        await event(app, unit.id, member_id=person.id, at=local(at))
    boards = app.services.leaderboards
    period = boards.period(kind, start=start, end=end)
    assert period.label == label
    units = await boards.units(period, unit_kind=CENTER)
    members = await boards.members(period, unit_kind=CENTER)
    assert [r.points for r in units.rows] == [40.0]
    assert [r.points for r in members.rows] == [40.0]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 15), date(2026, 3, 1)),  # reversed
        (date(2016, 3, 1), date(2026, 3, 1)),  # ten years and a day
        (date(2026, 3, 1), None),  # no end
    ],
)
async def test_bad_custom_ranges_are_refused(app: App, start: date, end: date | None) -> None:
    with pytest.raises(errors.BadBoardPeriod):
        app.services.leaderboards.period(PeriodKind.CUSTOM, start=start, end=end)


async def test_ten_years_to_the_day_is_accepted(app: App) -> None:
    period = app.services.leaderboards.period(
        PeriodKind.CUSTOM, start=date(2016, 3, 2), end=date(2026, 3, 1)
    )
    assert period.label == "02/03/2016–01/03/2026"


async def test_the_unit_kind_filter_keeps_other_kinds_out(app: App) -> None:
    unit, (person,) = await unit_with(app, "TTA", 1)
    await event(app, unit.id, member_id=person.id)
    boards = app.services.leaderboards
    period = boards.period(PeriodKind.MONTH)
    everyone = await boards.units(period)
    centres = await boards.units(period, unit_kind=CENTER)
    departments = await boards.units(period, unit_kind="department")
    assert [r.code for r in centres.rows] == ["TTA"]
    assert len(everyone.rows) > 1 and "TTA" in {r.code for r in everyone.rows}
    assert "TTA" not in {r.code for r in departments.rows}
    assert all(r.kind == "department" for r in departments.rows)
    assert (await boards.members(period, unit_kind="department")).rows == ()


@pytest.mark.parametrize(
    ("events", "unit_points", "on_member_board"),
    [
        ([("initiative_submitted", 100), ("initiative_submitted", -100)], 0.0, False),
        ([("initiative_submitted", 60), ("initiative_submitted", -60)], 0.0, False),
        ([("nomination_awarded", 100), ("nomination_awarded", -100)], 0.0, False),
        ([("initiative_submitted", 60), ("nomination_awarded", 100)], 21.2, True),
        ([("no_such_kind", 100)], 0.0, False),  # unknown kinds score nothing
    ],
)
async def test_compensating_events_cancel_and_unknown_kinds_score_nothing(
    app: App, events: list[tuple[str, int]], unit_points: float, on_member_board: bool
) -> None:
    unit, (person,) = await unit_with(app, "TTA", 1)
    for kind, share in events:
        await event(app, unit.id, kind, member_id=person.id, share=share)
    boards = app.services.leaderboards
    period = boards.period(PeriodKind.MONTH)
    assert [r.points for r in (await boards.units(period, unit_kind=CENTER)).rows] == [unit_points]
    members = await boards.members(period, unit_kind=CENTER)
    assert bool(members.rows) is on_member_board
