"""The screens of ``/baocao``: a unit head's page, the Office's status table of a period with
its buttons (remind, edit, close, delete), and the list of every period."""

from __future__ import annotations

from bot.callbacks import PeriodChoice, ReportAct, ReportChoice, ReportMenu
from bot.dates import day_text
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.reports import PeriodView, UnitStatus
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import Rows, button, member_of
from handlers.reports.review import report_text, unit_status

UNIT_BUTTONS_PER_ROW = 3
#: The newest periods the list shows (older ones are exported with /xuat).
PERIODS_SHOWN = 10
#: How many characters of a period's name its button shows.
NAME_SHOWN = 40
STATUS_KEYS = {
    UnitStatus.MISSING: "report.status.missing",
    UnitStatus.RETURNED: "report.status.returned",
    UnitStatus.LATE: "report.status.late",
    UnitStatus.SUBMITTED: "report.status.submitted",
    UnitStatus.ACCEPTED: "report.status.accepted",
}


def period_button(turn: Turn, key: str, period: int, action: PeriodChoice) -> Button:
    """A button of a period labelled with the text ``key``."""
    return button(turn, key, ReportMenu(period, action).pack())


async def show_reports(turn: Turn) -> Reply:
    """``/baocao``: the Office gets the status table, a unit head their unit's report."""
    member = member_of(turn)
    period = await turn.services.reports.current_period()
    if member.role in OFFICE:
        if period is None:
            return await _none_open(turn)
        return await status_table(turn, period)
    if period is None:
        return Reply(turn.t("report.none_open"))
    return await _unit_page(turn, period)


async def _none_open(turn: Turn) -> Reply:
    rows: Rows = [(period_button(turn, "report.button.new_period", 0, PeriodChoice.NEW),)]
    if await turn.services.reports.periods():
        rows.append((period_button(turn, "report.button.periods", 0, PeriodChoice.LIST),))
    return Reply(turn.t("report.none_open_office"), buttons=tuple(rows))


async def _unit_page(turn: Turn, period: PeriodView) -> Reply:
    """The open period and where the head's unit stands, with the submit button if due."""
    member = member_of(turn)
    report = await turn.services.reports.unit_report(member, period.id)
    parts = [turn.t("report.period", name=period.name, deadline=day_text(period.deadline))]
    if report is None:
        parts.append(turn.t("report.unit_missing", unit=member.unit.name))
    else:
        parts.append(report_text(turn, report))
    rows: Rows = []
    if report is None or unit_status(report) is UnitStatus.RETURNED:
        rows.append((period_button(turn, "report.button.submit", period.id, PeriodChoice.SUBMIT),))
    return Reply("\n\n".join(parts), buttons=tuple(rows))


async def status_table(turn: Turn, period: PeriodView, *, intro: str = "") -> Reply:
    """Every unit's status, those needing attention first, with a button per sent report and
    the period's own buttons; ``intro`` (markup) comes first."""
    status = await turn.services.report_review.status(member_of(turn), period.id)
    lines = "\n".join(turn.t(STATUS_KEYS[u.status], unit=u.name) for u in status.units)
    parts = [intro] if intro else []
    parts.append(
        turn.t(
            "report.table",
            name=period.name,
            deadline=day_text(period.deadline),
            received=status.received,
            units=len(status.units),
            late=sum(u.late for u in status.units),  # accepted or returned late ones too
            accepted=status.count(UnitStatus.ACCEPTED),
            missing=status.count(UnitStatus.MISSING),
            lines=Safe(lines),
        )
    )
    if not period.open:
        parts.append(turn.t("report.closed_note"))
    unit_buttons = [
        Button(u.code, ReportAct(u.report_id, 0, ReportChoice.OPEN).pack())
        for u in status.units
        if u.report_id is not None
    ]
    rows: Rows = [
        tuple(unit_buttons[i : i + UNIT_BUTTONS_PER_ROW])
        for i in range(0, len(unit_buttons), UNIT_BUTTONS_PER_ROW)
    ]
    if period.open and status.count(UnitStatus.MISSING):
        rows.append((period_button(turn, "report.button.remind", period.id, PeriodChoice.REMIND),))
    rows.append(_period_row(turn, period, deletable=status.received == 0))
    rows.append(
        (
            period_button(turn, "report.button.periods", 0, PeriodChoice.LIST),
            period_button(turn, "report.button.new_period", 0, PeriodChoice.NEW),
        )
    )
    return Reply("\n\n".join(parts), buttons=tuple(rows), edit=True)


def _period_row(turn: Turn, period: PeriodView, *, deletable: bool) -> tuple[Button, ...]:
    """Edit always; close while open; delete while no report was sent."""
    row = [period_button(turn, "report.button.edit_period", period.id, PeriodChoice.EDIT)]
    if period.open:
        row.append(
            period_button(turn, "report.button.close_period", period.id, PeriodChoice.CLOSE)
        )
    if deletable:
        row.append(
            period_button(turn, "report.button.delete_period", period.id, PeriodChoice.DELETE)
        )
    return tuple(row)


async def period_list(turn: Turn) -> Reply:
    """Every period, newest first, open or closed, each with a button to its table."""
    periods = await turn.services.reports.periods()
    if not periods:
        return await _none_open(turn)
    shown = periods[:PERIODS_SHOWN]
    lines = [turn.t("report.periods_title")]
    for period in shown:
        state = "report.period_open" if period.open else "report.period_closed"
        line = turn.t(
            "report.period_line",
            name=period.name,
            deadline=day_text(period.deadline),
            state=turn.t(state),
        )
        lines.append(line)
    if len(periods) > len(shown):
        lines.append(turn.t("report.periods_more", count=len(periods) - len(shown)))
    rows: Rows = [
        (Button(_short(p.name), ReportMenu(p.id, PeriodChoice.STATUS).pack()),) for p in shown
    ]
    rows.append((period_button(turn, "report.button.new_period", 0, PeriodChoice.NEW),))
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


def _short(name: str) -> str:
    """A period's name for a button: whole words up to :data:`NAME_SHOWN` characters."""
    if len(name) <= NAME_SHOWN:
        return name
    cut = name[: NAME_SHOWN - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
