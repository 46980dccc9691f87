"""The statistics of TT 02/2023/TT-BNV against the real database: the year's awards counted
by form, collective/individual, staff category and method; what the bot does not hold is
blank; the check lists unknown categories and unclassified awards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import errors
from bot.app import App
from bot.domain import StaffCategory
from models import EmulationPeriod, Movement
from tests.services.statistics_seed import seed_year, statistics_app  # noqa: F401

pytestmark = pytest.mark.usefixtures("app")


async def _year(app: App) -> int:
    return app.clock.now().astimezone(app.settings.organisation.zone).year


async def test_the_province_table_counts_by_subject_category_and_method(app: App) -> None:
    seeded = await seed_year(app)
    figures = await app.services.statistics.year(seeded.office, await _year(app))
    table = figures.table("0603")
    # Tổng số, Bằng khen, Chiến sĩ thi đua, Cờ thi đua, Huy hiệu
    assert table.row("01").values == (4, 3, 1, 0, 0)
    assert table.row("02").values == (1, 1, 0, 0, 0)  # the unit
    assert table.row("05").values == (3, 2, 1, 0, 0)  # An, Lãnh, Bình
    assert table.row("06").values == (0, 0, 0, 0, 0)  # province leaders: none here
    assert table.row("09").values == (1, 0, 1, 0, 0)  # Bình
    assert table.row("10").values == (1, 1, 0, 0, 0)  # An; Lãnh is in no category row
    assert table.row("11").values == (2, 1, 1, 0, 0)  # annual
    assert table.row("12").values == (1, 1, 0, 0, 0)  # thematic
    assert table.row("13").values == (1, 1, 0, 0, 0)  # ad hoc
    # Enterprises, households and the methods the bot does not record stay blank.
    for code in ("03", "04", "14", "15", "16", "17"):
        assert set(table.row(code).values) == {None}


async def test_the_state_table_splits_collective_and_individual(app: App) -> None:
    seeded = await seed_year(app)
    table = (await app.services.statistics.year(seeded.office, await _year(app))).table("0602")
    total = table.row("01").values
    assert total[0] == 1
    assert total[8:10] == (0, 1)  # Bằng khen TTg: collective 0, individual 1
    assert table.row("09").values[0] == 1
    assert table.row("10").values[9] == 1  # a province leader
    assert table.row("06").values[9] is None  # collectives × the individual column
    assert set(table.row("02").values) == {None}  # who submitted to the PM: not held


async def test_the_check_lists_unknown_categories_and_unclassified_awards(app: App) -> None:
    seeded = await seed_year(app)
    check = (await app.services.statistics.year(seeded.office, await _year(app))).check
    assert [(p.name, p.award) for p in check.awarded_unknown] == [
        ("Hoàng Văn Lãnh", "Bằng khen của Chủ tịch UBND tỉnh")
    ]
    assert "Hoàng Văn Lãnh" in {p.name for p in check.active_unknown}
    assert "Nguyễn Văn An" not in {p.name for p in check.active_unknown}
    assert [(a.code, a.awarded) for a in check.unclassified] == [("GK-GD", 1)]


async def test_movements_are_blank_without_a_period_and_counted_with_one(app: App) -> None:
    seeded = await seed_year(app)
    # The plan of the 2021–2025 period names movements ("chuyen-doi-so" …).
    held = (await app.services.statistics.year(seeded.office, 2023)).movements
    assert held is not None and held >= 1
    blank = (await app.services.statistics.year(seeded.office, 2039)).table("0601")
    assert set(blank.row("01").values) == {None}
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with app.sessions.begin() as session:
        period = EmulationPeriod(
            code="2040-2044", name="Giai đoạn", first_year=2040, last_year=2044, opened_at=now
        )
        session.add(period)
        await session.flush()
        for code in ("a", "b"):
            session.add(
                Movement(period_id=period.id, code=code, name=code, description="", updated_at=now)
            )
    table = (await app.services.statistics.year(seeded.office, 2041)).table("0601")
    assert table.row("01").values == (2, None, None, 2)
    assert table.row("05").values == (2, None, None, 2)
    assert set(table.row("06").values) == {None}


async def test_only_the_office_reads_or_sets_categories(app: App) -> None:
    seeded = await seed_year(app)
    with pytest.raises(errors.NotAllowed):
        await app.services.statistics.year(seeded.an, await _year(app))
    with pytest.raises(errors.NotAllowed):
        await app.services.member_changes.set_category(
            seeded.an, seeded.lanh.id, StaffCategory.FRONTLINE
        )
    # The Office may make a category unknown again.
    await app.services.member_changes.set_category(seeded.office, seeded.an.id, None)
    check = (await app.services.statistics.year(seeded.office, await _year(app))).check
    assert "Nguyễn Văn An" in {p.name for p in check.active_unknown}


async def test_a_cancelled_award_and_another_year_count_nothing(app: App) -> None:
    seeded = await seed_year(app)
    year = await _year(app)
    # An's Bằng khen (frontline, annual) is cancelled: it leaves every row it counted in.
    await app.services.decisions.cancel(seeded.office, seeded.items[0], "Sai", recovered=False)
    table = (await app.services.statistics.year(seeded.office, year)).table("0603")
    assert table.row("01").values == (3, 2, 1, 0, 0)
    assert table.row("10").values == (0, 0, 0, 0, 0)
    assert table.row("11").values == (1, 0, 1, 0, 0)
    before = (await app.services.statistics.year(seeded.office, year - 1)).table("0603")
    assert before.row("01").values == (0, 0, 0, 0, 0)
