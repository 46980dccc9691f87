"""``python -m bot import-personnel``: the Office's personnel file (days of entering service,
disciplinary measures) for the year-end eligibility checks."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.app import open_app
from bot.cli import UsageError
from bot.config import Settings
from bot.domain import StaffCategory
from bot.formatting import strip_html
from bot.services.common import CLI
from bot.services.people import (
    PersonnelImportError,
    PersonnelResult,
    PersonnelRow,
    parse_personnel_csv,
)
from bot.services.statistics import CATEGORY_LABELS
from bot.texts import Texts


async def run_import_personnel(settings: Settings, texts: Texts, file: Path) -> int:
    """Record service starts and disciplinary measures from a CSV file; print the counts and
    every row that matched no member, or several."""
    rows = await _read(texts, file)
    app = await open_app(settings, texts=texts)
    try:
        result = await app.services.personnel.sync(rows, actor=CLI)
    finally:
        await app.close()
    sys.stdout.write(strip_html("\n".join(report_lines(texts, result))) + "\n")
    return 0


async def _read(texts: Texts, file: Path) -> list[PersonnelRow]:
    """The file's rows; an unreadable or invalid file is a :class:`UsageError` naming the line
    and column, and nothing is recorded."""
    try:
        text = await asyncio.to_thread(file.read_text, encoding="utf-8")
        return parse_personnel_csv(text, category_labels(texts))
    except (OSError, UnicodeDecodeError) as exc:
        problem = texts.t("cli.personnel.unreadable", path=file, problem=exc)
        raise UsageError(strip_html(problem)) from None
    except PersonnelImportError as exc:
        problem = strip_html(texts.t(exc.key, **exc.params))
        if exc.column:
            message = texts.t(
                "cli.personnel.bad_cell", line=exc.line, column=exc.column, problem=problem
            )
        else:
            message = texts.t("cli.personnel.bad_line", line=exc.line, problem=problem)
        raise UsageError(strip_html(message)) from None


def category_labels(texts: Texts) -> dict[StaffCategory, str]:
    """The Vietnamese labels a category may be written with (``[statistics.category]``)."""
    return {c: texts.t(key) for c, key in CATEGORY_LABELS.items()}


def report_lines(texts: Texts, result: PersonnelResult) -> list[str]:
    """The counts, then the rows left unchanged, one a line."""
    lines = [
        texts.t(
            "cli.personnel.imported",
            matched=result.matched,
            updated=result.updated,
            disciplines=result.disciplines_added,
        )
    ]
    if result.categories:
        lines.append(texts.t("statistics.personnel.categories", count=result.categories))
    if result.unmatched:
        lines.append(texts.t("cli.personnel.unmatched", count=len(result.unmatched)))
    for row in result.unmatched:
        key = "cli.personnel.unmatched_row" if row.unit_known else "cli.personnel.unknown_unit"
        lines.append(texts.t(key, line=row.line, name=row.full_name, unit=row.unit))
    if result.ambiguous:
        lines.append(texts.t("cli.personnel.ambiguous", count=len(result.ambiguous)))
    for row in result.ambiguous:
        lines.append(
            texts.t(
                "cli.personnel.ambiguous_row", line=row.line, name=row.full_name, unit=row.unit
            )
        )
    return lines
