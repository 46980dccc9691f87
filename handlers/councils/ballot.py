"""``/bophieu``: a council member's ballots — the open sessions of the councils they sit on,
and each session's agenda a page at a time, with ✅ Đồng ý / ❌ Không đồng ý per item.

```mermaid
stateDiagram-v2
    [*] --> sessions: /bophieu (any member; the service refuses those not seated)
    sessions --> agenda: a session (at once when only one is open)
    agenda --> agenda: ✅ / ❌ on an item (final), or another page
    agenda --> sure: ✅ Đồng ý tất cả còn lại
    sure --> agenda: ✅ the same button, marked sure: agreed on every item left
```

An item the member has a stake in shows "không tham gia biểu quyết (có liên quan)"; one they
voted on shows that they did, never how.
"""

from __future__ import annotations

import math

from bot import errors
from bot.callbacks import BallotAct, BallotChoice
from bot.ports import Button, Reply
from bot.services.councils import AgendaItem, BallotSession
from bot.turn import Turn
from handlers.common import Rows, ask_sure, member_of

#: Items shown at once: each may carry two buttons.
PAGE_SIZE = 5


def _with_intro(intro: str, text: str) -> str:
    return f"{intro}\n\n{text}" if intro else text


async def show_ballots(turn: Turn, *, intro: str = "", at_once: bool = True) -> Reply:
    """Answer ``/bophieu``: the open sessions waiting for the member; with ``at_once``, the
    only one opens at once."""
    found = await turn.services.council_sessions.open_sessions(member_of(turn))
    if len(found) == 1 and at_once and not intro:
        return await show_agenda(turn, found[0].id)
    lines = [turn.t("council.ballot.header" if found else "council.ballot.none")]
    rows: Rows = []
    for number, ballot in enumerate(found, start=1):
        lines.append(
            turn.t(
                "council.ballot.line",
                number=number,
                code=ballot.code,
                council=ballot.council_name,
                title=ballot.title,
                waiting=ballot.waiting,
                items=ballot.items,
            )
        )
        label = turn.t("council.ballot.open_button", code=ballot.code, waiting=ballot.waiting)
        rows.append((Button(label, BallotAct(BallotChoice.AGENDA, ballot.id).pack()),))
    return Reply(_with_intro(intro, "\n".join(lines)), buttons=tuple(rows), edit=True)


async def _header(turn: Turn, session_id: int) -> BallotSession | None:
    found = await turn.services.council_sessions.open_sessions(member_of(turn))
    return next((ballot for ballot in found if ballot.id == session_id), None)


async def show_agenda(
    turn: Turn, session_id: int, page: int = 0, *, intro: str = "", cast: int = 0
) -> Reply:
    """A page of an open session's agenda; ``cast`` names the item just voted on."""
    items = await turn.services.council_sessions.agenda(member_of(turn), session_id)
    ballot = await _header(turn, session_id)
    if ballot is None:  # closed meanwhile
        return await show_ballots(turn, intro=turn.t("council.session.error.closed"))
    done = next((item for item in items if item.item_id == cast), None)
    if done is not None:
        intro = turn.t("council.ballot.voted", code=done.code)
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    first = page * PAGE_SIZE
    lines = [
        turn.t(
            "council.ballot.agenda_header",
            code=ballot.code,
            council=ballot.council_name,
            title=ballot.title,
            waiting=ballot.waiting,
            items=ballot.items,
        )
    ]
    if any(item.secret for item in items):
        lines.append(turn.t("council.ballot.secret"))
    rows: Rows = []
    for number, item in enumerate(items[first : first + PAGE_SIZE], start=first + 1):
        lines.append(_item_lines(turn, number, item))
        if item.may_vote:
            rows.append(_vote_buttons(turn, number, item, session_id, page))
    if pages > 1:
        lines.append(turn.t("council.ballot.page", page=page + 1, pages=pages))
    if ballot.waiting:
        label = turn.t("council.ballot.all_button", count=ballot.waiting)
        rows.append((Button(label, BallotAct(BallotChoice.ALL, session_id, 0, page).pack()),))
    rows += _nav(turn, session_id, page, pages)
    return Reply(_with_intro(intro, "\n".join(lines)), buttons=tuple(rows), edit=True)


