"""``/cuatoi``: the member's initiatives; unit heads also see their unit's.

Lists are pages of :class:`SummaryPage` with one button per item (it opens the detail) and
◀ ▶ buttons; every navigation edits the message it came from. The review queue
(:mod:`handlers.initiatives.review`) draws its pages with the same helpers.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.callbacks import (
    InitiativeList,
    InitiativeOpen,
    InitiativeScope,
    NominationList,
    NominationScope,
)
from bot.ports import Button, Reply
from bot.roles import UNIT_HEADS, Role
from bot.services.initiatives import Summary, SummaryPage
from bot.turn import Turn
from handlers.common import Rows, day, member_of

#: Longest title shown on an item's button (Telegram cuts long labels anyway).
LABEL_TITLE = 40


def item_rows(page: SummaryPage) -> Rows:
    """One button per item, labelled with its code and (shortened) title."""
    return [
        (Button(f"{s.code} · {_short(s.title)}", InitiativeOpen(s.id).pack()),) for s in page.items
    ]


def _short(title: str) -> str:
    return title if len(title) <= LABEL_TITLE else title[: LABEL_TITLE - 1].rstrip() + "…"


def nav_row(turn: Turn, page: SummaryPage, to: Callable[[int], InitiativeList]) -> Rows:
    """◀ ▶ between pages; ``to`` makes the payload of a page number."""
    row: list[Button] = []
    if page.page > 0:
        row.append(Button(turn.t("common.list.previous_button"), to(page.page - 1).pack()))
    if page.page < page.pages - 1:
        row.append(Button(turn.t("common.list.next_button"), to(page.page + 1).pack()))
    return [tuple(row)] if row else []


def page_footer(turn: Turn, page: SummaryPage) -> str:
    """The page number (when there are several pages) and how to open an item."""
    hint = turn.t("initiative.mine.hint")
    if page.pages == 1:
        return hint
    return f"{turn.t('initiative.mine.page', page=page.page + 1, pages=page.pages)}\n{hint}"


def summary_line(turn: Turn, index: int, item: Summary, *, with_author: bool) -> str:
    """One item of a list: number, code, title, state, last change (and author, unit)."""
    state = turn.t(f"initiative.state.{item.state.value}")
    date = day(turn, item.updated_at)
    if with_author:
        return turn.t(
            "initiative.mine.line_full",
            index=index,
            code=item.code,
            title=item.title,
            state=state,
            unit=item.unit,
            author=item.author,
            date=date,
        )
    return turn.t(
        "initiative.mine.line",
        index=index,
        code=item.code,
        title=item.title,
        state=state,
        date=date,
    )


def lines(turn: Turn, page: SummaryPage, *, with_author: bool) -> str:
    """The items of a page, numbered across pages."""
    first = page.page * turn.settings.initiatives.page_size + 1
    return "\n".join(
        summary_line(turn, n, item, with_author=with_author)
        for n, item in enumerate(page.items, start=first)
    )


async def show_mine(turn: Turn) -> Reply:
    """Answer ``/cuatoi`` with the first page of the member's initiatives."""
    return await mine_page(turn, 0, edit=False)


async def mine_page(turn: Turn, number: int, *, edit: bool = True) -> Reply:
    """A page of the member's own initiatives (as author or co-author)."""
    member = member_of(turn)
    size = turn.settings.initiatives.page_size
    page = await turn.services.initiatives.mine(member, number, size)
    extra: Rows = []
    if member.role is Role.UNIT_HEAD:
        extra = [
            (Button(turn.t("initiative.mine.unit_button"), _list(InitiativeScope.UNIT, 0).pack()),)
        ]
    if member.role in UNIT_HEADS:
        # Those who may nominate (/decu) follow their nominations from here too.
        mine = NominationList(NominationScope.MINE, 0, "").pack()
        extra.append((Button(turn.t("nomination.review.button.mine"), mine),))
    if not page.total:
        return Reply(turn.t("initiative.mine.empty"), buttons=tuple(extra), edit=edit)
    header = turn.t("initiative.mine.header", total=page.total)
    text = f"{header}\n\n{lines(turn, page, with_author=False)}"
    rows = item_rows(page) + nav_row(turn, page, lambda n: _list(InitiativeScope.MINE, n)) + extra
    return Reply(f"{text}\n\n{page_footer(turn, page)}", buttons=tuple(rows), edit=edit)


async def unit_page(turn: Turn, number: int) -> Reply:
    """A page of the unit head's unit's initiatives (the service checks the role)."""
    member = member_of(turn)
    size = turn.settings.initiatives.page_size
    page = await turn.services.initiatives.of_unit(member, number, size)
    back = [
        (Button(turn.t("initiative.mine.mine_button"), _list(InitiativeScope.MINE, 0).pack()),)
    ]
    header = turn.t("initiative.mine.unit_header", unit=member.unit.name, total=page.total)
    if not page.total:
        return Reply(
            f"{header}\n\n{turn.t('initiative.mine.unit_empty')}", buttons=tuple(back), edit=True
        )
    text = f"{header}\n\n{lines(turn, page, with_author=True)}\n\n{page_footer(turn, page)}"
    rows = item_rows(page) + nav_row(turn, page, lambda n: _list(InitiativeScope.UNIT, n)) + back
    return Reply(text, buttons=tuple(rows), edit=True)


def _list(scope: InitiativeScope, page: int) -> InitiativeList:
    return InitiativeList(scope, page, "", 0, 0)
