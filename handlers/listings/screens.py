"""``/congkhai``: the listings open for objections, one listing's rows, one row with the
reader's own objections and the Office's answers, and "Góp ý" (a dialog).

```mermaid
stateDiagram-v2
    [*] --> listings: /congkhai (everyone; the Office also publishes)
    listings --> listing: a listing
    listing --> row: a row (a page of ten at a time)
    row --> text: 💬 Góp ý (while the window is open)
    text --> row: 1–2,000 characters; the Office is told, never the nominee
```

Nobody but the Office sees who objected; a member sees only their own objections.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.callbacks import (
    DocumentSubject,
    ListingChoice,
    ListingMenu,
    ListingOffice,
    ListingOfficeChoice,
)
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.listings import TEXT_MAX, ListedRow, ListingDetail, ListingView
from bot.turn import Turn
from handlers.common import Rows, day, documents_rows, member_of, moment

#: Rows on one page of a listing.
PAGE = 10
#: Characters of a title shown on a button.
LABEL = 40


def short(text: str, longest: int = LABEL) -> str:
    """``text`` cut to ``longest`` characters, with an ellipsis when cut."""
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"


def window(turn: Turn, view: ListingView) -> str:
    """Until when a listing takes objections, or since when it no longer does."""
    key = "listing.open_until" if view.is_open else "listing.closed_on"
    return turn.t(key, day=day(turn, view.closes_on))


async def show_listings(turn: Turn, *, intro: str = "") -> Reply:
    """Answer ``/congkhai``: the listings the member reads; the Office's publish button."""
    member = member_of(turn)
    listings = await turn.services.listings.open_listings(member)
    lines = [turn.t("listing.header" if listings else "listing.none")]
    rows: Rows = []
    for number, view in enumerate(listings, start=1):
        line = turn.t(
            "listing.line",
            number=number,
            code=view.code,
            title=view.title,
            rows=view.rows,
            window=window(turn, view),
        )
        if member.role in OFFICE and view.objections:
            line += turn.t("listing.line_objections", count=view.objections, open=view.unanswered)
        lines.append(line)
        label = turn.t("listing.open_button", code=view.code, title=short(view.title))
        rows.append((Button(label, ListingMenu(ListingChoice.OPEN, view.id).pack()),))
    if member.role in OFFICE:
        data = ListingOffice(ListingOfficeChoice.GROUPS).pack()
        rows.append((Button(turn.t("listing.publish_button"), data),))
    text = "\n".join(lines)
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=tuple(rows), edit=True)


def _row_line(turn: Turn, number: int, row: ListedRow) -> str:
    if row.collective:
        return turn.t("listing.row_collective", number=number, name=row.nominee_name)
    return turn.t("listing.row_line", number=number, name=row.nominee_name, unit=row.unit)


def _office_buttons(turn: Turn, view: ListingView) -> Rows:
    objections = ListingOffice(ListingOfficeChoice.OBJECTIONS, listing=view.id).pack()
    rows: Rows = [
        (Button(turn.t("listing.objections_button", count=view.objections), objections),)
    ]
    if view.is_open and not view.overridden:
        data = ListingOffice(ListingOfficeChoice.OVERRIDE, listing=view.id).pack()
        rows.append((Button(turn.t("listing.override_button"), data),))
    rows += documents_rows(turn, DocumentSubject.LISTING, view.id)
    return rows


def _pages(turn: Turn, view: ListingView, page: int, pages: int) -> Rows:
    moves = []
    if page > 0:
        data = ListingMenu(ListingChoice.OPEN, view.id, page=page - 1).pack()
        moves.append(Button(turn.t("common.list.previous_button"), data))
    if page + 1 < pages:
        data = ListingMenu(ListingChoice.OPEN, view.id, page=page + 1).pack()
        moves.append(Button(turn.t("common.list.next_button"), data))
    return [tuple(moves)] if moves else []


def _header(turn: Turn, view: ListingView) -> str:
    return turn.t(
        "listing.detail_header",
        title=view.title,
        code=view.code,
        award=view.award_name,
        year=view.year,
        rows=view.rows,
        window=window(turn, view),
    )


