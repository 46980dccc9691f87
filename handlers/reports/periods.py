"""``/baocao``: unit heads send their unit's annual report; the Office opens periods, follows
who has sent, accepts or returns reports and reminds the units that have not sent.

```mermaid
stateDiagram-v2
    [*] --> summary: 📝 Nộp báo cáo (unit head; none yet, or returned)
    summary --> results: 10–3000 characters
    results --> attach: 10–3000 characters
    attach --> file: 📎 Đính kèm tệp
    attach --> confirm: Không đính kèm
    file --> confirm
    confirm --> [*]: submitted (late if after the deadline)
    [*] --> name: 📂 Mở kỳ báo cáo (Office)
    name --> deadline: 3–200 characters
    deadline --> [*]: period opened
    [*] --> reason: ↩️ Trả lại (Office)
    reason --> [*]: returned, the sender told through the outbox
```

Every review button carries the version the person saw; the service re-checks roles and
states, so a forged or outdated press does nothing.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.callbacks import PeriodChoice, ReportAct, ReportChoice, ReportFile, ReportMenu
from bot.dates import day_text
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Document, Reply
from bot.roles import OFFICE, Role
from bot.routing import Turn
from bot.services.common import MemberView
from bot.services.reports import PeriodView, ReportView, UnitStatus
from bot.services.workflow import REASON_MAX
from bot.texts import Safe
from handlers.common import dates
from handlers.reports.dialogs import PERIOD, SUBMIT, ReportAnswers

REASON_MIN = 5
UNIT_BUTTONS_PER_ROW = 3
STATUS_KEYS = {
    UnitStatus.MISSING: "report.status.missing",
    UnitStatus.RETURNED: "report.status.returned",
    UnitStatus.LATE: "report.status.late",
    UnitStatus.SUBMITTED: "report.status.submitted",
    UnitStatus.ACCEPTED: "report.status.accepted",
}
STATE_KEYS = {
    UnitStatus.RETURNED: "report.state.returned",
    UnitStatus.LATE: "report.state.late",
    UnitStatus.SUBMITTED: "report.state.submitted",
    UnitStatus.ACCEPTED: "report.state.accepted",
}


def _member(turn: Turn) -> MemberView:
    assert turn.member is not None  # the route table lets members only
    return turn.member


def _button(turn: Turn, key: str, data: str) -> Button:
    return Button(turn.t(key), data)


async def show_reports(turn: Turn) -> Reply:
    """``/baocao``: the Office gets the status table, a unit head their unit's report."""
    member = _member(turn)
    period = await turn.services.reports.current_period()
    if member.role in OFFICE:
        if period is None:
            new = _button(turn, "report.button.new_period", ReportMenu(0, PeriodChoice.NEW).pack())
            return Reply(turn.t("report.none_open_office"), buttons=((new,),))
        return await _status_table(turn, period)
    if period is None:
        return Reply(turn.t("report.none_open"))
    return await _unit_page(turn, period)


async def _unit_page(turn: Turn, period: PeriodView) -> Reply:
    """The open period and where the head's unit stands, with the submit button if due."""
    member = _member(turn)
    report = await turn.services.reports.unit_report(member, period.id)
    parts = [_period_line(turn, period)]
    if report is None:
        parts.append(turn.t("report.unit_missing", unit=member.unit.name))
    else:
        parts.append(_report_text(turn, report))
    rows = []
    if report is None or _unit_status(report) is UnitStatus.RETURNED:
        rows.append(
            (
                _button(
                    turn, "report.button.submit", ReportMenu(period.id, PeriodChoice.SUBMIT).pack()
                ),
            )
        )
    return Reply("\n\n".join(parts), buttons=tuple(rows))


def _period_line(turn: Turn, period: PeriodView) -> str:
    return turn.t("report.period", name=period.name, deadline=day_text(period.deadline))


