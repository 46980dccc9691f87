"""The Office's personnel file: parsing, matching members, idempotence and the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from bot.app import App
from bot.roles import Role
from bot.services.common import CLI
from bot.services.people import (
    PersonnelImportError,
    PersonnelRow,
    SkippedRow,
    parse_personnel_csv,
)
from models import AuditEntry, Discipline, Member
from tests.factories import make_member

HEADER = "unit,full_name,service_start,discipline_year,discipline_level,discipline_note\n"


def test_a_file_from_excel_is_read_with_its_bom_separator_and_vietnamese_levels() -> None:
    text = (
        "\ufeffUnit;Full_name;service_start;discipline_level;discipline_year\n"
        "CNTT; Nguyễn  Văn An ;1/3/2020;;\n"
        "\n"
        "VP;Lê Thị Hoa;;Cảnh cáo;2025\n"
        "VP;Lê Thị Hoa;;buoc thoi viec;2024\n"
    )
    assert parse_personnel_csv(text) == [
        PersonnelRow(2, "CNTT", "Nguyễn Văn An", date(2020, 3, 1)),
        PersonnelRow(4, "VP", "Lê Thị Hoa", None, 2025, "canh_cao"),
        PersonnelRow(5, "VP", "Lê Thị Hoa", None, 2024, "buoc_thoi_viec"),
    ]


@pytest.mark.parametrize(
    ("rows", "line", "column", "key"),
    [
        ("CNTT,An,01/03/2020,,,\n,Bình,,,,\n", 3, "unit", "empty"),
        ("CNTT,,01/03/2020,,,\n", 2, "full_name", "empty"),
        ("CNTT,An,2020-03-01,,,\n", 2, "service_start", "bad_date"),
        ("CNTT,An,31/02/2020,,,\n", 2, "service_start", "bad_date"),
        ("CNTT,An,1/3/20,,,\n", 2, "service_start", "bad_date"),
        ("CNTT,An,,2025,nhắc nhở,\n", 2, "discipline_level", "bad_level"),
        ("CNTT,An,,25,khiển trách,\n", 2, "discipline_year", "bad_year"),
        ("CNTT,An,,,khiển trách,\n", 2, "discipline_year", "level_needs_year"),
        ("CNTT,An,,2025,,\n", 2, "discipline_level", "year_needs_level"),
        ("CNTT,An,,,,QĐ 12\n", 2, "discipline_level", "note_needs_level"),
        ("CNTT,An,,2025,canh_cao," + "x" * 301 + "\n", 2, "discipline_note", "too_long"),
        ("CNTT,An,1/3/2020,,,\nCNTT,an,2/3/2020,,,\n", 3, "service_start", "conflicting_start"),
    ],
)
def test_a_bad_cell_is_named_by_line_and_column(
    rows: str, line: int, column: str, key: str
) -> None:
    with pytest.raises(PersonnelImportError) as raised:
        parse_personnel_csv(HEADER + rows)
    assert (raised.value.line, raised.value.column) == (line, column)
    assert raised.value.key == f"cli.personnel.error.{key}"
    assert f"line {line}: {column}" in str(raised.value)


def test_a_missing_column_is_named_on_the_header_line() -> None:
    with pytest.raises(PersonnelImportError) as raised:
        parse_personnel_csv("unit,name\nCNTT,An\n")
    assert (raised.value.line, raised.value.params) == (1, {"columns": "full_name, service_start"})


async def _count(app: App, model: type[AuditEntry] | type[Discipline]) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_rows_find_members_by_unit_and_name_without_diacritics(app: App) -> None:
    an = await make_member(app, "an", unit="CNTT", name="Nguyễn Văn An")
    hoa = await make_member(app, "hoa", unit="VP", name="Lê Thị Hoa")
    rows = parse_personnel_csv(
        HEADER + "cntt,NGUYEN VAN AN,15/07/2025,,,\n"
        "VP,Lê Thị Hoa,01/02/2010,2025,khiển trách,QĐ số 12/QĐ-STTTT\n"
    )
    audit_before = await _count(app, AuditEntry)
    result = await app.services.personnel.sync(rows, actor=CLI)
    assert (result.matched, result.updated, result.disciplines_added) == (2, 2, 1)
    assert result.unmatched == result.ambiguous == ()
    async with app.sessions() as session:
        start = await session.scalar(select(Member.service_start).where(Member.id == an.id))
        assert start == date(2025, 7, 15)
        measure = (await session.scalars(select(Discipline))).one()
        assert (measure.member_id, measure.year, measure.level) == (hoa.id, 2025, "khien_trach")
        assert (measure.note, measure.recorded_by) == ("QĐ số 12/QĐ-STTTT", None)
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "member.personnel")
            )
        )
    assert await _count(app, AuditEntry) == audit_before + 2
    by_member = {e.entity_id: e for e in entries}
    assert by_member[str(an.id)].before == {"service_start": None}
    assert by_member[str(hoa.id)].after == {
        "service_start": "2010-02-01",
        "disciplines_added": [{"year": 2025, "level": "khien_trach", "note": "QĐ số 12/QĐ-STTTT"}],
    }
    assert by_member[str(hoa.id)].actor == "cli"


async def test_importing_the_same_file_twice_changes_nothing(app: App) -> None:
    await make_member(app, "an", unit="CNTT", name="Nguyễn Văn An")
    rows = parse_personnel_csv(
        HEADER + "CNTT,Nguyễn Văn An,15/07/2025,2025,cảnh cáo,\n"
        "CNTT,Nguyễn Văn An,,2025,canh_cao,\n"
        "CNTT,Nguyễn Văn An,,2024,khiển trách,\n"
    )
    first = await app.services.personnel.sync(rows, actor=CLI)
    assert (first.matched, first.updated, first.disciplines_added) == (3, 1, 2)
    audit_after_first = await _count(app, AuditEntry)
    again = await app.services.personnel.sync(rows, actor=CLI)
    assert (again.matched, again.updated, again.disciplines_added) == (3, 0, 0)
    assert await _count(app, Discipline) == 2
    assert await _count(app, AuditEntry) == audit_after_first


async def test_an_empty_service_start_keeps_the_recorded_one(app: App) -> None:
    an = await make_member(app, "an", unit="CNTT", name="Nguyễn Văn An")
    await app.services.personnel.sync(
        parse_personnel_csv(HEADER + "CNTT,Nguyễn Văn An,15/07/2025,,,\n"), actor=CLI
    )
    result = await app.services.personnel.sync(
        parse_personnel_csv(HEADER + "CNTT,Nguyễn Văn An,,,,\n"), actor=CLI
    )
    assert (result.matched, result.updated) == (1, 0)
    async with app.sessions() as session:
        start = await session.scalar(select(Member.service_start).where(Member.id == an.id))
    assert start == date(2025, 7, 15)


async def test_rows_without_an_active_member_are_returned_and_change_nothing(app: App) -> None:
    await make_member(app, "an", unit="CNTT", name="Nguyễn Văn An")
    gone = await make_member(app, "cu", unit="CNTT", name="Phạm Văn Cũ")
    async with app.sessions.begin() as session:
        await session.execute(update(Member).where(Member.id == gone.id).values(active=False))
    rows = parse_personnel_csv(
        HEADER + "VP,Nguyễn Văn An,01/01/2020,,,\n"
        "KHONGCO,Nguyễn Văn An,01/01/2020,,,\n"
        "CNTT,Phạm Văn Cũ,01/01/2020,2025,cảnh cáo,\n"
    )
    audit_before = await _count(app, AuditEntry)
    result = await app.services.personnel.sync(rows, actor=CLI)
    assert (result.matched, result.updated, result.disciplines_added) == (0, 0, 0)
    assert result.unmatched == (
        SkippedRow(2, "Nguyễn Văn An", "VP", unit_known=True),
        SkippedRow(3, "Nguyễn Văn An", "KHONGCO", unit_known=False),
        SkippedRow(4, "Phạm Văn Cũ", "CNTT", unit_known=True),
    )
    assert await _count(app, Discipline) == 0
    assert await _count(app, AuditEntry) == audit_before


async def test_a_name_two_members_of_the_unit_share_is_ambiguous(app: App) -> None:
    first = await make_member(app, "b1", unit="CNTT", name="Trần Thị Bình")
    second = await make_member(app, "b2", unit="CNTT", name="Trần Thị Bình")
    an = await make_member(app, "an", unit="VP", name="Nguyễn Văn An")
    an_hat = await make_member(app, "an2", Role.OFFICE, unit="VP", name="Nguyễn Văn Ân")
    rows = parse_personnel_csv(
        HEADER + "CNTT,Trần Thị Bình,01/01/2020,2025,cảnh cáo,\n"
        "VP,Nguyen Van An,01/01/2019,,,\n"
        "VP,Nguyễn Văn Ân,01/01/2018,,,\n"
    )
    result = await app.services.personnel.sync(rows, actor=CLI)
    assert result.ambiguous == (
        SkippedRow(2, "Trần Thị Bình", "CNTT", unit_known=True),
        SkippedRow(3, "Nguyen Van An", "VP", unit_known=True),
    )
    assert (result.matched, result.updated, result.disciplines_added) == (1, 1, 0)
    async with app.sessions() as session:
        rows_now = await session.execute(
            select(Member.id, Member.service_start).where(
                Member.id.in_([first.id, second.id, an.id, an_hat.id])
            )
        )
        starts = dict(rows_now.all())
    assert starts == {first.id: None, second.id: None, an.id: None, an_hat.id: date(2018, 1, 1)}
    assert await _count(app, Discipline) == 0
