"""``/phienhop``: the Office's council sessions — the open and recent ones, an open session's
votes so far, closing it after a question, and a closed session's results.

```mermaid
stateDiagram-v2
    [*] --> sessions: /phienhop (the Office and admins)
    sessions --> opening: ➕ Mở phiên họp (a dialog, handlers.councils.session_open)
    sessions --> session: an open session: how many voted on each item
    session --> sure: ⏹ Kết thúc phiên họp
    sure --> results: ✅ the same button, marked sure: tallied, the council and the Office told
    sessions --> results: a closed session
```
"""

from __future__ import annotations

from bot import errors
from bot.callbacks import DocumentSubject, SessionChoice, SessionMenu
from bot.ports import Button, Reply
from bot.services.councils import (
    CLOSED,
    OPEN,
    RESULT_NAMES,
    ItemResult,
    SessionResults,
    SessionView,
    Tally,
    percent,
)
from bot.turn import Turn
from handlers.common import Rows, ask_sure, documents_rows, member_of, when

#: Items listed on a session's screen; the rest are counted.
SHOWN = 30


def _button(turn: Turn, key: str, choice: SessionChoice, session: int = 0) -> Button:
    return Button(turn.t(key), SessionMenu(choice, session).pack())


def _with_intro(intro: str, text: str) -> str:
    return f"{intro}\n\n{text}" if intro else text


async def show_sessions(turn: Turn, *, intro: str = "") -> Reply:
    """Answer ``/phienhop``: the open sessions, then the recent closed ones."""
    found = await turn.services.council_sessions.sessions(member_of(turn))
    lines = [turn.t("council.session.header")]
    if not found:
        lines.append(turn.t("council.session.none"))
    rows: Rows = [(_button(turn, "council.session.button.new", SessionChoice.NEW),)]
    for number, view in enumerate(found, start=1):
        lines.append(_line(turn, number, view))
        label = turn.t("council.session.button.open", code=view.code, title=view.title)
        rows.append((Button(label, SessionMenu(SessionChoice.SHOW, view.id).pack()),))
    return Reply(_with_intro(intro, "\n".join(lines)), buttons=tuple(rows), edit=True)


def _line(turn: Turn, number: int, view: SessionView) -> str:
    if view.state == OPEN or view.closed_at is None:
        state = turn.t("council.session.state_open")
    else:
        state = turn.t("council.session.state_closed", when=when(turn, view.closed_at))
    return turn.t(
        "council.session.line",
        number=number,
        code=view.code,
        council=view.council_name,
        title=view.title,
        items=view.items,
        state=state,
    )


async def show_session(turn: Turn, session_id: int, *, intro: str = "") -> Reply:
    """An open session with how many voted on each item, or a closed one's results."""
    service, member = turn.services.council_sessions, member_of(turn)
    progress = await service.progress(member, session_id)
    view = progress.session
    if view.state == CLOSED:
        return results_screen(turn, await service.results(member, session_id), intro=intro)
    lines = [
        turn.t(
            "council.session.open_header",
            code=view.code,
            council=view.council_name,
            title=view.title,
            items=view.items,
        )
    ]
    lines += [
        turn.t(
            "council.session.progress_line",
            number=n,
            code=item.code,
            name=item.nominee_name,
            award=item.award_name,
            voted=item.voted,
            voters=item.voters,
        )
        for n, item in enumerate(progress.items[:SHOWN], start=1)
    ]
    if len(progress.items) > SHOWN:
        lines.append(turn.t("council.session.more", count=len(progress.items) - SHOWN))
    rows: Rows = [
        (_button(turn, "council.session.button.close", SessionChoice.CLOSE, view.id),),
        *documents_rows(turn, DocumentSubject.SESSION, view.id),
        (_button(turn, "council.session.button.list", SessionChoice.LIST),),
    ]
    return Reply(_with_intro(intro, "\n".join(lines)), buttons=tuple(rows), edit=True)


def results_screen(turn: Turn, results: SessionResults, *, intro: str = "") -> Reply:
    """A closed session's tally per item: agreement of all members, threshold, result."""
    view = results.session
    if results.quorum is None:
        quorum = turn.t("council.session.quorum_none")
    else:
        needed = Tally(0, 0, results.members).needed(results.quorum)
        quorum = turn.t(
            "council.session.quorum_share", share=percent(results.quorum), needed=needed
        )
    lines = [
        turn.t(
            "council.session.results_header",
            code=view.code,
            council=view.council_name,
            title=view.title,
            when=when(turn, view.closed_at) if view.closed_at else "",
            members=results.members,
            quorum=quorum,
        )
    ]
    lines += [_result(turn, n, item) for n, item in enumerate(results.items[:SHOWN], start=1)]
    if len(results.items) > SHOWN:
        lines.append(turn.t("council.session.more", count=len(results.items) - SHOWN))
    lines.append(turn.t("council.session.not_a_decision"))
    rows: Rows = [
        *documents_rows(turn, DocumentSubject.SESSION, view.id),
        (_button(turn, "council.session.button.list", SessionChoice.LIST),),
    ]
    return Reply(_with_intro(intro, "\n".join(lines)), buttons=tuple(rows), edit=True)


def _result(turn: Turn, number: int, item: ItemResult) -> str:
    tally = item.tally
    if item.threshold is None:
        threshold = turn.t("council.session.threshold_none")
    else:
        threshold = turn.t(
            "council.session.threshold_share",
            share=percent(item.threshold),
            needed=tally.needed(item.threshold),
            members=tally.members,
        )
    return turn.t(
        "council.session.results_line",
        number=number,
        code=item.code,
        name=item.nominee_name,
        award=item.award_name,
        agree=tally.agree,
        members=tally.members,
        threshold=threshold,
        result=turn.t(RESULT_NAMES[item.result]),
    )


async def ask_close(turn: Turn, session_id: int) -> Reply:
    """ "Đồng chí chắc chắn …?" before closing an open session."""
    view = (await turn.services.council_sessions.progress(member_of(turn), session_id)).session
    if view.state == CLOSED:
        return await show_session(turn, session_id)
    return ask_sure(
        turn,
        what=turn.t("council.session.sure.close_what", code=view.code, title=view.title),
        effect=turn.t("council.session.sure.close_effect"),
        told=turn.t("council.session.sure.close_told"),
        yes=_button(turn, "council.session.button.close", SessionChoice.CLOSE_NOW, view.id),
        back=_button(turn, "common.sure.back", SessionChoice.SHOW, view.id),
    )


async def close_now(turn: Turn, session_id: int) -> Reply:
    """Close the session and show its results."""
    member = member_of(turn)
    try:
        await turn.services.council_sessions.close(member, session_id)
    except errors.SessionClosed as problem:  # closed meanwhile, or a second press
        intro = turn.t(problem.text_key)
    else:
        intro = ""
    results = await turn.services.council_sessions.results(member, session_id)
    intro = intro or turn.t("council.session.closed", code=results.session.code)
    return results_screen(turn, results, intro=intro)
