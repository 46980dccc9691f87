"""The Office's personnel file: each member's day of entering service and the disciplinary
measures of a year, as a CSV the year-end eligibility checks read (DESIGN §3.10)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.config_awards import DISCIPLINE_LEVELS
from bot.domain import StaffCategory
from bot.services.initiatives import fold

REQUIRED_COLUMNS = ("unit", "full_name", "service_start")
DISCIPLINE_COLUMNS = ("discipline_year", "discipline_level", "discipline_note")
#: The optional staff category (TT 02/2023/TT-BNV): a value of StaffCategory or its label.
CATEGORY_COLUMN = "category"
#: Years a service start or a disciplinary measure may carry.
YEAR_RANGE = (1950, 2100)
#: The longest full name and note the database keeps (``models.member``).
NAME_MAX = 100
NOTE_MAX = 300
_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR = re.compile(r"\d{4}")


class PersonnelImportError(ValueError):
    """A row of the personnel file is unusable.

    Attributes:
        key: The text key explaining the problem (``cli.personnel.error.…``).
        line: The file's 1-based line at fault (1 is the header).
        column: The column at fault, or ``""`` for the whole line.
        params: Values for the text's other placeholders.
    """

    def __init__(self, key: str, *, line: int, column: str = "", **params: object) -> None:
        details = f" {params}" if params else ""
        super().__init__(f"line {line}: {column or '-'}: {key}{details}")
        self.key = key
        self.line = line
        self.column = column
        self.params: dict[str, object] = params


@dataclass(frozen=True, slots=True)
class PersonnelRow:
    """One line of the personnel file.

    Attributes:
        line: The line in the file (for messages).
        unit: The unit's code as written.
        full_name: The member's full name, spaces tidied.
        service_start: The day of entering service; ``None``: left as recorded.
        discipline_year: The year of a disciplinary measure, with ``discipline_level``.
        discipline_level: One of :data:`DISCIPLINE_LEVELS`, or ``None``: no measure on this line.
        discipline_note: What the measure was for (decision number …), may be empty.
    """

    line: int
    unit: str
    full_name: str
    service_start: date | None
    discipline_year: int | None = None
    discipline_level: str | None = None
    discipline_note: str = ""
    category: StaffCategory | None = None


def tidy_name(name: str) -> str:
    """``name`` in composed Unicode with single spaces, as names are compared exactly."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def discipline_level(text: str) -> str | None:
    """The level a cell names: its code (``canh_cao``) or Vietnamese name (``cảnh cáo``,
    ``canh cao``), any case; ``None`` for anything else."""
    key = "_".join(fold(text).replace("_", " ").split())
    return key if key in DISCIPLINE_LEVELS else None


def staff_category(text: str, labels: Mapping[StaffCategory, str]) -> StaffCategory | None:
    """The category a cell names: its value (``frontline``) or its label in ``labels``, any
    case, with or without diacritics; ``None`` for anything else."""
    folded = " ".join(fold(text).replace("_", " ").split())
    for category in StaffCategory:
        names = (category.value.replace("_", " "), fold(labels.get(category, "")))
        if folded in names:
            return category
    return None


def parse_personnel_csv(
    text: str, categories: Mapping[StaffCategory, str] | None = None
) -> list[PersonnelRow]:
    """Parse a CSV with columns ``unit,full_name,service_start`` and optionally
    ``discipline_year,discipline_level,discipline_note`` and ``category`` (UTF-8, a BOM and a
    ``;`` separator, as Excel writes it in Vietnamese settings, are accepted; other columns
    are ignored). ``categories`` are the labels a category cell may also use.

    Raises:
        PersonnelImportError: A column is missing or a row is invalid (line and column named).
    """
    body = text.lstrip("\ufeff")
    header = body.split("\n", 1)[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    reader = csv.DictReader(io.StringIO(body), delimiter=delimiter)
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in reader.fieldnames]
    if missing:
        raise PersonnelImportError(
            "cli.personnel.error.missing_columns", line=1, columns=", ".join(missing)
        )
    rows: list[PersonnelRow] = []
    starts: dict[tuple[str, str], date] = {}
    for row in reader:
        line = reader.line_num
        columns = (*REQUIRED_COLUMNS, *DISCIPLINE_COLUMNS, CATEGORY_COLUMN)
        cells = {k: (row.get(k) or "").strip() for k in columns}
        if not any(cells.values()):
            continue
        parsed = _row(line, cells, categories or {})
        _check_same_start(parsed, starts)
        rows.append(parsed)
    return rows


