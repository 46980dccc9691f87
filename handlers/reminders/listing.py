"""``/nhacviec``: the Office lists the recurring reminders, opens one to pause, resume or
delete it, and adds new ones (the dialog is in :mod:`handlers.reminders.dialog`).

Every button is re-checked by the service (role, reminder not deleted), so a forged or old
press changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot import errors
from bot.callbacks import ReminderAct, ReminderChoice
from bot.labels import shorten
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.reminders import ReminderView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import ask_sure, member_of, menu
from handlers.reminders.dialog import (
    CREATE,
    describe_audience,
    describe_schedule,
    urgency,
    when,
)

NAME_IN_BUTTON = 40


def _button(turn: Turn, key: str, item: int, action: ReminderChoice) -> Button:
    return Button(turn.t(key), ReminderAct(item, action).pack())


def _state(turn: Turn, view: ReminderView) -> str:
    if view.paused:
        return turn.t("reminder.state_paused")
    if view.next_at is None:
        return turn.t("reminder.state_none")
    return turn.t("reminder.state_next", at=when(turn, view.next_at))


def _last(turn: Turn, view: ReminderView) -> str:
    return when(turn, view.last_sent_at) if view.last_sent_at else turn.t("reminder.never")


async def show_list(turn: Turn, *, edit: bool = False) -> Reply:
    """``/nhacviec``: every reminder, a button to open each, and one to add a reminder."""
    views = await turn.services.reminders.all(member_of(turn))
    parts = [turn.t("reminder.title", count=len(views))]
    parts += [
        turn.t(
            "reminder.item",
            number=number,
            name=view.name,
            schedule=Safe(describe_schedule(turn, view.cron)),
            audience=describe_audience(turn, view.audience),
            state=_state(turn, view),
            last=_last(turn, view),
        )
        for number, view in enumerate(views, start=1)
    ]
    if not views:
        parts.append(turn.t("reminder.empty"))
    rows = [
        (Button(shorten(v.name, NAME_IN_BUTTON), ReminderAct(v.id, ReminderChoice.OPEN).pack()),)
        for v in views
    ]
    rows.append((_button(turn, "reminder.button.new", 0, ReminderChoice.NEW),))
    return Reply("\n\n".join(parts), buttons=tuple(rows), edit=edit)


def _detail(turn: Turn, view: ReminderView, *, intro: str | None = None) -> Reply:
    text = turn.t(
        "reminder.detail",
        name=view.name,
        schedule=Safe(describe_schedule(turn, view.cron)),
        audience=describe_audience(turn, view.audience),
        urgency=urgency(turn, urgent=view.urgent),
        state=_state(turn, view),
        last=_last(turn, view),
        text=view.text,
    )
    toggle = (
        _button(turn, "reminder.button.resume", view.id, ReminderChoice.RESUME)
        if view.paused
        else _button(turn, "reminder.button.pause", view.id, ReminderChoice.PAUSE)
    )
    rows = (
        (toggle, _button(turn, "reminder.button.delete", view.id, ReminderChoice.DELETE)),
        (_button(turn, "reminder.button.list", 0, ReminderChoice.LIST),),
    )
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=rows, edit=True)


async def act(turn: Turn, payload: ReminderAct) -> Reply:
    """A ``ReminderAct`` button: list, new, open, pause, resume, delete, deleteok."""
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    action = _ACTIONS.get(payload.action)
    if action is None:
        return await menu.refuse_stale_button(turn)
    return await action(turn, payload.item)


async def _list(turn: Turn, _item: int) -> Reply:
    return await show_list(turn, edit=True)


async def _new(turn: Turn, _item: int) -> Reply:
    return await turn.dialogs.start(turn, turn.incoming, CREATE)


async def _open(turn: Turn, item: int) -> Reply:
    return _detail(turn, await turn.services.reminders.get(member_of(turn), item))


async def _pause(turn: Turn, item: int) -> Reply:
    view = await turn.services.reminders.set_paused(member_of(turn), item, paused=True)
    return _detail(turn, view, intro=turn.t("reminder.paused"))


async def _resume(turn: Turn, item: int) -> Reply:
    view = await turn.services.reminders.set_paused(member_of(turn), item, paused=False)
    return _detail(turn, view, intro=turn.t("reminder.resumed"))


async def _ask_delete(turn: Turn, item: int) -> Reply:
    view = await turn.services.reminders.get(member_of(turn), item)
    sure = ask_sure(
        turn,
        what=turn.t("reminder.sure.delete", name=view.name),
        effect=turn.t("reminder.sure.delete_effect"),
        told="",
        yes=_button(turn, "reminder.button.delete_ok", view.id, ReminderChoice.DELETE_NOW),
        back=_button(turn, "common.sure.back", view.id, ReminderChoice.OPEN),
    )
    return replace(sure, edit=True)


async def _delete(turn: Turn, item: int) -> Reply:
    view = await turn.services.reminders.get(member_of(turn), item)
    await turn.services.reminders.delete(member_of(turn), item)
    listed = await show_list(turn, edit=True)
    done = turn.t("reminder.deleted", name=view.name)
    return Reply(f"{done}\n\n{listed.text}", buttons=listed.buttons, edit=True)


_ACTIONS: dict[str, Callable[[Turn, int], Awaitable[Reply]]] = {
    "list": _list,
    "new": _new,
    "open": _open,
    "pause": _pause,
    "resume": _resume,
    "delete": _ask_delete,
    "deleteok": _delete,
}


async def show_reminders(turn: Turn) -> Reply:
    """``/nhacviec`` (the route table lets the Office and administrators only)."""
    return await show_list(turn)
