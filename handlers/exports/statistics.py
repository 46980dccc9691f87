"""The ``/xuat`` branch for the statistics tables of TT 02/2023/TT-BNV: the year asked, then
the workbook sent with the number of problems the check found in its caption."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.dialog_inputs import Option
from bot.exports import statistics
from bot.ports import Document, Reply
from bot.turn import Turn
from handlers.exports.lists import ExportRequest


async def year_options(turn: Turn, _answers: ExportRequest) -> Sequence[Option]:
    """This year (the report is due on 15 December) and last year."""
    year = turn.clock.now().astimezone(turn.settings.organisation.zone).year
    return [
        Option(str(year), turn.t("statistics.chat.year", year=year)),
        Option(str(year - 1), turn.t("statistics.chat.year", year=year - 1)),
    ]


async def finish(turn: Turn, answers: ExportRequest) -> Reply:
    """Send the year's tables; the caption says how many problems the check lists."""
    assert answers.statistics_year is not None, "asked before"
    figures = await turn.services.statistics.year(turn.member, int(answers.statistics_year))
    signer = statistics.signer(turn.settings)
    content = await asyncio.to_thread(statistics.workbook, figures, turn.texts, signer)
    key = "statistics.chat.done" if figures.check.problems else "statistics.chat.done_clean"
    caption = turn.t(
        key, year=figures.year, awarded=len(figures.items), problems=figures.check.problems
    )
    return Reply(caption, document=Document(statistics.file_name(figures.year), content))