def _row(line: int, cells: dict[str, str], labels: Mapping[StaffCategory, str]) -> PersonnelRow:
    for column in ("unit", "full_name"):
        if not cells[column]:
            raise PersonnelImportError("cli.personnel.error.empty", line=line, column=column)
    name = tidy_name(cells["full_name"])
    if len(name) > NAME_MAX:
        raise PersonnelImportError(
            "cli.personnel.error.too_long", line=line, column="full_name", max=NAME_MAX
        )
    start = _day(line, cells["service_start"]) if cells["service_start"] else None
    year, level, note = _discipline(line, cells)
    category = None
    if cells[CATEGORY_COLUMN]:
        category = staff_category(cells[CATEGORY_COLUMN], labels)
        if category is None:
            raise PersonnelImportError(
                "statistics.personnel.bad_category",
                line=line,
                column=CATEGORY_COLUMN,
                value=cells[CATEGORY_COLUMN],
                choices=", ".join(c.value for c in StaffCategory),
            )
    return PersonnelRow(line, cells["unit"], name, start, year, level, note, category)


def _day(line: int, text: str) -> date:
    match = _DAY.fullmatch(text)
    low, high = YEAR_RANGE
    try:
        if match is None:
            raise ValueError(text)
        day, month, year = (int(part) for part in match.groups())
        if not low <= year <= high:
            raise ValueError(text)
        return date(year, month, day)
    except ValueError:
        raise PersonnelImportError(
            "cli.personnel.error.bad_date", line=line, column="service_start", value=text
        ) from None


def _discipline(line: int, cells: dict[str, str]) -> tuple[int | None, str | None, str]:
    year_text, level_text = cells["discipline_year"], cells["discipline_level"]
    note = " ".join(cells["discipline_note"].split())
    if not (year_text or level_text):
        if note:
            raise PersonnelImportError(
                "cli.personnel.error.note_needs_level", line=line, column="discipline_level"
            )
        return None, None, ""
    if not level_text:
        raise PersonnelImportError(
            "cli.personnel.error.year_needs_level", line=line, column="discipline_level"
        )
    level = discipline_level(level_text)
    if level is None:
        raise PersonnelImportError(
            "cli.personnel.error.bad_level", line=line, column="discipline_level", value=level_text
        )
    if not year_text:
        raise PersonnelImportError(
            "cli.personnel.error.level_needs_year", line=line, column="discipline_year"
        )
    low, high = YEAR_RANGE
    if _YEAR.fullmatch(year_text) is None or not low <= int(year_text) <= high:
        raise PersonnelImportError(
            "cli.personnel.error.bad_year", line=line, column="discipline_year", value=year_text
        )
    if len(note) > NOTE_MAX:
        raise PersonnelImportError(
            "cli.personnel.error.too_long", line=line, column="discipline_note", max=NOTE_MAX
        )
    return int(year_text), level, note


def _check_same_start(row: PersonnelRow, seen: dict[tuple[str, str], date]) -> None:
    """Refuse a second, different service start for the same unit and name."""
    if row.service_start is None:
        return
    key = (row.unit.casefold(), row.full_name.casefold())
    earlier = seen.setdefault(key, row.service_start)
    if earlier != row.service_start:
        raise PersonnelImportError(
            "cli.personnel.error.conflicting_start",
            line=row.line,
            column="service_start",
            name=row.full_name,
        )
