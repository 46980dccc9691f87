"""The staff list as an Excel workbook: the template the Office fills in, and reading it back
into rows, each with what is wrong with it on its own (the database checks come later)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain import StaffCategory
from bot.roles import Role
from bot.services.initiatives import fold
from bot.services.people.personnel_csv import NAME_MAX, staff_category, tidy_name

#: The template's columns: (field, Vietnamese header). The header row is matched by these.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("unit", "Mã đơn vị"),
    ("full_name", "Họ và tên"),
    ("position", "Chức vụ"),
    ("role", "Vai trò"),
    ("category", "Phân loại"),
)
EXAMPLE = ("CNTT", "Nguyễn Văn An", "Chuyên viên", "Cán bộ", "")
#: The most rows one file may hold (a department's staff fits many times over).
ROWS_MAX = 5000
POSITION_MAX = 100


class NotAWorkbook(ValueError):
    """The upload is not an .xlsx workbook (or has no sheet, or no header row)."""


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One person of the staff list as written, and the problems found in the row itself
    (codes: ``missing_name``, ``missing_unit``, ``name_too_long``, ``position_too_long``,
    ``bad_role``, ``bad_category``); the database adds ``unknown_unit``, ``duplicate``,
    ``already_member`` and ``role_refused``."""

    line: int
    unit: str
    full_name: str
    position: str = ""
    role: str = Role.STAFF.value
    category: str = ""
    problems: tuple[str, ...] = ()


def is_xlsx(data: bytes) -> bool:
    """Whether ``data`` is a zip holding ``xl/workbook.xml`` (what an .xlsx is), by content."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def template(sheet_title: str) -> bytes:
    """The empty staff list: the Vietnamese headers and one example row."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = sheet_title[:31]
    sheet.append([header for _, header in COLUMNS])
    sheet.append(list(EXAMPLE))
    for letter, width in zip("ABCDE", (14, 30, 24, 20, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_staff(
    data: bytes,
    roles: Mapping[Role, str],
    categories: Mapping[StaffCategory, str],
) -> list[StaffRow]:
    """The rows of the first sheet under the header row (blank rows skipped). A role or
    category cell may hold its code or its Vietnamese label (``roles``, ``categories``), with
    or without diacritics; an empty role is staff.

    Raises:
        NotAWorkbook: Not an .xlsx, no header row, or more than :data:`ROWS_MAX` rows.
    """
    if not is_xlsx(data):
        raise NotAWorkbook
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        cells = [
            [("" if v is None else str(v)).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise NotAWorkbook from exc
    if not cells:
        raise NotAWorkbook
    where = _header(cells[0])
    rows = [
        _row(line, cells_of(row, where), roles, categories)
        for line, row in enumerate(cells[1:], start=2)
        if any(row)
    ]
    if len(rows) > ROWS_MAX:
        raise NotAWorkbook
    return rows


def cells_of(row: list[str], where: dict[str, int]) -> dict[str, str]:
    """The row's cells by field ("" where the column is absent or short)."""
    return {field: row[i] if i < len(row) else "" for field, i in where.items()}


def _header(row: list[str]) -> dict[str, int]:
    found = {fold(text): i for i, text in enumerate(row)}
    where = {field: found.get(fold(header), len(row) + 99) for field, header in COLUMNS}
    if where["unit"] > len(row) or where["full_name"] > len(row):
        raise NotAWorkbook
    return where


def _row(
    line: int,
    cells: Mapping[str, str],
    roles: Mapping[Role, str],
    categories: Mapping[StaffCategory, str],
) -> StaffRow:
    problems: list[str] = []
    name = tidy_name(cells["full_name"])
    position = " ".join(cells["position"].split())
    if not name:
        problems.append("missing_name")
    elif len(name) > NAME_MAX:
        problems.append("name_too_long")
    if not cells["unit"]:
        problems.append("missing_unit")
    if len(position) > POSITION_MAX:
        problems.append("position_too_long")
    role = _role(cells["role"], roles)
    if role is None:
        problems.append("bad_role")
    category = staff_category(cells["category"], categories) if cells["category"] else None
    if cells["category"] and category is None:
        problems.append("bad_category")
    return StaffRow(
        line,
        cells["unit"],
        name,
        position,
        role.value if role is not None else cells["role"],
        category.value if category else cells["category"],
        tuple(problems),
    )


def _role(text: str, labels: Mapping[Role, str]) -> Role | None:
    if not text:
        return Role.STAFF
    folded = " ".join(fold(text).replace("_", " ").split())
    for role in Role:
        if folded in (role.value.replace("_", " "), fold(labels.get(role, ""))):
            return role
    return None
