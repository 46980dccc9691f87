"""``/xuat``: the Office exports lists as Excel workbooks, sent as a document.

Initiatives, nominations (one step more: the track), one period's report status, the
year's milestones and the statistics tables of TT 02/2023/TT-BNV. The nomination branch's
choices and finish live in :mod:`handlers.exports.lists`, the tables' in
:mod:`handlers.exports.statistics`.

```mermaid
stateDiagram-v2
    [*] --> what
    what --> what: reports, but no period yet (re-asked)
    what --> report_period: report status
    report_period --> [*]: the workbook
    what --> statistics_year: the statistics tables
    statistics_year --> [*]: the workbook, the check's count in the caption
    what --> period: initiatives, nominations
    period --> start: a custom range
    period --> track: nominations (this year, last year, all)
    period --> state: initiatives (this year, last year, all)
    start --> end
    end --> end: before the first day (re-asked)
    end --> track: nominations
    end --> state: initiatives
    track --> state
    state --> unit
    unit --> [*]: the workbook as a document, or "nothing to export" and no file
```
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from enum import StrEnum
from typing import Any

from bot.dates import day_text
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import FINISH, Dialog, Draft, Step, Then
from bot.domain import InitiativeState
from bot.exports.initiatives import describe, file_name, title_line, workbook
from bot.ports import Document, Reply
from bot.services.initiatives import EXPORTABLE_STATES, ExportFilter
from bot.turn import Turn
from handlers.exports import lists as export_lists
from handlers.exports import statistics as export_statistics
from handlers.exports.lists import ANY, CUSTOM, ExportRequest, chosen


class ExportStep(StrEnum):
    """The export dialog's steps."""

    WHAT = "what"
    REPORT_PERIOD = "report_period"
    STATISTICS_YEAR = "statistics_year"
    PERIOD = "period"
    START = "start"
    END = "end"
    TRACK = "track"
    STATE = "state"
    UNIT = "unit"


INITIATIVES = "initiatives"
NOMINATIONS = "nominations"
REPORTS = "reports"
MILESTONES = "milestones"
STATISTICS = "statistics"
#: The question of a step, for initiatives and for nominations.
PROMPTS: dict[ExportStep, tuple[str, str]] = {
    ExportStep.PERIOD: ("export.ask_period", "export.nominations.ask_period"),
    ExportStep.STATE: ("export.ask_state", "export.nominations.ask_state"),
    ExportStep.UNIT: ("export.ask_unit", "export.nominations.ask_unit"),
}
ALL_TIME = "all"


async def start_export(turn: Turn) -> Reply:
    """Answer ``/xuat`` by asking what to export (the route table admits only the Office)."""
    return await turn.dialogs.start(turn, turn.incoming, EXPORT)


async def _what_options(turn: Turn, _answers: ExportRequest) -> Sequence[Option]:
    return [
        Option(INITIATIVES, turn.t("export.what.initiatives")),
        Option(NOMINATIONS, turn.t("export.what.nominations")),
        Option(REPORTS, turn.t("export.what.reports")),
        Option(MILESTONES, turn.t("export.what.milestones")),
        Option(STATISTICS, turn.t("statistics.chat.what")),
    ]


async def _after_what(turn: Turn, _answers: ExportRequest, value: Any) -> Then[ExportRequest]:
    if value == MILESTONES:
        return Then(FINISH)  # this year's calendar; /lichthidua exports next year's too
    if value == STATISTICS:
        return Then(ExportStep.STATISTICS_YEAR)
    if value != REPORTS:
        return Then(ExportStep.PERIOD)
    if not await turn.services.reports.periods():
        raise InvalidInput("export.reports.none")
    return Then(ExportStep.REPORT_PERIOD)


async def _after_report_period(
    _turn: Turn, _answers: ExportRequest, _value: Any
) -> Then[ExportRequest]:
    return Then(FINISH)  # the period (the tables' year) is the only filter


def _prompt(step: ExportStep) -> Callable[[Turn, ExportRequest], Awaitable[str]]:
    """The question of ``step``, worded for what is being exported."""
    initiatives, nominations = PROMPTS[step]

    async def render(turn: Turn, answers: ExportRequest) -> str:
        return turn.t(nominations if answers.what == NOMINATIONS else initiatives)

    return render


def _after_filters(answers: ExportRequest) -> ExportStep:
    """Nominations are also filtered by track; initiatives go on to the state."""
    return ExportStep.TRACK if answers.what == NOMINATIONS else ExportStep.STATE