async def _status_table(turn: Turn, period: PeriodView) -> Reply:
    """Every unit's status, those needing attention first, with a button per sent report."""
    status = await turn.services.report_review.status(_member(turn), period.id)
    lines = "\n".join(turn.t(STATUS_KEYS[u.status], unit=u.name) for u in status.units)
    text = turn.t(
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
    unit_buttons = [
        Button(u.code, ReportAct(u.report_id, 0, ReportChoice.OPEN).pack())
        for u in status.units
        if u.report_id is not None
    ]
    rows = [
        tuple(unit_buttons[i : i + UNIT_BUTTONS_PER_ROW])
        for i in range(0, len(unit_buttons), UNIT_BUTTONS_PER_ROW)
    ]
    if status.count(UnitStatus.MISSING):
        rows.append(
            (
                _button(
                    turn, "report.button.remind", ReportMenu(period.id, PeriodChoice.REMIND).pack()
                ),
            )
        )
    rows.append(
        (_button(turn, "report.button.new_period", ReportMenu(0, PeriodChoice.NEW).pack()),)
    )
    return Reply(text, buttons=tuple(rows), edit=True)


def _report_text(turn: Turn, report: ReportView) -> str:
    parts = [
        turn.t(
            "report.detail",
            unit=report.unit,
            period=report.period,
            state=turn.t(STATE_KEYS[_unit_status(report)]),
            submitter=report.submitter,
            at=dates.when(turn, report.submitted_at),
            summary=report.summary,
            results=report.results,
            files=", ".join(f.name for f in report.files) or turn.t("report.no_files"),
        )
    ]
    reason = next((c.reason for c in reversed(report.history) if c.to_state == "returned"), "")
    if _unit_status(report) is UnitStatus.RETURNED and reason:
        parts.append(turn.t("report.returned_reason", reason=reason))
    return "\n\n".join(parts)


def _unit_status(report: ReportView) -> UnitStatus:
    if report.state.value == UnitStatus.SUBMITTED:
        return UnitStatus.LATE if report.late else UnitStatus.SUBMITTED
    return UnitStatus(report.state.value)


def _detail(turn: Turn, report: ReportView, *, intro: str = "", edit: bool = True) -> Reply:
    """A report as the Office reads it, with accept / return while it waits for review."""
    text = _report_text(turn, report)
    channel = turn.incoming.channel.value
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                turn.t("common.files.send_button", name=f.name),
                ReportFile(report.id, f.id).pack(),
            ),
        )
        for f in report.files
        if f.channel == channel
    ]
    if (
        _unit_status(report) in (UnitStatus.SUBMITTED, UnitStatus.LATE)
        and _member(turn).role in OFFICE
    ):
        rows.append(
            (
                _button(
                    turn,
                    "report.button.accept",
                    ReportAct(report.id, report.version, ReportChoice.ACCEPT).pack(),
                ),
                _button(
                    turn,
                    "report.button.return",
                    ReportAct(report.id, report.version, ReportChoice.RETURN).pack(),
                ),
            )
        )
    rows.append(
        (
            _button(
                turn,
                "report.button.table",
                ReportMenu(report.period_id, PeriodChoice.STATUS).pack(),
            ),
        )
    )
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=tuple(rows), edit=edit)


