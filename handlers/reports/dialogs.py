"""The dialogs of ``/baocao`` that start something: a unit head sending the unit's report,
and the Office opening a reporting period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot import errors
from bot.callbacks import PeriodChoice, ReportMenu
from bot.dates import day_text
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Dialog, Step, draft_of
from bot.ports import Button, Reply
from bot.routing import Turn
from bot.services.common.views import FileInfo
from bot.services.reports.service import TEXT_MAX, TEXT_MIN
from handlers.common import dialog_steps
from handlers.common.turns import member_of

SUBMIT_DIALOG = "report_submit"
PERIOD_DIALOG = "report_period"


# --- sending a report ---------------------------------------------------------------------


async def _attach_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [
        Option("add", turn.t("report.button.attach")),
        Option("none", turn.t("report.button.no_attach")),
    ]


async def _after_attach(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if value == "add":
        return "file"
    data.pop("file", None)
    return "confirm"


async def _render_preview(turn: Turn, data: Mapping[str, Any]) -> str:
    file = data.get("file")
    return turn.t(
        "report.preview",
        period=data["period_name"],
        summary=data["summary"],
        results=data["results"],
        files=str(file["name"]) if file else turn.t("report.no_files"),
    )


async def _finish_submit(turn: Turn, data: dict[str, Any]) -> Reply:
    file = data.get("file")
    files = (
        [
            FileInfo(
                str(file["channel"]),
                str(file["file_id"]),
                str(file["name"]),
                str(file["mime"]),
                int(file["size"]),
            )
        ]
        if file
        else []
    )
    try:
        view = await turn.services.reports.submit(
            member_of(turn),
            int(data["period"]),
            str(data["summary"]),
            str(data["results"]),
            files,
            dialog=draft_of(data),
        )
    except errors.DomainError as problem:
        # Answered here, not by the router, so the dialog closes (e.g. a colleague was first).
        return Reply(turn.t(problem.text_key, **problem.params))
    key = "report.submitted_late" if view.late else "report.submitted"
    return Reply(turn.t(key, period=view.period))


SUBMIT: Dialog[Turn] = Dialog(
    name=SUBMIT_DIALOG,
    steps=(
        Step("summary", "report.ask_summary", min_length=TEXT_MIN, max_length=TEXT_MAX),
        Step("results", "report.ask_results", min_length=TEXT_MIN, max_length=TEXT_MAX),
        Step(
            "attach",
            "report.ask_attach",
            InputKind.CHOICE,
            options=_attach_options,
            after=_after_attach,
        ),
        Step("file", "report.ask_file", InputKind.FILE, convert=dialog_steps.check_file),
        Step("confirm", "report.preview", InputKind.CONFIRM, render=_render_preview),
    ),
    finish=_finish_submit,
    cancelled="report.submit_cancelled",
)


# --- opening a period ----------------------------------------------------------------------


async def _finish_period(turn: Turn, data: dict[str, Any]) -> Reply:
    period = await turn.services.reports.open_period(
        member_of(turn),
        str(data["name"]),
        date.fromisoformat(str(data["deadline"])),
        dialog=draft_of(data),
    )
    table = Button(
        turn.t("report.button.table"), ReportMenu(period.id, PeriodChoice.STATUS).pack()
    )
    return Reply(
        turn.t("report.opened", name=period.name, deadline=day_text(period.deadline)),
        buttons=((table,),),
    )


PERIOD: Dialog[Turn] = Dialog(
    name=PERIOD_DIALOG,
    steps=(
        Step("name", "report.ask_period_name", min_length=3, max_length=200),
        Step("deadline", "report.ask_deadline", InputKind.DATE),
    ),
    finish=_finish_period,
    cancelled="report.period_cancelled",
)
