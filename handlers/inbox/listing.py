"""``/viecchoxuly``: the person's to-do inbox, oldest first, each item with its age and a
button that opens it where its own feature shows it."""

from __future__ import annotations

from collections.abc import Callable

from bot.callbacks import (
    InitiativeOpen,
    MenuAction,
    NominationOpen,
    PeriodChoice,
    ReportAct,
    ReportChoice,
    ReportMenu,
    VoteListChoice,
    VoteListMenu,
)
from bot.labels import shorten
from bot.ports import Button, Reply
from bot.services.inbox import Entity, InboxItem
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import member_of

#: How many characters of an item's title its line shows.
TITLE_SHOWN = 60
#: How many characters of an item's label (its code, or a name) its line and button show.
LABEL_SHOWN = 40
#: How many characters a button shows (its label, then its title).
BUTTON_SHOWN = 48

_OPENERS: dict[Entity, Callable[[int], str]] = {
    Entity.INITIATIVE: lambda item: InitiativeOpen(item).pack(),
    Entity.NOMINATION: lambda item: NominationOpen(item).pack(),
    Entity.REPORT: lambda item: ReportAct(item, 0, ReportChoice.OPEN).pack(),
    Entity.PERIOD: lambda item: ReportMenu(item, PeriodChoice.SUBMIT).pack(),
    Entity.PLAN: lambda _item: MenuAction("kehoach").pack(),
    Entity.VOTE_LIST: lambda item: VoteListMenu(VoteListChoice.SHOW, item).pack(),
}


async def show_inbox(turn: Turn) -> Reply:
    """Answer ``/viecchoxuly``: what waits for this person, oldest first."""
    inbox = await turn.services.inbox.inbox(member_of(turn))
    if not inbox.items:
        return Reply(turn.t("inbox.empty"))
    lines = [turn.t("inbox.title", count=inbox.total)]
    lines += [_line(turn, index, item) for index, item in enumerate(inbox.items, 1)]
    if inbox.total > len(inbox.items):
        lines.append(turn.t("inbox.more", count=inbox.total - len(inbox.items)))
    buttons = tuple((_button(turn, item),) for item in inbox.items)
    return Reply("\n".join(lines), buttons=buttons)


def _line(turn: Turn, index: int, item: InboxItem) -> str:
    title = _title(item)
    return turn.t(
        "inbox.line",
        index=index,
        task=turn.t(f"inbox.task.{item.task}"),
        label=shorten(item.label, LABEL_SHOWN),
        title=Safe(turn.t("inbox.title_part", title=shorten(title, TITLE_SHOWN))) if title else "",
        age=_age(turn, turn.services.inbox.age(item)),
    )


def _button(turn: Turn, item: InboxItem) -> Button:
    # No number of our own: Zalo and the console number the buttons already. The title
    # tells apart items with one label (the reports of several units for one period).
    title = _title(item)
    text = turn.t("inbox.button", label=item.label, title=title) if title else item.label
    return Button(shorten(text, BUTTON_SHOWN), _OPENERS[item.entity](item.item))


def _title(item: InboxItem) -> str:
    return item.title if item.title != item.label else ""


def _age(turn: Turn, days: int) -> str:
    return turn.t("inbox.age.today") if days == 0 else turn.t("inbox.age.days", days=days)
