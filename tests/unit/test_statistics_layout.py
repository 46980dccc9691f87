"""The statistics workbook's layout matches the service's columns, and the personnel file's
``category`` column reads the values and the Vietnamese labels (pure, no database)."""

from __future__ import annotations

import pytest

from bot.domain import StaffCategory
from bot.exports.statistics import LAYOUTS
from bot.services.people import PersonnelImportError, parse_personnel_csv
from bot.services.statistics import (
    CATEGORY_LABELS,
    MOVEMENT_COLUMNS,
    PROVINCE_COLUMNS,
    STATE_COLUMNS,
)
from bot.texts import Texts


@pytest.mark.parametrize(
    ("form", "subjects"),
    [
        ("0601", [None] * MOVEMENT_COLUMNS),
        ("0602", [c.subject for c in STATE_COLUMNS]),
        ("0603", [c.subject for c in PROVINCE_COLUMNS]),
    ],
)
def test_each_sheet_has_a_header_per_figure_column(form: str, subjects: list[object]) -> None:
    layout = LAYOUTS[form]
    assert [s for _, group in layout.groups for s in group] == subjects


def _labels() -> dict[StaffCategory, str]:
    texts = Texts.load()
    return {c: texts.t(key) for c, key in CATEGORY_LABELS.items()}


def test_a_category_is_read_from_its_value_or_label() -> None:
    rows = parse_personnel_csv(
        "unit,full_name,service_start,category\n"
        "VP,Trần Văn Quản,,DEPARTMENT_LEADER\n"
        "VP,Lê Thị Hoa,,doanh nhan\n"
        'CNTT,Nguyễn Văn An,,"Người trực tiếp công tác, lao động"\n'
        "CNTT,Vũ Văn Chưa,,\n",
        _labels(),
    )
    assert [r.category for r in rows] == [
        StaffCategory.DEPARTMENT_LEADER,
        StaffCategory.ENTREPRENEUR,
        StaffCategory.FRONTLINE,
        None,
    ]


def test_a_bad_category_names_its_line_and_column() -> None:
    with pytest.raises(PersonnelImportError) as caught:
        parse_personnel_csv(
            "unit,full_name,service_start,category\nVP,Trần Văn Quản,,\nVP,Lê Thị Hoa,,sếp\n",
            _labels(),
        )
    assert (caught.value.line, caught.value.column) == (3, "category")
    assert caught.value.key == "statistics.personnel.bad_category"
