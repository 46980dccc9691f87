"""``/xuat``: the Office exports lists as Excel workbooks, sent as a document.

Only initiatives can be exported so far; nominations and unit reports come with their
features.

```mermaid
stateDiagram-v2
    [*] --> what
    what --> period
    period --> start: a custom range
    period --> state: this year, last year, all
    start --> end
    end --> end: before the first day (re-asked)
    end --> state
    state --> unit
    unit --> [*]: the workbook as a document, or "nothing to export" and no file
```
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialogs import Dialog, Step
from bot.exports.initiatives import describe, file_name, title_line, workbook
from bot.ports import Document, Reply
from bot.routing import Turn
from bot.services.initiative_export import EXPORTABLE_STATES, ExportFilter, InitiativeState

DIALOG = "export"
INITIATIVES = "initiatives"
ANY = "any"
ALL_TIME = "all"
CUSTOM = "custom"


async def start_export(turn: Turn) -> Reply:
    """Answer ``/xuat`` by asking what to export (the route table admits only the Office)."""
    return await turn.dialogs.start(turn, turn.incoming, DIALOG)


async def _what_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [Option(INITIATIVES, turn.t("export.what.initiatives"))]


async def _period_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    # The year itself is stored, so the choice means the same whenever the dialog finishes.
    year = turn.clock.now().astimezone(turn.settings.organisation.zone).year
    return [
        Option(str(year), turn.t("export.period.this_year", year=year)),
        Option(str(year - 1), turn.t("export.period.last_year", year=year - 1)),
        Option(ALL_TIME, turn.t("export.period.all")),
        Option(CUSTOM, turn.t("export.period.custom")),
    ]


async def _after_period(_turn: Turn, _data: dict[str, Any], value: Any) -> str | None:
    return None if value == CUSTOM else "state"


async def _after_end(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if str(value) < str(data["start"]):  # ISO dates sort as text
        first = date.fromisoformat(str(data["start"]))
        raise InvalidInput("export.error.end_before_start", start=f"{first:%d/%m/%Y}")
    return None


async def _state_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
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
    # "what" can only be initiatives so far; nominations and reports will branch here.
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
        Step("what", "export.ask_what", InputKind.CHOICE, options=_what_options),
        Step(
            "period",
            "export.ask_period",
            InputKind.CHOICE,
            options=_period_options,
            after=_after_period,
        ),
        Step("start", "export.ask_start", InputKind.DATE),
        Step("end", "export.ask_end", InputKind.DATE, after=_after_end),
        Step("state", "export.ask_state", InputKind.CHOICE, options=_state_options),
        Step("unit", "export.ask_unit", InputKind.CHOICE, options=_unit_options),
    ),
    finish=_finish,
    cancelled="export.cancelled",
)
