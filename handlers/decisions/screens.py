"""``/quyetdinh``: what waits for the Office's record of a decision, and one group's items.

A group is one award of one year that the council recommended (granted here: a decision;
granted above: the Tờ trình sending it up), or one Tờ trình waiting for the higher level's
result. Its screen lists the items a decision will cover and the button that records it
(:mod:`handlers.decisions.dialogs`).
"""

from __future__ import annotations

from bot.callbacks import DecisionChoice, DecisionMenu
from bot.ports import Button, Reply
from bot.services.decisions import Pending, PendingItem
from bot.turn import Turn
from handlers.common import Rows, member_of

#: Items listed on a group's screen; a decision covers them all, the rest are counted.
SHOWN = 30


def group_key(group: Pending) -> DecisionMenu:
    """The button payload that opens ``group``."""
    return DecisionMenu(
        DecisionChoice.GROUP, group.award_code, group.year, group.submission_id or 0
    )


def what_waits(turn: Turn, group: Pending) -> str:
    """The act a group waits for, as the Office reads it."""
    if group.submission_id is not None:
        return turn.t(
            "decision.waits.result", number=group.submission, authority=group.grantor.name
        )
    key = "decision.waits.decision" if group.grantor.decides_here else "decision.waits.send_up"
    return turn.t(key, authority=group.grantor.name)


async def show_pending(turn: Turn) -> Reply:
    """Answer ``/quyetdinh``: every group waiting, each with a button."""
    groups = await turn.services.decisions.pending(member_of(turn))
    if not groups:
        return Reply(turn.t("decision.none"), edit=True)
    lines = [turn.t("decision.header", count=sum(g.count for g in groups))]
    rows: Rows = []
    for number, group in enumerate(groups, start=1):
        lines.append(
            turn.t(
                "decision.group_line",
                number=number,
                award=group.award_name,
                year=group.year,
                count=group.count,
                waits=what_waits(turn, group),
            )
        )
        label = turn.t(
            "decision.group_button", award=group.award_name, year=group.year, count=group.count
        )
        rows.append((Button(label, group_key(group).pack()),))
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


async def find_group(turn: Turn, payload: DecisionMenu) -> Pending | None:
    """The pending group a button names, if it still waits."""
    submission = payload.submission or None
    for group in await turn.services.decisions.pending(member_of(turn)):
        same = (group.award_code, group.submission_id) == (payload.award, submission)
        if same and (submission is not None or group.year == payload.year):
            return group
    return None


async def group_items(turn: Turn, group: Pending) -> tuple[PendingItem, ...]:
    """The items of ``group``."""
    return await turn.services.decisions.items(
        member_of(turn), group.award_code, group.year, group.submission_id
    )


def item_lines(turn: Turn, items: tuple[PendingItem, ...], *, limit: int = SHOWN) -> str:
    """The items numbered as a decision lists them; past ``limit``, how many more."""
    lines = [
        turn.t("decision.item_line", number=n, code=i.code, name=i.nominee_name, unit=i.unit)
        for n, i in enumerate(items[:limit], start=1)
    ]
    if len(items) > limit:
        lines.append(turn.t("decision.more_items", count=len(items) - limit))
    return "\n".join(lines)


async def show_group(turn: Turn, payload: DecisionMenu) -> Reply:
    """One group: what it waits for, its items, and the button that records the act."""
    group = await find_group(turn, payload)
    if group is None:
        return await show_pending(turn)
    items = await group_items(turn, group)
    text = "\n\n".join(
        [
            turn.t(
                "decision.group_header",
                award=group.award_name,
                year=group.year,
                count=len(items),
                waits=what_waits(turn, group),
            ),
            item_lines(turn, items),
        ]
    )
    if group.submission_id is not None:
        record = "decision.button.record_result"
    elif group.grantor.decides_here:
        record = "decision.button.record_decision"
    else:
        record = "decision.button.record_submission"
    start = DecisionMenu(DecisionChoice.RECORD, payload.award, payload.year, payload.submission)
    back = DecisionMenu(DecisionChoice.LIST)
    rows: Rows = [
        (Button(turn.t(record), start.pack()),),
        (Button(turn.t("common.list.back_button"), back.pack()),),
    ]
    return Reply(text, buttons=tuple(rows), edit=True)
