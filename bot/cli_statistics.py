"""``python -m bot statistics --year 2026 --out FILE.xlsx``: the statistics tables of
TT 02/2023/TT-BNV for the year, with the check's problems as warnings on standard error."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.app import open_app
from bot.cli import EXPORT_YEAR_RANGE, UsageError, check_range
from bot.config import Settings
from bot.exports import statistics
from bot.formatting import strip_html
from bot.services.statistics import YearStatistics
from bot.texts import Texts


async def run_statistics(
    settings: Settings, texts: Texts, year: int | None, output: Path | None
) -> int:
    """Write the year's tables (default: this year) and print one line; warn on stderr."""
    check_range(texts, "--year", year, EXPORT_YEAR_RANGE)
    app = await open_app(settings, texts=texts)
    try:
        asked = year or app.clock.now().astimezone(settings.organisation.zone).year
        figures = await app.services.statistics.year(None, asked)
    finally:
        await app.close()
    content = await asyncio.to_thread(
        statistics.workbook, figures, texts, statistics.signer(settings)
    )
    path = output or Path(statistics.file_name(figures.year))
    try:
        await asyncio.to_thread(path.write_bytes, content)
    except OSError as exc:
        problem = texts.t("export.cli.write_error", path=path, problem=exc)
        raise UsageError(strip_html(problem)) from None
    for line in warnings(texts, figures):
        sys.stderr.write(strip_html(line) + "\n")
    movements = figures.movements
    line = texts.t(
        "statistics.cli.written",
        year=figures.year,
        awarded=len(figures.items),
        movements=texts.t("statistics.cli.no_movements") if movements is None else movements,
        path=path,
        problems=figures.check.problems,
    )
    sys.stdout.write(strip_html(line) + "\n")
    return 0


def warnings(texts: Texts, figures: YearStatistics) -> list[str]:
    """The check's problems, one a line (the active members only counted)."""
    check = figures.check
    lines = [
        texts.t(
            "statistics.cli.awarded_unknown",
            name=p.name,
            unit=p.unit_name,
            award=p.award,
            code=p.nomination_code,
        )
        for p in check.awarded_unknown
    ]
    if check.active_unknown:
        lines.append(texts.t("statistics.cli.active_unknown", count=len(check.active_unknown)))
    lines += [
        texts.t("statistics.cli.unclassified", name=a.name, code=a.code, awarded=a.awarded)
        for a in check.unclassified
    ]
    return lines
