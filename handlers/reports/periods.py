"""``/baocao``'s period buttons: unit heads send their unit's annual report; the Office opens
periods, follows who has sent, reminds the units that have not, and edits, closes or deletes
a period.

```mermaid
stateDiagram-v2
    [*] --> summary: 📝 Nộp báo cáo (unit head; none yet, or returned; period open)
    summary --> results: 10–3000 characters
    results --> attach: 10–3000 characters
    attach --> file: 📎 Đính kèm tệp
    attach --> confirm: Không đính kèm
    file --> confirm
    confirm --> [*]: submitted (late if after the deadline)
    [*] --> name: 📂 Mở kỳ báo cáo (Office)
    name --> deadline: 3–200 characters
    deadline --> [*]: period opened (a deadline before today is refused)
    [*] --> sure: 🔒 Đóng kỳ / 🗑 Xóa kỳ (Office; delete only while nothing was sent)
    sure --> [*]: ✅ the same button, marked sure (the ``…_NOW`` choice)
```

Editing is :data:`handlers.reports.manage.EDIT`; a report's review is
:mod:`handlers.reports.review`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot import errors
from bot.callbacks import PeriodChoice, ReportMenu
from bot.ports import Reply
from bot.roles import OFFICE, Role
from bot.services.reports import PeriodView
from bot.turn import Turn
from handlers.common import member_of
from handlers.reports import manage
from handlers.reports.dialogs import PERIOD, SUBMIT, ReportAnswers
from handlers.reports.screens import period_button, period_list, status_table

PeriodAction = Callable[[Turn, PeriodView], Awaitable[Reply]]


async def _remind(turn: Turn, period: PeriodView) -> Reply:
    count = await turn.services.report_review.remind_missing(member_of(turn), period.id)
    key = "report.reminded" if count else "report.reminded_none"
    back = period_button(turn, "report.button.table", period.id, PeriodChoice.STATUS)
    return Reply(turn.t(key, count=count), buttons=((back,),))


async def _status(turn: Turn, period: PeriodView) -> Reply:
    return await status_table(turn, period)


#: What the Office's buttons on one period do.
OFFICE_ACTIONS: dict[PeriodChoice, PeriodAction] = {
    PeriodChoice.STATUS: _status,
    PeriodChoice.REMIND: _remind,
    PeriodChoice.EDIT: manage.start_edit,
    PeriodChoice.CLOSE: manage.ask_close,
    PeriodChoice.CLOSE_NOW: manage.close,
    PeriodChoice.DELETE: manage.ask_delete,
    PeriodChoice.DELETE_NOW: manage.delete,
}


async def act_on_period(turn: Turn, payload: ReportMenu) -> Reply:
    """A ``ReportMenu`` button: the submit dialog (unit heads), or the Office's period
    actions (table, list, reminder, new period, edit, close, delete)."""
    member = member_of(turn)
    reports = turn.services.reports
    if payload.action is PeriodChoice.SUBMIT:
        if member.role is not Role.UNIT_HEAD:
            raise errors.NotAllowed
        period = await reports.period(payload.period)
        if not period.open:
            raise errors.PeriodClosed
        given = ReportAnswers(period=period.id, period_name=period.name)
        return await turn.dialogs.start(turn, turn.incoming, SUBMIT, given)
    if member.role not in OFFICE:
        raise errors.NotAllowed
    if payload.action is PeriodChoice.NEW:
        return await turn.dialogs.start(turn, turn.incoming, PERIOD)
    if payload.action is PeriodChoice.LIST:
        return await period_list(turn)
    return await OFFICE_ACTIONS[payload.action](turn, await reports.period(payload.period))