async def show_listing(turn: Turn, listing_id: int, page: int = 0) -> Reply:
    """One listing: a page of its rows, each a button; the Office's buttons."""
    member = member_of(turn)
    detail = await turn.services.listings.listing(member, listing_id)
    view = detail.listing
    pages = max(1, -(-len(detail.rows) // PAGE))
    page = min(max(page, 0), pages - 1)
    lines = [_header(turn, view)]
    if view.overridden and member.role in OFFICE:
        lines.append(turn.t("listing.overridden", reason=view.override_reason))
    if view.objections and member.role not in OFFICE:
        lines.append(turn.t("listing.mine_count", count=view.objections))
    lines.append(turn.t("listing.how_open" if view.is_open else "listing.how_closed"))
    shown = list(enumerate(detail.rows, start=1))[page * PAGE : (page + 1) * PAGE]
    lines += ["", *(_row_line(turn, n, row) for n, row in shown)]
    if pages > 1:
        lines.append(turn.t("listing.page", page=page + 1, pages=pages))
    rows: Rows = [
        (
            Button(
                turn.t("listing.row_button", number=n, name=short(row.nominee_name)),
                ListingMenu(ListingChoice.ROW, view.id, row.nomination_id, page).pack(),
            ),
        )
        for n, row in shown
    ]
    rows += _pages(turn, view, page, pages)
    if member.role in OFFICE:
        rows += _office_buttons(turn, view)
    back = Button(turn.t("common.list.back_button"), ListingMenu(ListingChoice.LIST).pack())
    return Reply("\n".join(lines), buttons=(*rows, (back,)), edit=True)


def _find(detail: ListingDetail, item: int) -> ListedRow:
    row = next((r for r in detail.rows if r.nomination_id == item), None)
    if row is None:
        raise errors.ListingNotFound
    return row


def _mine(turn: Turn, detail: ListingDetail, item: int) -> list[str]:
    mine = [o for o in detail.mine if o.nomination_id == item]
    lines = [turn.t("listing.mine_header")] if mine else []
    for objection in mine:
        lines.append(turn.t("listing.mine_line", at=moment(turn, objection.filed_at)))
        lines.append(turn.t("listing.mine_text", text=objection.text))
        if objection.answered_at is None:
            lines.append(turn.t("listing.mine_waiting"))
        else:
            lines.append(turn.t("listing.mine_answer", answer=objection.answer))
    return lines


def _row_header(turn: Turn, view: ListingView, row: ListedRow) -> str:
    if row.collective:
        return turn.t(
            "listing.row_header_collective",
            code=view.code,
            name=row.nominee_name,
            award=row.award_name,
            year=row.year,
            summary=row.summary,
        )
    return turn.t(
        "listing.row_header",
        code=view.code,
        name=row.nominee_name,
        unit=row.unit,
        award=row.award_name,
        year=row.year,
        summary=row.summary,
    )


async def show_row(
    turn: Turn, listing_id: int, item: int, page: int = 0, *, intro: str = ""
) -> Reply:
    """One row: who, which unit, the achievements; the reader's objections; "Góp ý"."""
    detail = await turn.services.listings.listing(member_of(turn), listing_id)
    view, row = detail.listing, _find(detail, item)
    lines = [
        _row_header(turn, view, row),
        turn.t("listing.row_window", window=window(turn, view)),
        *_mine(turn, detail, item),
    ]
    rows: Rows = []
    if view.is_open:
        data = ListingMenu(ListingChoice.OBJECT, view.id, item, page).pack()
        rows.append((Button(turn.t("listing.object_button"), data),))
    data = ListingMenu(ListingChoice.OPEN, view.id, page=page).pack()
    rows.append((Button(turn.t("listing.back_to_listing"), data),))
    text = "\n".join(lines)
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=tuple(rows), edit=True)


class ObjectStep(StrEnum):
    """The one step of an objection."""

    TEXT = "text"


class ObjectAnswers(Answers):
    """An objection being written to one row of a listing."""

    listing: int = 0
    item: int = 0
    page: int = 0
    row_name: str = ""
    listing_code: str = ""
    text: str | None = None


async def start_objection(turn: Turn, payload: ListingMenu) -> Reply:
    """Ask for the objection, if the listing still takes them."""
    detail = await turn.services.listings.listing(member_of(turn), payload.listing)
    row = _find(detail, payload.item)
    if not detail.listing.is_open:
        closed = turn.t("listing.error.closed", until=day(turn, detail.listing.closes_on))
        return await show_row(turn, payload.listing, payload.item, payload.page, intro=closed)
    given = ObjectAnswers(
        listing=payload.listing,
        item=payload.item,
        page=payload.page,
        row_name=row.nominee_name,
        listing_code=detail.listing.code,
    )
    return await turn.dialogs.start(turn, turn.incoming, OBJECT, given)


async def _finish(turn: Turn, answers: ObjectAnswers, draft: Draft) -> Reply:
    assert answers.text is not None
    try:
        await turn.services.listings.object(
            member_of(turn), answers.listing, answers.item, answers.text, dialog=draft
        )
    except errors.DomainError as problem:
        intro = turn.t(problem.text_key, **problem.params)
    else:
        intro = turn.t("listing.objected", name=answers.row_name)
    reply = await show_row(turn, answers.listing, answers.item, answers.page, intro=intro)
    return Reply(reply.text, buttons=reply.buttons)


OBJECT: Dialog[Turn, ObjectAnswers] = Dialog(
    name="listing_objection",
    answers=ObjectAnswers,
    steps=(Step(ObjectStep.TEXT, "listing.ask.objection", max_length=TEXT_MAX),),
    finish=_finish,
    cancelled="listing.cancelled.objection",
)


async def open_menu(turn: Turn, payload: ListingMenu) -> Reply:
    """A ``ListingMenu`` button (listings are public; objecting is checked by the service)."""
    if payload.choice is ListingChoice.LIST:
        return await show_listings(turn)
    if payload.choice is ListingChoice.OPEN:
        return await show_listing(turn, payload.listing, payload.page)
    if payload.choice is ListingChoice.ROW:
        return await show_row(turn, payload.listing, payload.item, payload.page)
    return await start_objection(turn, payload)
