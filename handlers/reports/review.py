"""A unit's report as the Office reads it: accept, return with a reason, or get its files.

Every review button carries the version the person saw; the service re-checks roles and
states, so a forged or outdated press does nothing.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.callbacks import PeriodChoice, ReportAct, ReportChoice, ReportFile, ReportMenu
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.reports import REASON_MIN, STATE_KEYS, ReportView, UnitStatus
from bot.services.workflow import REASON_MAX
from bot.turn import Turn
from handlers.common import Rows, attached_document, button, dates, member_of


def report_text(turn: Turn, report: ReportView) -> str:
    """A report's content, state and files, with the reason when it was returned."""
    parts = [
        turn.t(
            "report.detail",
            unit=report.unit,
            period=report.period,
            state=turn.t(STATE_KEYS[unit_status(report)]),
            submitter=report.submitter,
            at=dates.when(turn, report.submitted_at),
            summary=report.summary,
            results=report.results,
            files=", ".join(f.name for f in report.files) or turn.t("report.no_files"),
        )
    ]
    reason = next((c.reason for c in reversed(report.history) if c.to_state == "returned"), "")
    if unit_status(report) is UnitStatus.RETURNED and reason:
        parts.append(turn.t("report.returned_reason", reason=reason))
    return "\n\n".join(parts)


def unit_status(report: ReportView) -> UnitStatus:
    """Where the report's unit stands, as the Office's table says it."""
    if report.state.value == UnitStatus.SUBMITTED:
        return UnitStatus.LATE if report.late else UnitStatus.SUBMITTED
    return UnitStatus(report.state.value)


def _detail(turn: Turn, report: ReportView, *, intro: str = "", edit: bool = True) -> Reply:
    """A report as the Office reads it, with accept / return while it waits for review."""
    text = report_text(turn, report)
    channel = turn.incoming.channel.value
    rows: Rows = [
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
        unit_status(report) in (UnitStatus.SUBMITTED, UnitStatus.LATE)
        and member_of(turn).role in OFFICE
    ):
        seen = report.id, report.version
        rows.append(
            (
                button(turn, "report.button.accept", ReportAct(*seen, ReportChoice.ACCEPT).pack()),
                button(turn, "report.button.return", ReportAct(*seen, ReportChoice.RETURN).pack()),
            )
        )
    table = ReportMenu(report.period_id, PeriodChoice.STATUS).pack()
    rows.append((button(turn, "report.button.table", table),))
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=tuple(rows), edit=edit)


async def act_on_report(turn: Turn, payload: ReportAct) -> Reply:
    """A ``ReportAct`` button: open a report, accept it, or ask the reason to return it."""
    member = member_of(turn)
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
    if not (await reports.period(view.period_id)).open:
        return _detail(turn, view, intro=turn.t("report.error.closed"))  # could not resend
    given = ReturnAnswers(report=view.id, version=view.version, unit=view.unit)
    return await turn.dialogs.start(turn, turn.incoming, RETURN, given)


async def send_file(turn: Turn, payload: ReportFile) -> Reply:
    """A 📎 button: send the file, re-checking that the person may see the report."""
    report = await turn.services.reports.report(member_of(turn), payload.report)
    file = next((f for f in report.files if f.id == payload.attachment), None)
    if file is None:
        return _detail(turn, report, intro=turn.t("report.file_missing"), edit=False)
    document = await attached_document(turn, file)
    if document is None:
        return Reply(turn.t("common.files.other_channel", name=file.name))
    text = turn.t("report.file_sent", name=file.name, unit=report.unit)
    return Reply(text, document=document)


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
    member = member_of(turn)
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
