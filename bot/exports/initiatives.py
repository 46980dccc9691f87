"""The initiatives workbook: a title row, a frozen header and one row per initiative.

```text
row 1   organisation — list of initiatives · filters · generated at
row 2   STT | Mã sáng kiến | Tên sáng kiến, giải pháp | …     (bold, frozen, autofilter)
row 3…  one initiative per row; dates are Excel dates (dd/mm/yyyy), long texts wrap
```
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias

# openpyxl ships no type hints (and types-openpyxl is not a dependency): its values are Any.
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from bot.formatting import strip_html
from bot.services.initiative_export import ExportFilter, ExportRow
from bot.texts import Texts

CellValue: TypeAlias = str | int | float | date | datetime | None
TITLE_ROW = 1
HEADER_ROW = 2
NUMBER_COLUMN = 1
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its header text key, width (characters), value and look."""

    header: str
    width: float
    value: Callable[[ExportRow, Texts], CellValue]
    number_format: str | None = None
    wrap: bool = False


def _name(texts: Texts, key: str, fallback: str) -> str:
    """A name from the catalogue, or the stored value when it has none (an old kind)."""
    return texts.t(key) if texts.has(key) else fallback


def _coauthors(row: ExportRow, _texts: Texts) -> str:
    return "; ".join(f"{a.name} ({a.share}%)" for a in row.coauthors)


def _local(moment: datetime) -> datetime:
    # openpyxl refuses aware datetimes; the row's are already in the organisation's zone.
    return moment.replace(tzinfo=None)


COLUMNS: tuple[Column, ...] = (
    Column("export.column.number", 6, lambda r, t: None),  # the row's number (STT), see below
    Column("export.column.code", 14, lambda r, t: r.code),
    Column("export.column.title", 40, lambda r, t: r.title, wrap=True),
    Column(
        "export.column.kind",
        24,
        lambda r, t: _name(t, f"initiative.kind.{r.kind}", r.kind),
        wrap=True,
    ),
    Column("export.column.field", 20, lambda r, t: r.field, wrap=True),
    Column("export.column.movement", 30, lambda r, t: r.movement, wrap=True),
    Column("export.column.unit", 30, lambda r, t: r.unit, wrap=True),
    Column("export.column.author", 24, lambda r, t: r.author, wrap=True),
    Column("export.column.coauthors", 34, _coauthors, wrap=True),
    Column("export.column.author_share", 14, lambda r, t: r.author_share, "0"),
    Column(
        "export.column.state",
        22,
        lambda r, t: _name(t, f"initiative.state.{r.state.value}", r.state.value),
        wrap=True,
    ),
    Column("export.column.submitted_at", 17, lambda r, t: _local(r.submitted_at), DATETIME_FORMAT),
    Column("export.column.updated_at", 17, lambda r, t: _local(r.updated_at), DATETIME_FORMAT),
    Column("export.column.applied_where", 30, lambda r, t: r.applied_where, wrap=True),
    Column("export.column.applied_since", 13, lambda r, t: r.applied_since, DATE_FORMAT),
    Column("export.column.problem", 50, lambda r, t: r.problem, wrap=True),
    Column("export.column.solution", 60, lambda r, t: r.solution, wrap=True),
    Column("export.column.benefit", 50, lambda r, t: r.benefit, wrap=True),
    Column("export.column.attachments", 11, lambda r, t: r.attachments, "0"),
    Column("export.column.novelty", 12, lambda r, t: r.novelty, "0.00"),
    Column("export.column.applicability", 13, lambda r, t: r.applicability, "0.00"),
    Column("export.column.benefit_score", 12, lambda r, t: r.benefit_score, "0.00"),
)


def workbook(rows: Sequence[ExportRow], texts: Texts, title_line: str) -> bytes:
    """Build the ``.xlsx`` of ``rows``.

    Args:
        rows: The initiatives, in the order to show them.
        texts: The catalogue the column and state names come from.
        title_line: Plain text for the first row (organisation, filters, generation time).

    Returns:
        The workbook file's bytes.
    """
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = texts.t("export.sheet")
    title = sheet.cell(TITLE_ROW, 1, _clean(title_line))
    title.font = Font(bold=True, size=13)
    _header(sheet, texts)
    for number, row in enumerate(rows, start=1):
        _write_row(sheet, HEADER_ROW + number, number, row, texts)
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)  # keep the header, number and code
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, texts: Texts) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, index, texts.t(column.header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def _write_row(sheet: Worksheet, at: int, number: int, row: ExportRow, texts: Texts) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        value = number if index == NUMBER_COLUMN else column.value(row, texts)
        cell = sheet.cell(at, index)
        _set(cell, value)
        if column.number_format is not None:
            cell.number_format = column.number_format
        cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")


def _set(cell: Cell, value: CellValue) -> None:
    """Write a value; text that looks like a formula stays text (people typed it)."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = _clean(value)
    if cell.data_type == "f":
        cell.data_type = "s"


def _clean(text: str) -> str:
    """Drop control characters the file format cannot hold (openpyxl would refuse them)."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def describe(texts: Texts, filters: ExportFilter, *, unit: str | None = None) -> str:
    """The filters in words, as plain text: "Năm 2026 · Mọi trạng thái · Tất cả đơn vị".

    Args:
        texts: The catalogue.
        filters: The filters applied.
        unit: The unit's name (``filters.unit_code`` is shown when it is not given).
    """
    parts = _period(texts, filters)
    if filters.state is None:
        parts.append(texts.t("export.filter.all_states"))
    else:
        name = texts.t(f"initiative.state.{filters.state.value}")
        parts.append(texts.t("export.filter.state", state=name))
    if filters.unit_code is None:
        parts.append(texts.t("export.filter.all_units"))
    else:
        parts.append(texts.t("export.filter.unit", unit=unit or filters.unit_code))
    return strip_html(" · ".join(parts))


def _period(texts: Texts, filters: ExportFilter) -> list[str]:
    start, end = (f"{d:%d/%m/%Y}" if d else "" for d in (filters.start, filters.end))
    parts = [] if filters.year is None else [texts.t("export.filter.year", year=filters.year)]
    if start and end:
        parts.append(texts.t("export.filter.range", start=start, end=end))
    elif start:
        parts.append(texts.t("export.filter.since", start=start))
    elif end:
        parts.append(texts.t("export.filter.until", end=end))
    return parts or [texts.t("export.filter.all_time")]


def title_line(texts: Texts, organisation: str, filters: str, generated: datetime) -> str:
    """The first row: organisation, what is listed, the filters and when (plain text)."""
    at = generated.strftime("%H:%M %d/%m/%Y")
    return strip_html(texts.t("export.title", org=organisation, filters=filters, at=at))


def file_name(filters: ExportFilter) -> str:
    """An ASCII file name telling the filters: ``sang-kien-2026-recognized-cntt.xlsx``."""
    parts = ["sang-kien"]
    if filters.year is not None:
        parts.append(str(filters.year))
    start, end = (f"{d:%Y%m%d}" if d else "" for d in (filters.start, filters.end))
    if start and end:
        parts.append(f"{start}-{end}")
    elif start or end:
        parts.append(f"tu-{start}" if start else f"den-{end}")
    if len(parts) == 1:
        parts.append("tat-ca")
    if filters.state is not None:
        parts.append(filters.state.value.replace("_", "-"))
    if filters.unit_code is not None:
        parts.append(filters.unit_code.lower())
    return "-".join(parts) + ".xlsx"
