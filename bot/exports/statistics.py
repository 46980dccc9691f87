"""The statistics tables of TT 02/2023/TT-BNV as one workbook: a sheet per Biểu with the
form's layout, then the sheet "Kiểm tra" listing what to fix before sending.

```text
Biểu số: 0603.N/BNV-TĐKT                      Đơn vị báo cáo: <organisation>
Ban hành theo Thông tư số 02/2023/TT-BNV …    Đơn vị nhận báo cáo: …………
Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo
                 <TITLE>
           Thời điểm báo cáo: năm 2026
|   | Mã số | Đơn vị tính | Tổng số | Chia ra …       header rows
| A |   B   |      C      |    1    | 2 | 3 …          column letters
| Tổng số | 01 | … figures; an empty cell where the bot holds no data
Người lập biểu                      <head title>
```
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from bot.config import Settings
from bot.documents import BLANK, place_date
from bot.exports.sheet import clean
from bot.exports.statistics_check import check_sheet
from bot.services.statistics import Subject, Table, YearStatistics
from bot.texts import Texts

_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
#: The first row of the table's header.
HEADER_ROW = 9
SUBJECTS: dict[Subject | None, str] = {
    Subject.COLLECTIVE: "statistics.column.collective",
    Subject.INDIVIDUAL: "statistics.column.individual",
    None: "",
}
C, IND = Subject.COLLECTIVE, Subject.INDIVIDUAL


@dataclass(frozen=True, slots=True)
class Layout:
    """How one Biểu looks: its title, whether it has a unit column (Đơn vị tính), the header
    spanning the figures, and the groups of figure columns with their subjects."""

    form: str
    title: str
    unit_column: bool
    spanning: str
    groups: tuple[tuple[str, tuple[Subject | None, ...]], ...]
    total_letter: str = "1"
    measure: str = ""


LAYOUTS: dict[str, Layout] = {
    "0601": Layout(
        "0601",
        "statistics.title.movements",
        unit_column=False,
        spanning="statistics.column.launched_by",
        groups=(
            ("statistics.column.central", (None,)),
            ("statistics.column.sector", (None,)),
            ("statistics.column.agency", (None,)),
        ),
        total_letter="1=(2+3+4)",
        measure="statistics.measure.movement",
    ),
    "0602": Layout(
        "0602",
        "statistics.title.state",
        unit_column=True,
        spanning="statistics.column.split",
        groups=(
            ("statistics.column.medals", (C, IND)),
            ("statistics.column.ho_chi_minh_prize", (IND,)),
            ("statistics.column.state_prize", (IND,)),
            ("statistics.column.honorary_titles", (C, IND)),
            ("statistics.column.government_flag", (C,)),
            ("statistics.column.prime_minister", (C, IND)),
            ("statistics.column.national_soldier", (IND,)),
            ("statistics.column.other_state", (C, IND)),
        ),
    ),
    "0603": Layout(
        "0603",
        "statistics.title.province",
        unit_column=True,
        spanning="statistics.column.split",
        groups=(
            ("statistics.column.certificate", (None,)),
            ("statistics.column.soldier", (None,)),
            ("statistics.column.flag", (None,)),
            ("statistics.column.badge", (None,)),
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Signer:
    """Who sends the tables: the organisation, the place, and its head (blank when unset)."""

    organisation: str
    place: str = ""
    head_title: str = ""
    head_name: str = ""


def signer(settings: Settings) -> Signer:
    """Who signs the tables, from ``[documents]`` (the organisation's name when unset)."""
    documents = settings.documents
    return Signer(
        organisation=documents.issuing_body or settings.organisation.name,
        place=documents.place,
        head_title=documents.head_title,
        head_name=documents.head_name,
    )


def workbook(figures: YearStatistics, texts: Texts, signer: Signer) -> bytes:
    """Build the ``.xlsx``: Biểu 0601.N, 0602.N, 0603.N and the sheet "Kiểm tra"."""
    book = Workbook()
    first = book.active
    assert isinstance(first, Worksheet)
    book.remove(first)
    for table in figures.tables:
        page = book.create_sheet(texts.t("statistics.sheet", form=table.form))
        _form_sheet(page, LAYOUTS[table.form], table, figures.year, texts, signer)
    check_sheet(book.create_sheet(texts.t("statistics.check.sheet")), figures, texts)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(year: int) -> str:
    """An ASCII file name naming the year: ``bieu-thong-ke-tdkt-2026.xlsx``."""
    return f"bieu-thong-ke-tdkt-{year}.xlsx"


def _form_sheet(
    page: Worksheet, layout: Layout, table: Table, year: int, texts: Texts, signer: Signer
) -> None:
    fixed = 3 if layout.unit_column else 2
    width = fixed + 1 + sum(len(subjects) for _, subjects in layout.groups)
    _top(page, layout, width, year, texts, signer)
    letters = _header(page, layout, fixed, texts)
    last = _rows(page, table, letters + 1, fixed, texts)
    _signature(page, last + 2, width, texts, signer)
    page.column_dimensions["A"].width = 48
    page.column_dimensions["B"].width = 7
    for index in range(3, width + 1):
        page.column_dimensions[get_column_letter(index)].width = 12
    page.freeze_panes = page.cell(letters + 1, fixed + 1)


def _top(
    page: Worksheet, layout: Layout, width: int, year: int, texts: Texts, signer: Signer
) -> None:
    right = max(width - 3, 2)
    _put(page, 1, 1, texts.t("statistics.form_number", form=layout.form), bold=True)
    _put(page, 1, right, texts.t("statistics.reporting_unit", unit=signer.organisation))
    _put(page, 2, 1, texts.t("statistics.issued_by"))
    _put(page, 2, right, texts.t("statistics.receiving_unit", unit=BLANK))
    _put(page, 3, 1, texts.t("statistics.due"))
    _merged(page, 5, 1, 5, width, texts.t(layout.title), bold=True)
    _merged(page, 6, 1, 6, width, texts.t("statistics.moment", year=year), italic=True)
    if layout.measure:
        _put(page, 7, width, texts.t(layout.measure), italic=True)


def _header(page: Worksheet, layout: Layout, fixed: int, texts: Texts) -> int:
    """Write the header rows; return the row of the column letters."""
    subjects = any(s is not None for _, group in layout.groups for s in group)
    bottom = HEADER_ROW + (2 if subjects else 1)
    heads = ["", "statistics.column.code", "statistics.column.unit"][:fixed]
    heads.append("statistics.column.total")
    for index, key in enumerate(heads, start=1):
        _boxed(page, HEADER_ROW, index, bottom, index, texts.t(key) if key else "", bold=True)
    start = fixed + 2
    width = sum(len(group) for _, group in layout.groups)
    _boxed(page, HEADER_ROW, start, HEADER_ROW, start + width - 1, texts.t(layout.spanning))
    letters = bottom + 1
    for index, letter in enumerate([*["A", "B", "C"][:fixed], layout.total_letter], start=1):
        _boxed(page, letters, index, letters, index, letter, bold=True)
    column = start
    for number, (key, group) in enumerate(layout.groups, start=2):
        end = column + len(group) - 1
        _boxed(page, HEADER_ROW + 1, column, HEADER_ROW + 1, end, texts.t(key))
        for offset, subject in enumerate(group):
            if subjects:
                _boxed(
                    page,
                    bottom,
                    column + offset,
                    bottom,
                    column + offset,
                    _subject(texts, subject),
                )
        _boxed(page, letters, column, letters, end, str(number), bold=True)
        column = end + 1
    return letters


def _subject(texts: Texts, subject: Subject | None) -> str:
    key = SUBJECTS[subject]
    return texts.t(key) if key else ""


def _rows(page: Worksheet, table: Table, first: int, fixed: int, texts: Texts) -> int:
    """Write the table's rows from ``first``; return the last row written."""
    at = first
    width = fixed + 1 + max(len(r.values) for r in table.rows) - 1
    for row in table.rows:
        label = _cell(page, at, 1, texts.t(row.label))
        label.font = Font(bold=row.heading or row.code == "01")
        label.alignment = LEFT
        _cell(page, at, 2, row.code).alignment = CENTRE
        if fixed == 3:
            _cell(page, at, 3, texts.t(row.unit) if row.unit else "").alignment = CENTRE
        for offset in range(width - fixed):
            value = row.values[offset] if offset < len(row.values) else None
            _cell(page, at, fixed + 1 + offset, value).alignment = CENTRE
        at += 1
    return at - 1


def _signature(page: Worksheet, row: int, width: int, texts: Texts, signer: Signer) -> None:
    right = max(width - 3, 2)
    _put(page, row, right, place_date(signer.place, None), italic=True)
    _put(page, row + 1, 1, texts.t("statistics.preparer"), bold=True)
    _put(page, row + 1, right, signer.head_title or texts.t("statistics.head"), bold=True)
    _put(page, row + 2, 1, texts.t("statistics.sign"), italic=True)
    _put(page, row + 2, right, texts.t("statistics.sign_seal"), italic=True)
    _put(page, row + 6, right, signer.head_name or BLANK, bold=True)


def _cell(page: Worksheet, row: int, column: int, value: object) -> Cell:
    cell = page.cell(row, column, clean(value) if isinstance(value, str) else value)
    cell.border = BOX
    return cell


def _put(
    page: Worksheet, row: int, column: int, text: str, *, bold: bool = False, italic: bool = False
) -> None:
    cell = page.cell(row, column, clean(text))
    cell.font = Font(bold=bold, italic=italic)


def _merged(
    page: Worksheet,
    row: int,
    first: int,
    last_row: int,
    last: int,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
) -> None:
    if (row, first) != (last_row, last):
        page.merge_cells(start_row=row, start_column=first, end_row=last_row, end_column=last)
    cell = page.cell(row, first, clean(text))
    cell.font = Font(bold=bold, italic=italic, size=13 if bold else 11)
    cell.alignment = CENTRE


def _boxed(
    page: Worksheet,
    row: int,
    first: int,
    last_row: int,
    last: int,
    text: str,
    *,
    bold: bool = True,
) -> None:
    _merged(page, row, first, last_row, last, text, bold=False)
    page.cell(row, first).font = Font(bold=bold)
    for r in range(row, last_row + 1):
        for c in range(first, last + 1):
            page.cell(r, c).border = BOX