def _item_lines(turn: Turn, number: int, item: AgendaItem) -> str:
    line = turn.t(
        "council.ballot.item_line",
        number=number,
        code=item.code,
        name=item.nominee_name,
        award=item.award_name,
    )
    if item.voted:
        state = "council.ballot.item_voted"
    elif item.stake:
        state = "council.ballot.item_stake"
    else:
        state = "council.ballot.item_waiting"
    return f"{line}\n{turn.t(state)}"


def _vote_buttons(
    turn: Turn, number: int, item: AgendaItem, session_id: int, page: int
) -> tuple[Button, ...]:
    agree = BallotAct(BallotChoice.AGREE, session_id, item.item_id, page)
    disagree = BallotAct(BallotChoice.DISAGREE, session_id, item.item_id, page)
    return (
        Button(turn.t("council.ballot.agree_button", number=number), agree.pack()),
        Button(turn.t("council.ballot.disagree_button", number=number), disagree.pack()),
    )


def _nav(turn: Turn, session_id: int, page: int, pages: int) -> Rows:
    turns = []
    if page > 0:
        previous = BallotAct(BallotChoice.AGENDA, session_id, 0, page - 1).pack()
        turns.append(Button(turn.t("common.list.previous_button"), previous))
    if page + 1 < pages:
        following = BallotAct(BallotChoice.AGENDA, session_id, 0, page + 1).pack()
        turns.append(Button(turn.t("common.list.next_button"), following))
    back = Button(turn.t("council.ballot.list_button"), BallotAct(BallotChoice.LIST).pack())
    return [tuple(turns), (back,)] if turns else [(back,)]


async def _vote(turn: Turn, payload: BallotAct, *, agree: bool) -> Reply:
    try:
        await turn.services.council_sessions.vote(member_of(turn), payload.item, agree=agree)
    except errors.SessionClosed as problem:
        return await show_ballots(turn, intro=turn.t(problem.text_key))
    except (errors.AlreadyVoted, errors.OwnNomination) as problem:
        intro = turn.t(problem.text_key)
        return await show_agenda(turn, payload.session, payload.page, intro=intro)
    return await show_agenda(turn, payload.session, payload.page, cast=payload.item)


async def _ask_all(turn: Turn, payload: BallotAct) -> Reply:
    ballot = await _header(turn, payload.session)
    if ballot is None or not ballot.waiting:
        return await show_agenda(turn, payload.session, payload.page)
    back = BallotAct(BallotChoice.AGENDA, payload.session, 0, payload.page)
    yes = BallotAct(BallotChoice.ALL_NOW, payload.session, 0, payload.page)
    return ask_sure(
        turn,
        what=turn.t("council.ballot.sure.what", count=ballot.waiting, code=ballot.code),
        effect=turn.t("council.ballot.sure.effect"),
        told="",
        yes=Button(turn.t("council.ballot.all_button", count=ballot.waiting), yes.pack()),
        back=Button(turn.t("common.sure.back"), back.pack()),
    )


async def _vote_all(turn: Turn, payload: BallotAct) -> Reply:
    try:
        count = await turn.services.council_sessions.vote_all(member_of(turn), payload.session)
    except errors.SessionClosed as problem:
        return await show_ballots(turn, intro=turn.t(problem.text_key))
    intro = turn.t("council.ballot.voted_all", count=count)
    return await show_agenda(turn, payload.session, payload.page, intro=intro)


async def open_ballot(turn: Turn, payload: BallotAct) -> Reply:
    """A ``BallotAct`` button (the service refuses members not seated on the council)."""
    if payload.choice is BallotChoice.LIST:
        return await show_ballots(turn, at_once=False)
    if payload.choice is BallotChoice.AGENDA:
        return await show_agenda(turn, payload.session, payload.page)
    if payload.choice in (BallotChoice.AGREE, BallotChoice.DISAGREE):
        return await _vote(turn, payload, agree=payload.choice is BallotChoice.AGREE)
    if payload.choice is BallotChoice.ALL:
        return await _ask_all(turn, payload)
    return await _vote_all(turn, payload)