async def act_on_period(turn: Turn, payload: ReportMenu) -> Reply:
    """A ``ReportMenu`` button: status table, reminder, new period, or the submit dialog."""
    member = _member(turn)
    reports = turn.services.reports
    if payload.action is PeriodChoice.SUBMIT:
        if member.role is not Role.UNIT_HEAD:
            raise errors.NotAllowed
        period = await reports.current_period()
        if period is None or period.id != payload.period:
            raise errors.PeriodClosed
        given = ReportAnswers(period=period.id, period_name=period.name)
        return await turn.dialogs.start(turn, turn.incoming, SUBMIT, given)
    if member.role not in OFFICE:
        raise errors.NotAllowed
    if payload.action is PeriodChoice.NEW:
        return await turn.dialogs.start(turn, turn.incoming, PERIOD)
    chosen = next((p for p in await reports.periods() if p.id == payload.period), None)
    if chosen is None:
        raise errors.PeriodNotFound
    if payload.action is PeriodChoice.STATUS:
        return await _status_table(turn, chosen)
    count = await turn.services.report_review.remind_missing(member, chosen.id)  # REMIND
    key = "report.reminded" if count else "report.reminded_none"
    back = _button(turn, "report.button.table", ReportMenu(chosen.id, PeriodChoice.STATUS).pack())
    return Reply(turn.t(key, count=count), buttons=((back,),))


async def act_on_report(turn: Turn, payload: ReportAct) -> Reply:
    """A ``ReportAct`` button: open a report, accept it, or ask the reason to return it."""
    member = _member(turn)
    reports = turn.services.reports
    if payload.action is ReportChoice.OPEN:
        return _detail(turn, await reports.report(member, payload.report))
    if member.role not in OFFICE:
        raise errors.NotAllowed
    if payload.action is ReportChoice.ACCEPT:
        try:
            view = await turn.services.report_review.accept(
                member, payload.report, payload.version
            )
        except errors.ReportAlreadyHandled as problem:
            return _detail(
                turn, await reports.report(member, payload.report), intro=turn.t(problem.text_key)
            )
        return _detail(turn, view, intro=turn.t("report.accepted"))
    view = await reports.report(member, payload.report)  # RETURN: ask the reason
    if view.version != payload.version:
        return _detail(turn, view, intro=turn.t("report.error.already_handled"))
    given = ReturnAnswers(report=view.id, version=view.version, unit=view.unit)
    return await turn.dialogs.start(turn, turn.incoming, RETURN, given)


async def send_file(turn: Turn, payload: ReportFile) -> Reply:
    """A 📎 button: send the file, re-checking that the person may see the report."""
    report = await turn.services.reports.report(_member(turn), payload.report)
    file = next((f for f in report.files if f.id == payload.attachment), None)
    if file is None:
        return _detail(turn, report, intro=turn.t("report.file_missing"), edit=False)
    if file.channel != turn.incoming.channel.value:
        return Reply(turn.t("common.files.other_channel", name=file.name))
    text = turn.t("report.file_sent", name=file.name, unit=report.unit)
    return Reply(text, document=Document(name=file.name, file_id=file.file_id))


# --- returning with a reason ---------------------------------------------------------------


class ReturnStep(StrEnum):
    """The step of returning a report."""

    REASON = "reason"


class ReturnAnswers(Answers):
    """A report being returned: the report as seen and the reason typed."""

    report: int | None = None
    version: int | None = None
    unit: str = ""
    reason: str | None = None


async def _finish_return(turn: Turn, answers: ReturnAnswers, draft: Draft) -> Reply:
    assert answers.report is not None and answers.version is not None
    assert answers.reason is not None
    member = _member(turn)
    report_id = answers.report
    try:
        view = await turn.services.report_review.return_(
            member, report_id, answers.reason, answers.version, dialog=draft
        )
    except errors.DomainError as problem:
        # Answered here, not by the router, so the dialog closes and the report shows as it is.
        current = await turn.services.reports.report(member, report_id)
        return _detail(turn, current, intro=turn.t(problem.text_key, **problem.params), edit=False)
    return _detail(turn, view, intro=turn.t("report.returned"), edit=False)


RETURN: Dialog[Turn, ReturnAnswers] = Dialog(
    name="report_return",
    answers=ReturnAnswers,
    steps=(
        Step(
            ReturnStep.REASON,
            "report.ask_reason",
            min_length=REASON_MIN,
            max_length=REASON_MAX,
        ),
    ),
    finish=_finish_return,
    cancelled="report.return_cancelled",
)
