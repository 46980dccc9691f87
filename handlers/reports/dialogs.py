"""The dialogs of ``/baocao`` that start something: a unit head sending the unit's report,
and the Office opening a reporting period (its deadline is refused when typed if it is before
today)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import PeriodChoice, ReportMenu
from bot.dates import day_text
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Button, Reply
from bot.services.reports import TEXT_MAX, TEXT_MIN
from bot.turn import Turn
from handlers.common import FileAnswer, dialog_steps, member_of

# --- sending a report ---------------------------------------------------------------------


class SubmitStep(StrEnum):
    """The steps of sending a unit's report."""

    SUMMARY = "summary"
    RESULTS = "results"
    ATTACH = "attach"
    FILE = "file"
    CONFIRM = "confirm"


class ReportAnswers(Answers):
    """A unit's report being written for the open period."""

    period: int | None = None
    period_name: str = ""
    summary: str | None = None
    results: str | None = None
    file: FileAnswer | None = None


async def _attach_options(turn: Turn, _answers: ReportAnswers) -> Sequence[Option]:
    return [
        Option("add", turn.t("report.button.attach")),
        Option("none", turn.t("report.button.no_attach")),
    ]


async def _after_attach(_turn: Turn, answers: ReportAnswers, value: Any) -> Then[ReportAnswers]:
    if value == "add":
        return Then(SubmitStep.FILE)
    return Then(SubmitStep.CONFIRM, answers.but(file=None))


async def _render_preview(turn: Turn, answers: ReportAnswers) -> str:
    file = answers.file
    return turn.t(
        "report.preview",
        period=answers.period_name,
        summary=answers.summary,
        results=answers.results,
        files=file.name if file else turn.t("report.no_files"),
    )


async def _finish_submit(turn: Turn, answers: ReportAnswers, draft: Draft) -> Reply:
    assert answers.period is not None
    assert answers.summary is not None and answers.results is not None
    channel = turn.incoming.channel.value
    files = [answers.file.info(channel)] if answers.file else []
    try:
        view = await turn.services.reports.submit(
            member_of(turn), answers.period, answers.summary, answers.results, files, dialog=draft
        )
    except errors.DomainError as problem:
        # Answered here, not by the router, so the dialog closes (e.g. a colleague was first).
        return Reply(turn.t(problem.text_key, **problem.params))
    key = "report.submitted_late" if view.late else "report.submitted"
    return Reply(turn.t(key, period=view.period))


SUBMIT: Dialog[Turn, ReportAnswers] = Dialog(
    name="report_submit",
    answers=ReportAnswers,
    steps=(
        Step(SubmitStep.SUMMARY, "report.ask_summary", min_length=TEXT_MIN, max_length=TEXT_MAX),
        Step(SubmitStep.RESULTS, "report.ask_results", min_length=TEXT_MIN, max_length=TEXT_MAX),
        Step(
            SubmitStep.ATTACH,
            "report.ask_attach",
            InputKind.CHOICE,
            options=_attach_options,
            after=_after_attach,
        ),
        Step(SubmitStep.FILE, "report.ask_file", InputKind.FILE, convert=dialog_steps.check_file),
        Step(SubmitStep.CONFIRM, "report.preview", InputKind.CONFIRM, render=_render_preview),
    ),
    finish=_finish_submit,
    cancelled="report.submit_cancelled",
)


# --- opening a period ----------------------------------------------------------------------


class PeriodStep(StrEnum):
    """The steps of opening a reporting period."""

    NAME = "name"
    DEADLINE = "deadline"


class NewPeriod(Answers):
    """A reporting period being opened."""

    name: str | None = None
    deadline: date | None = None


async def not_past(turn: Turn, value: Any) -> Any:
    """A typed deadline (ISO text) that is not before today in the organisation's zone."""
    today = turn.clock.now().astimezone(turn.settings.organisation.zone).date()
    typed = date.fromisoformat(str(value))
    if typed < today:
        raise InvalidInput(
            "report.error.deadline_past", day=day_text(typed), today=day_text(today)
        )
    return value


async def _finish_period(turn: Turn, answers: NewPeriod, draft: Draft) -> Reply:
    assert answers.name is not None and answers.deadline is not None
    period = await turn.services.reports.open_period(
        member_of(turn), answers.name, answers.deadline, dialog=draft
    )
    table = Button(
        turn.t("report.button.table"), ReportMenu(period.id, PeriodChoice.STATUS).pack()
    )
    return Reply(
        turn.t("report.opened", name=period.name, deadline=day_text(period.deadline)),
        buttons=((table,),),
    )


PERIOD: Dialog[Turn, NewPeriod] = Dialog(
    name="report_period",
    answers=NewPeriod,
    steps=(
        Step(PeriodStep.NAME, "report.ask_period_name", min_length=3, max_length=200),
        Step(PeriodStep.DEADLINE, "report.ask_deadline", InputKind.DATE, convert=not_past),
    ),
    finish=_finish_period,
    cancelled="report.period_cancelled",
)