async def _period_options(turn: Turn, _answers: ExportRequest) -> Sequence[Option]:
    # The year itself is stored, so the choice means the same whenever the dialog finishes.
    year = turn.clock.now().astimezone(turn.settings.organisation.zone).year
    return [
        Option(str(year), turn.t("export.period.this_year", year=year)),
        Option(str(year - 1), turn.t("export.period.last_year", year=year - 1)),
        Option(ALL_TIME, turn.t("export.period.all")),
        Option(CUSTOM, turn.t("export.period.custom")),
    ]


async def _after_period(_turn: Turn, answers: ExportRequest, value: Any) -> Then[ExportRequest]:
    return Then(None if value == CUSTOM else _after_filters(answers))


async def _after_end(_turn: Turn, answers: ExportRequest, _value: Any) -> Then[ExportRequest]:
    first, last = answers.start, answers.end
    assert first is not None and last is not None, "asked before"
    if last < first:
        raise InvalidInput("export.error.end_before_start", start=day_text(first))
    return Then(_after_filters(answers))


async def _state_options(turn: Turn, answers: ExportRequest) -> Sequence[Option]:
    if answers.what == NOMINATIONS:
        return await export_lists.state_options(turn)
    states = [Option(s.value, turn.t(f"initiative.state.{s.value}")) for s in EXPORTABLE_STATES]
    return [Option(ANY, turn.t("export.filter.all_states")), *states]


async def _unit_options(turn: Turn, _answers: ExportRequest) -> Sequence[Option]:
    units = await turn.services.units.list_active()
    return [
        Option(ANY, turn.t("export.filter.all_units")),
        *(Option(u.code, u.name) for u in units),
    ]


def _filters(answers: ExportRequest) -> ExportFilter:
    start, end = answers.days()
    state = chosen(answers.state)
    return ExportFilter(
        year=answers.year(),
        start=start,
        end=end,
        state=None if state is None else InitiativeState(state),
        unit_code=chosen(answers.unit),
    )


async def _finish(turn: Turn, answers: ExportRequest, _draft: Draft) -> Reply:
    if answers.what == NOMINATIONS:
        return await export_lists.finish_nominations(turn, answers)
    if answers.what == REPORTS:
        return await export_lists.finish_reports(turn, answers)
    if answers.what == MILESTONES:
        return await export_lists.finish_milestones(turn)
    if answers.what == STATISTICS:
        return await export_statistics.finish(turn, answers)
    filters = _filters(answers)
    rows = await turn.services.initiative_export.rows(turn.member, filters)
    words = describe(turn.texts, filters, unit=answers.unit_name)
    if not rows:
        return Reply(turn.t("export.empty", filters=words))
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    title = title_line(turn.texts, organisation.name, words, now)
    content = await asyncio.to_thread(workbook, rows, turn.texts, title)
    return Reply(
        turn.t("export.done", count=len(rows), filters=words),
        document=Document(file_name(filters), content),
    )


EXPORT: Dialog[Turn, ExportRequest] = Dialog(
    name="export",
    answers=ExportRequest,
    steps=(
        Step(
            ExportStep.WHAT,
            "export.ask_what",
            InputKind.CHOICE,
            options=_what_options,
            after=_after_what,
        ),
        Step(
            ExportStep.REPORT_PERIOD,
            "export.reports.ask_period",
            InputKind.CHOICE,
            options=export_lists.period_options,
            after=_after_report_period,
        ),
        Step(
            ExportStep.STATISTICS_YEAR,
            "statistics.chat.ask_year",
            InputKind.CHOICE,
            options=export_statistics.year_options,
            after=_after_report_period,
        ),
        Step(
            ExportStep.PERIOD,
            "export.ask_period",
            InputKind.CHOICE,
            options=_period_options,
            after=_after_period,
            render=_prompt(ExportStep.PERIOD),
        ),
        Step(ExportStep.START, "export.ask_start", InputKind.DATE),
        Step(ExportStep.END, "export.ask_end", InputKind.DATE, after=_after_end),
        Step(
            ExportStep.TRACK,
            "export.nominations.ask_track",
            InputKind.CHOICE,
            options=export_lists.track_options,
        ),
        Step(
            ExportStep.STATE,
            "export.ask_state",
            InputKind.CHOICE,
            options=_state_options,
            render=_prompt(ExportStep.STATE),
        ),
        Step(
            ExportStep.UNIT,
            "export.ask_unit",
            InputKind.CHOICE,
            options=_unit_options,
            render=_prompt(ExportStep.UNIT),
        ),
    ),
    finish=_finish,
    cancelled="export.cancelled",
)
