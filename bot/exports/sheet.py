"""The shape every exported workbook shares: a title row, a frozen header, one row per item.

```text
row 1   organisation — what is listed · filters · generated at      (bold)
row 2   STT | … headers …                          (bold, filled, frozen, autofilter)
row 3…  one item per row; dates are Excel dates, long texts wrap, formulas stay text
```
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeAlias, TypeVar

# openpyxl ships no type hints (and types-openpyxl is not a dependency): its values are Any.
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from bot.texts import Texts

CellValue: TypeAlias = str | int | float | date | datetime | None
R = TypeVar("R")
TITLE_ROW = 1
HEADER_ROW = 2
NUMBER_COLUMN = 1
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """A column: its header text key, width (characters), value and look."""

    header: str
    width: float
    value: Callable[[R, Texts], CellValue]
    number_format: str | None = None
    wrap: bool = False


def name(texts: Texts, key: str, fallback: str) -> str:
    """A name from the catalogue, or the stored value when it has none (an old kind)."""
    return texts.t(key) if texts.has(key) else fallback


def local(moment: datetime | None) -> datetime | None:
    """A cell value for a moment already in the organisation's zone (openpyxl refuses aware)."""
    return None if moment is None else moment.replace(tzinfo=None)


def number(_row: object, _texts: Texts) -> CellValue:
    """The STT column's placeholder: :func:`build` writes the row's number instead."""
    return None


def build(
    *,
    rows: Sequence[R],
    columns: Sequence[Column[R]],
    texts: Texts,
    sheet: str,
    title_line: str,
    frozen_columns: int = 2,
) -> bytes:
    """Build an ``.xlsx`` whose first column numbers the rows.

    Args:
        rows: The items, in the order to show them.
        columns: The columns; the first is the row number (STT).
        texts: The catalogue the headers and names come from.
        sheet: The sheet's name (plain text, at most 31 characters).
        title_line: Plain text for the first row.
        frozen_columns: How many columns stay visible when scrolling sideways.

    Returns:
        The workbook file's bytes.
    """
    book = Workbook()
    page = book.active
    assert isinstance(page, Worksheet)
    page.title = sheet
    title = page.cell(TITLE_ROW, 1, clean(title_line))
    title.font = Font(bold=True, size=13)
    for index, column in enumerate(columns, start=1):
        cell = page.cell(HEADER_ROW, index, texts.t(column.header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        page.column_dimensions[get_column_letter(index)].width = column.width
    for at, row in enumerate(rows, start=1):
        for index, column in enumerate(columns, start=1):
            value = at if index == NUMBER_COLUMN else column.value(row, texts)
            cell = page.cell(HEADER_ROW + at, index)
            _set(cell, value)
            if column.number_format is not None:
                cell.number_format = column.number_format
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
    last = get_column_letter(len(columns))
    page.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    page.freeze_panes = page.cell(HEADER_ROW + 1, frozen_columns + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set(cell: Cell, value: CellValue) -> None:
    """Write a value; text that looks like a formula stays text (people typed it)."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = clean(value)
    if cell.data_type == "f":
        cell.data_type = "s"


def clean(text: str) -> str:
    """Drop control characters the file format cannot hold (openpyxl would refuse them)."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))
