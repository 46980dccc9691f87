"""The ``/xuat`` branches for nominations and report status: their choices and their finish.

The dialog itself lives in :mod:`handlers.exports.dialog`; this module holds its answers (the
dialog imports this module, so not the reverse) and only turns them into a workbook sent as a
document, or a clear text when there is nothing to send.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date

from bot.dates import day_text
from bot.dialog_inputs import Option
from bot.dialog_spec import Answers
from bot.domain import NominationState, Track
from bot.exports import milestones, nominations, reports
from bot.ports import Document, Reply
from bot.services.nominations import NominationFilter
from bot.turn import Turn

#: The answer "every state / unit / track".
ANY = "any"
#: The period answer "a custom range" (then ``start`` and ``end`` are asked).
CUSTOM = "custom"


class ExportRequest(Answers):
    """What ``/xuat`` exports (``what``) and with which filters.

    ``period`` is a year, ``all`` or ``custom`` (then ``start`` and ``end``); ``track`` is asked
    for nominations only; ``report_period`` (a reporting period's id) for report status only;
    ``statistics_year`` for the statistics tables only.
    """

    what: str | None = None
    report_period: str | None = None
    period: str | None = None
    start: date | None = None
    end: date | None = None
    track: str | None = None
    state: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    statistics_year: str | None = None

    def year(self) -> int | None:
        """The year chosen as the period, if one was."""
        return int(self.period) if self.period is not None and self.period.isdigit() else None

    def days(self) -> tuple[date | None, date | None]:
        """The custom range's first and last days, or none for another period.

        ``start`` and ``end`` may linger from a range given, then undone.
        """
        return (self.start, self.end) if self.period == CUSTOM else (None, None)


def chosen(value: str | None) -> str | None:
    """A filter's answer, ``None`` for "any" (or not asked)."""
    return None if value == ANY else value


async def track_options(turn: Turn, _answers: ExportRequest) -> Sequence[Option]:
    """Every track, after "any"."""
    tracks = [Option(t.value, turn.t(nominations.TRACKS[t])) for t in Track]
    return [Option(ANY, turn.t("export.nominations.all_tracks")), *tracks]


async def state_options(turn: Turn) -> Sequence[Option]:
    """Every nomination state, after "any"."""
    states = [Option(s.value, turn.t(key)) for s, key in nominations.STATES.items()]
    return [Option(ANY, turn.t("export.filter.all_states")), *states]


async def period_options(turn: Turn, _answers: ExportRequest) -> Sequence[Option]:
    """Every reporting period, newest first."""
    periods = await turn.services.reports.periods()
    return [
        Option(
            str(p.id),
            turn.t("export.reports.period_option", name=p.name, deadline=day_text(p.deadline)),
        )
        for p in periods
    ]


def nomination_filter(answers: ExportRequest) -> NominationFilter:
    """The filters the answers describe."""
    start, end = answers.days()
    track, state = chosen(answers.track), chosen(answers.state)
    return NominationFilter(
        year=answers.year(),
        start=start,
        end=end,
        track=None if track is None else Track(track),
        state=None if state is None else NominationState(state),
        unit_code=chosen(answers.unit),
    )


async def finish_nominations(turn: Turn, answers: ExportRequest) -> Reply:
    """Send the nominations workbook, or say that nothing matched."""
    filters = nomination_filter(answers)
    rows = await turn.services.nomination_export.rows(turn.member, filters)
    words = nominations.describe(turn.texts, filters, unit=answers.unit_name)
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


async def finish_reports(turn: Turn, answers: ExportRequest) -> Reply:
    """Send the report status workbook of the chosen period."""
    assert answers.report_period is not None, "asked before"
    export = await turn.services.report_export.status(turn.member, int(answers.report_period))
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


async def finish_milestones(turn: Turn) -> Reply:
    """Send this year's milestones workbook (the calendar of /lichthidua)."""
    view = await turn.services.milestones.export(turn.member, turn.services.milestones.this_year())
    if not view.milestones:
        return Reply(turn.t("milestone.export.none", year=view.year))
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    title = milestones.title_line(turn.texts, organisation.name, view, now)
    content = await asyncio.to_thread(milestones.workbook, view, turn.texts, title)
    return Reply(
        turn.t("milestone.export.done", year=view.year, count=len(view.milestones)),
        document=Document(milestones.file_name(view), content),
    )
