"""The Office's screens of ``/congkhai``: what waits to be listed, a listing's objections and
one objection; the dialogs that publish, answer and override are :mod:`handlers.listings.dialogs`.

```mermaid
stateDiagram-v2
    [*] --> groups: 📢 Công khai danh sách
    groups --> title: an award and year waiting for the council
    title --> sure: 1–200 characters
    sure --> [*]: published; the announcement chat and every member receive it
    [*] --> objections: 💬 Ý kiến (n) on a listing
    objections --> objection: one (the objector named)
    objection --> answer: ✍️ Trả lời (1–2,000 characters; the objector is told)
    [*] --> reason: ⏩ Cho phép trình Hội đồng trước hạn
    reason --> done: "chắc chắn?"; recorded with the reason
```
"""

from __future__ import annotations

from bot.callbacks import ListingChoice, ListingMenu, ListingOffice, ListingOfficeChoice
from bot.ports import Button, Reply
from bot.services.listings import ObjectionView
from bot.turn import Turn
from handlers.common import Rows, member_of, moment
from handlers.listings.screens import short


async def show_groups(turn: Turn) -> Reply:
    """What waits to be listed, by award and year; each a button."""
    groups = await turn.services.listings.candidates(member_of(turn))
    back = Button(turn.t("common.list.back_button"), ListingMenu(ListingChoice.LIST).pack())
    if not groups:
        return Reply(turn.t("listing.groups_none"), buttons=((back,),), edit=True)
    lines = [turn.t("listing.groups_header")]
    rows: Rows = []
    for number, group in enumerate(groups, start=1):
        key = "listing.window_required" if group.required else "listing.window_optional"
        lines.append(
            turn.t(
                "listing.group_line",
                number=number,
                award=group.award_name,
                year=group.year,
                count=group.count,
                window=turn.t(key, days=group.days),
            )
        )
        award = short(group.award_name)
        label = turn.t("listing.group_button", award=award, year=group.year, count=group.count)
        data = ListingOffice(ListingOfficeChoice.PUBLISH, group.award_code, group.year).pack()
        rows.append((Button(label, data),))
    return Reply("\n".join(lines), buttons=(*rows, (back,)), edit=True)


def _objection_line(turn: Turn, number: int, objection: ObjectionView) -> str:
    return turn.t(
        "listing.objection_line",
        number=number,
        mark=turn.t("listing.mark_answered" if objection.answered_at else "listing.mark_waiting"),
        row=objection.row,
        objector=objection.objector,
        unit=objection.objector_unit,
        at=moment(turn, objection.filed_at),
    )


async def show_objections(turn: Turn, listing_id: int) -> Reply:
    """A listing's objections, oldest first, the objector named; each a button."""
    member = member_of(turn)
    view = (await turn.services.listings.listing(member, listing_id)).listing
    objections = await turn.services.listings.objections(member, listing_id)
    back = Button(
        turn.t("listing.back_to_listing"), ListingMenu(ListingChoice.OPEN, listing_id).pack()
    )
    if not objections:
        text = turn.t("listing.objections_none", code=view.code)
        return Reply(text, buttons=((back,),), edit=True)
    waiting = sum(o.answered_at is None for o in objections)
    lines = [
        turn.t("listing.objections_header", code=view.code, count=len(objections), open=waiting)
    ]
    lines += [_objection_line(turn, n, o) for n, o in enumerate(objections, start=1)]
    rows: Rows = [
        (
            Button(
                turn.t("listing.objection_button", number=n, row=short(o.row, 30)),
                ListingOffice(ListingOfficeChoice.OBJECTION, listing=listing_id, item=o.id).pack(),
            ),
        )
        for n, o in enumerate(objections, start=1)
    ]
    return Reply("\n".join(lines), buttons=(*rows, (back,)), edit=True)


async def show_objection(turn: Turn, objection_id: int, *, intro: str = "") -> Reply:
    """One objection in full, the objector named, the answer if any; "Trả lời"."""
    objection = await turn.services.listings.objection(member_of(turn), objection_id)
    lines = [
        turn.t(
            "listing.objection_detail",
            id=objection.id,
            row=objection.row,
            code=objection.listing_code,
            objector=objection.objector,
            unit=objection.objector_unit,
            at=moment(turn, objection.filed_at),
            text=objection.text,
        )
    ]
    if objection.answered_at is None:
        lines.append(turn.t("listing.objection_unanswered"))
    else:
        at = moment(turn, objection.answered_at)
        lines.append(turn.t("listing.objection_answer", at=at, answer=objection.answer))
    key = "listing.answer_again_button" if objection.answered_at else "listing.answer_button"
    answer = ListingOffice(
        ListingOfficeChoice.ANSWER, listing=objection.listing_id, item=objection.id
    ).pack()
    back = ListingOffice(ListingOfficeChoice.OBJECTIONS, listing=objection.listing_id).pack()
    rows = (
        (Button(turn.t(key), answer),),
        (Button(turn.t("listing.back_to_objections"), back),),
    )
    text = "\n\n".join(lines)
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=rows, edit=True)
