"""``/xuat``: the Office exports lists as Excel workbooks, sent as a document.

Initiatives, nominations (one step more: the track) and one period's report status. The
nomination branch's choices and finish live in :mod:`handlers.exports.lists`.

```mermaid
stateDiagram-v2
    [*] --> what
    what --> what: reports, but no period yet (re-asked)
    what --> report_period: report status
    report_period --> [*]: the workbook
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
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any

from bot.dates import day_text
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import FINISH, Dialog, Step
from bot.domain import InitiativeState
from bot.exports.initiatives import describe, file_name, title_line, workbook
from bot.ports import Document, Reply
from bot.routing import Turn
from bot.services.initiatives.export import EXPORTABLE_STATES, ExportFilter
from handlers.exports import lists as export_lists

DIALOG = "export"
INITIATIVES = "initiatives"
NOMINATIONS = "nominations"
REPORTS = "reports"
#: The question of a step, for initiatives and for nominations.
PROMPTS: dict[str, tuple[str, str]] = {
    "period": ("export.ask_period", "export.nominations.ask_period"),
    "state": ("export.ask_state", "export.nominations.ask_state"),
    "unit": ("export.ask_unit", "export.nominations.ask_unit"),
}
ANY = "any"
ALL_TIME = "all"
CUSTOM = "custom"


async def start_export(turn: Turn) -> Reply:
    """Answer ``/xuat`` by asking what to export (the route table admits only the Office)."""
    return await turn.dialogs.start(turn, turn.incoming, DIALOG)


async def _what_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [
        Option(INITIATIVES, turn.t("export.what.initiatives")),
        Option(NOMINATIONS, turn.t("export.what.nominations")),
        Option(REPORTS, turn.t("export.what.reports")),
    ]


async def _after_what(turn: Turn, _data: dict[str, Any], value: Any) -> str | None:
    if value != REPORTS:
        return "period"
    if not await turn.services.reports.periods():
        raise InvalidInput("export.reports.none")
    return "report_period"


async def _after_report_period(_turn: Turn, _data: dict[str, Any], _value: Any) -> str | None:
    return FINISH  # the period is the report status's only filter


def _prompt(step: str) -> Callable[[Turn, Mapping[str, Any]], Awaitable[str]]:
    """The question of ``step``, worded for what is being exported."""
    initiatives, nominations = PROMPTS[step]

    async def render(turn: Turn, data: Mapping[str, Any]) -> str:
        return turn.t(nominations if data.get("what") == NOMINATIONS else initiatives)

    return render


def _after_filters(data: Mapping[str, Any]) -> str:
    """Nominations are also filtered by track; initiatives go on to the state."""
    return "track" if data.get("what") == NOMINATIONS else "state"


async def _period_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    # The year itself is stored, so the choice means the same whenever the dialog finishes.
    year = turn.clock.now().astimezone(turn.settings.organisation.zone).year
    return [
        Option(str(year), turn.t("export.period.this_year", year=year)),
        Option(str(year - 1), turn.t("export.period.last_year", year=year - 1)),
        Option(ALL_TIME, turn.t("export.period.all")),
        Option(CUSTOM, turn.t("export.period.custom")),
    ]


async def _after_period(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    return None if value == CUSTOM else _after_filters(data)


async def _after_end(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if str(value) < str(data["start"]):  # ISO dates sort as text
        first = date.fromisoformat(str(data["start"]))
        raise InvalidInput("export.error.end_before_start", start=day_text(first))
    return _after_filters(data)


async def _state_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    if data.get("what") == NOMINATIONS:
        return await export_lists.state_options(turn)
    states = [Option(s.value, turn.t(f"initiative.state.{s.value}")) for s in EXPORTABLE_STATES]
    return [Option(ANY, turn.t("export.filter.all_states")), *states]


async def _unit_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    units = await turn.services.units.list_active()
    return [
        Option(ANY, turn.t("export.filter.all_units")),
        *(Option(u.code, u.name) for u in units),
    ]


def _filters(data: Mapping[str, Any]) -> ExportFilter:
    period, state, unit = str(data["period"]), str(data["state"]), str(data["unit"])
    custom = period == CUSTOM  # start and end may linger from a range given, then undone
    return ExportFilter(
        year=int(period) if period.isdigit() else None,
        start=date.fromisoformat(str(data["start"])) if custom else None,
        end=date.fromisoformat(str(data["end"])) if custom else None,
        state=None if state == ANY else InitiativeState(state),
        unit_code=None if unit == ANY else unit,
    )


async def _finish(turn: Turn, data: dict[str, Any]) -> Reply:
    if data["what"] == NOMINATIONS:
        return await export_lists.finish_nominations(turn, data)
    if data["what"] == REPORTS:
        return await export_lists.finish_reports(turn, data)
    filters = _filters(data)
    rows = await turn.services.initiative_export.rows(turn.member, filters)
    words = describe(turn.texts, filters, unit=data.get("unit_name"))
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


EXPORT: Dialog[Turn] = Dialog(
    name=DIALOG,
    steps=(
        Step(
            "what", "export.ask_what", InputKind.CHOICE, options=_what_options, after=_after_what
        ),
        Step(
            "report_period",
            "export.reports.ask_period",
            InputKind.CHOICE,
            options=export_lists.period_options,
            after=_after_report_period,
        ),
        Step(
            "period",
            "export.ask_period",
            InputKind.CHOICE,
            options=_period_options,
            after=_after_period,
            render=_prompt("period"),
        ),
        Step("start", "export.ask_start", InputKind.DATE),
        Step("end", "export.ask_end", InputKind.DATE, after=_after_end),
        Step(
            "track",
            "export.nominations.ask_track",
            InputKind.CHOICE,
            options=export_lists.track_options,
        ),
        Step(
            "state",
            "export.ask_state",
            InputKind.CHOICE,
            options=_state_options,
            render=_prompt("state"),
        ),
        Step(
            "unit",
            "export.ask_unit",
            InputKind.CHOICE,
            options=_unit_options,
            render=_prompt("unit"),
        ),
    ),
    finish=_finish,
    cancelled="export.cancelled",
)
