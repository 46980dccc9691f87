"""The Office changes a reporting period: edits its name and deadline, closes it, or deletes
it while no unit has sent a report.

```mermaid
stateDiagram-v2
    [*] --> choose: ✏️ Sửa kỳ báo cáo (prefilled with the name and deadline)
    choose --> name: ✏️ Đổi tên kỳ
    choose --> deadline: 📅 Đổi hạn nộp (not before today)
    name --> choose
    deadline --> choose
    choose --> [*]: 💾 Lưu thay đổi
```

Closing and deleting first ask "Bạn chắc chắn …?" (what will happen, who will be told); the
"yes" button is the ``…_NOW`` choice of the same period, and the service re-checks the state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import PeriodChoice
from bot.dates import day_text
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import FINISH, Answers, Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.services.reports import PeriodHasReports, PeriodView, UnitStatus
from bot.turn import Turn
from handlers.common import ask_sure, member_of
from handlers.reports.dialogs import not_past
from handlers.reports.screens import period_button, status_table


class EditStep(StrEnum):
    """The steps of editing a period."""

    CHOOSE = "choose"
    NAME = "name"
    DEADLINE = "deadline"


class EditedPeriod(Answers):
    """A period being edited: its id, and its name and deadline as they will be saved."""

    period: int
    name: str
    deadline: date


async def start_edit(turn: Turn, period: PeriodView) -> Reply:
    """Open the edit dialog with the period's name and deadline."""
    given = EditedPeriod(period=period.id, name=period.name, deadline=period.deadline)
    return await turn.dialogs.start(turn, turn.incoming, EDIT, given)


async def _choices(turn: Turn, _answers: EditedPeriod) -> Sequence[Option]:
    return [
        Option(EditStep.NAME.value, turn.t("report.button.edit_name")),
        Option(EditStep.DEADLINE.value, turn.t("report.button.edit_deadline")),
        Option("save", turn.t("report.button.save")),
    ]


async def _render_choose(turn: Turn, answers: EditedPeriod) -> str:
    return turn.t("report.edit_menu", name=answers.name, deadline=day_text(answers.deadline))


async def _after_choose(_turn: Turn, _answers: EditedPeriod, value: Any) -> Then[EditedPeriod]:
    return Then(FINISH) if value == "save" else Then(EditStep(value))


async def _render_deadline(turn: Turn, answers: EditedPeriod) -> str:
    return turn.t("report.ask_new_deadline", deadline=day_text(answers.deadline))


async def _back_to_choose(_turn: Turn, _answers: EditedPeriod, _value: Any) -> Then[EditedPeriod]:
    return Then(EditStep.CHOOSE)


async def _finish_edit(turn: Turn, answers: EditedPeriod, draft: Draft) -> Reply:
    try:
        change = await turn.services.reports.edit_period(
            member_of(turn), answers.period, answers.name, answers.deadline, dialog=draft
        )
    except errors.PeriodNotFound as problem:
        # Answered here, not by the router, so the dialog closes; other refusals (a deadline
        # past since midnight) leave it open at the last step to answer again.
        return Reply(turn.t(problem.text_key))
    period = change.period
    intro = turn.t("report.edited", name=period.name, deadline=day_text(period.deadline))
    return await _table(turn, period, intro, change.told, edit=False)


EDIT: Dialog[Turn, EditedPeriod] = Dialog(
    name="report_period_edit",
    answers=EditedPeriod,
    steps=(
        Step(
            EditStep.CHOOSE,
            "",
            InputKind.CHOICE,
            options=_choices,
            render=_render_choose,
            after=_after_choose,
        ),
        Step(
            EditStep.NAME,
            "report.ask_new_name",
            min_length=3,
            max_length=200,
            after=_back_to_choose,
        ),
        Step(
            EditStep.DEADLINE,
            "",
            InputKind.DATE,
            convert=not_past,
            render=_render_deadline,
            after=_back_to_choose,
        ),
    ),
    finish=_finish_edit,
    cancelled="report.edit_cancelled",
)


# --- closing and deleting ------------------------------------------------------------------


async def ask_close(turn: Turn, period: PeriodView) -> Reply:
    """ "Bạn chắc chắn …?" before closing: the units that will not send, and who is told."""
    if not period.open:
        return await status_table(turn, period, intro=turn.t("report.error.closed"))
    missing = await _missing(turn, period)
    return ask_sure(
        turn,
        what=turn.t("report.sure.close", name=period.name),
        effect=turn.t("report.sure.close_effect", missing=missing),
        told=turn.t("report.sure.told", count=missing) if missing else "",
        yes=period_button(turn, "report.button.close_period", period.id, PeriodChoice.CLOSE_NOW),
        back=period_button(turn, "common.sure.back", period.id, PeriodChoice.STATUS),
    )


async def close(turn: Turn, period: PeriodView) -> Reply:
    """Close the period (the "yes" of :func:`ask_close`) and show its table."""
    try:
        change = await turn.services.reports.close_period(member_of(turn), period.id)
    except errors.PeriodClosed as problem:
        current = await turn.services.reports.period(period.id)
        return await status_table(turn, current, intro=turn.t(problem.text_key))
    intro = turn.t("report.closed_done", name=change.period.name)
    return await _table(turn, change.period, intro, change.told)


async def ask_delete(turn: Turn, period: PeriodView) -> Reply:
    """ "Bạn chắc chắn …?" before deleting a period no unit has sent a report to."""
    status = await turn.services.report_review.status(member_of(turn), period.id)
    if status.received:
        intro = turn.t("report.error.has_reports", count=status.received)
        return await status_table(turn, period, intro=intro)
    missing = len(status.units) if period.open else 0
    return ask_sure(
        turn,
        what=turn.t("report.sure.delete", name=period.name),
        effect=turn.t("report.sure.delete_effect"),
        told=turn.t("report.sure.told", count=missing) if missing else "",
        yes=period_button(turn, "report.button.delete_period", period.id, PeriodChoice.DELETE_NOW),
        back=period_button(turn, "common.sure.back", period.id, PeriodChoice.STATUS),
    )


async def delete(turn: Turn, period: PeriodView) -> Reply:
    """Delete the period (the "yes" of :func:`ask_delete`)."""
    try:
        change = await turn.services.reports.delete_period(member_of(turn), period.id)
    except PeriodHasReports as problem:  # a unit sent a report meanwhile
        intro = turn.t(problem.text_key, **problem.params)
        return await status_table(turn, period, intro=intro)
    parts = [turn.t("report.deleted", name=change.period.name)]
    if change.told:
        parts.append(turn.t("report.told", count=change.told))
    rows = (
        (period_button(turn, "report.button.periods", 0, PeriodChoice.LIST),),
        (period_button(turn, "report.button.new_period", 0, PeriodChoice.NEW),),
    )
    return Reply("\n".join(parts), buttons=rows, edit=True)


async def _missing(turn: Turn, period: PeriodView) -> int:
    status = await turn.services.report_review.status(member_of(turn), period.id)
    return status.count(UnitStatus.MISSING)


async def _table(
    turn: Turn, period: PeriodView, intro: str, told: int, *, edit: bool = True
) -> Reply:
    if told:
        intro = "\n".join((intro, turn.t("report.told", count=told)))
    reply = await status_table(turn, period, intro=intro)
    return replace(reply, edit=edit)
