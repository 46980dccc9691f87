"""The sheet "Kiểm tra" of the statistics workbook: what the Office should fix before
sending the tables (people whose staff category is unknown, awards counted nowhere)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from bot.exports.sheet import clean
from bot.services.statistics import YearStatistics
from bot.texts import Texts


def check_sheet(page: Worksheet, figures: YearStatistics, texts: Texts) -> None:
    """Fill ``page`` with the check's three lists, each under its heading."""
    check = figures.check
    page.cell(1, 1, texts.t("statistics.check.title", year=figures.year)).font = Font(bold=True)
    if not check.problems:
        page.cell(3, 1, texts.t("statistics.check.none"))
        return
    at = 3
    at = _section(
        page,
        at,
        texts.t("statistics.check.awarded_unknown", count=len(check.awarded_unknown)),
        [
            "statistics.check.name",
            "statistics.check.unit",
            "statistics.check.award",
            "statistics.check.code",
        ],
        [(p.name, p.unit_name, p.award, p.nomination_code) for p in check.awarded_unknown],
        texts,
    )
    at = _section(
        page,
        at,
        texts.t("statistics.check.active_unknown", count=len(check.active_unknown)),
        ["statistics.check.name", "statistics.check.unit"],
        [(p.name, p.unit_name) for p in check.active_unknown],
        texts,
    )
    _section(
        page,
        at,
        texts.t("statistics.check.unclassified", count=len(check.unclassified)),
        ["statistics.check.award_code", "statistics.check.award", "statistics.check.awarded"],
        [(a.code, a.name, a.awarded) for a in check.unclassified],
        texts,
    )
    for letter, width in zip("ABCDE", (6, 36, 30, 40, 14), strict=True):
        page.column_dimensions[letter].width = width


def _section(
    page: Worksheet,
    at: int,
    heading: str,
    heads: Sequence[str],
    rows: Sequence[tuple[str | int, ...]],
    texts: Texts,
) -> int:
    """A heading, a header row and the rows (numbered); return the next free row."""
    if not rows:
        return at
    page.cell(at, 1, clean(heading)).font = Font(bold=True)
    page.cell(at + 1, 1, texts.t("export.column.number")).font = Font(bold=True)
    for index, key in enumerate(heads, start=2):
        page.cell(at + 1, index, texts.t(key)).font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        page.cell(at + 1 + number, 1, number)
        for index, value in enumerate(row, start=2):
            page.cell(at + 1 + number, index, clean(value) if isinstance(value, str) else value)
    return at + len(rows) + 3
