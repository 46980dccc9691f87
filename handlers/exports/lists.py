"""The ``/xuat`` branches for nominations and report status: their choices and their finish.

The dialog itself lives in :mod:`handlers.exports.dialog`; this module only turns the answers into
a workbook sent as a document, or a clear text when there is nothing to send.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.dates import day_text
from bot.dialog_inputs import Option
from bot.domain import NominationState, Track
from bot.exports import nominations, reports
from bot.ports import Document, Reply
from bot.routing import Turn
from bot.services.nominations.export import NominationFilter

# The same answers as in handlers.exports.dialog (which imports this module, so not the reverse).
ANY = "any"
CUSTOM = "custom"


async def track_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    """Every track, after "any"."""
    tracks = [Option(t.value, turn.t(nominations.TRACKS[t])) for t in Track]
    return [Option(ANY, turn.t("export.nominations.all_tracks")), *tracks]


async def state_options(turn: Turn) -> Sequence[Option]:
    """Every nomination state, after "any"."""
    states = [Option(s.value, turn.t(key)) for s, key in nominations.STATES.items()]
    return [Option(ANY, turn.t("export.filter.all_states")), *states]


async def period_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    """Every reporting period, newest first."""
    periods = await turn.services.reports.periods()
    return [
        Option(
            str(p.id),
            turn.t("export.reports.period_option", name=p.name, deadline=day_text(p.deadline)),
        )
        for p in periods
    ]


def nomination_filter(data: Mapping[str, Any]) -> NominationFilter:
    """The filters the answers describe."""
    period, state, unit = str(data["period"]), str(data["state"]), str(data["unit"])
    track = str(data.get("track", ANY))
    custom = period == CUSTOM  # start and end may linger from a range given, then undone
    return NominationFilter(
        year=int(period) if period.isdigit() else None,
        start=date.fromisoformat(str(data["start"])) if custom else None,
        end=date.fromisoformat(str(data["end"])) if custom else None,
        track=None if track == ANY else Track(track),
        state=None if state == ANY else NominationState(state),
        unit_code=None if unit == ANY else unit,
    )


async def finish_nominations(turn: Turn, data: Mapping[str, Any]) -> Reply:
    """Send the nominations workbook, or say that nothing matched."""
    filters = nomination_filter(data)
    rows = await turn.services.nomination_export.rows(turn.member, filters)
    words = nominations.describe(turn.texts, filters, unit=data.get("unit_name"))
    if not rows:
        return Reply(turn.t("export.nominations.empty", filters=words))
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    title = nominations.title_line(turn.texts, organisation.name, words, now)
    content = await asyncio.to_thread(nominations.workbook, rows, turn.texts, title)
    return Reply(
        turn.t("export.nominations.done", count=len(rows), filters=words),
        document=Document(nominations.file_name(filters), content),
    )


async def finish_reports(turn: Turn, data: Mapping[str, Any]) -> Reply:
    """Send the report status workbook of the chosen period."""
    export = await turn.services.report_export.status(turn.member, int(data["report_period"]))
    if not export.rows:
        return Reply(turn.t("export.reports.empty"))
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    title = reports.title_line(turn.texts, organisation.name, export, now)
    content = await asyncio.to_thread(reports.workbook, export, turn.texts, title)
    return Reply(
        turn.t(
            "export.reports.done",
            period=export.period.name,
            received=reports.received(export),
            units=len(export.rows),
        ),
        document=Document(reports.file_name(export), content),
    )
