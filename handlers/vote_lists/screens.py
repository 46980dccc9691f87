"""``/binhxet``: a head's list for the year, the Office's view of every unit's list, one list
with its rows, and the Office receiving or returning a list.

```mermaid
stateDiagram-v2
    [*] --> home: /binhxet (unit heads, the Office)
    home --> build: 📝 Lập danh sách / ✏️ Sửa và gửi lại (a dialog)
    home --> list: a unit's list (the Office), the unit's own (a head)
    list --> list: pages, 📎 minutes
    list --> home: 📥 Tiếp nhận (Office): its rows received
    list --> reason: ↩️ Trả lại cả danh sách (Office)
    reason --> home: returned; the unit's heads told
```
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from bot import errors
from bot.callbacks import DocumentSubject, NominationOpen, VoteListChoice, VoteListMenu
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.vote_lists import ListState, RowView, VoteListView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import Rows, attached_document, day, documents_rows, member_of
from handlers.vote_lists.build import start_build
from handlers.vote_lists.rows import row_lines

#: Rows shown on one page of a list.
PAGE = 15
#: What each state of a list is called (literal keys, so the catalogue test sees them).
STATES: dict[ListState, str] = {
    ListState.SUBMITTED: "vote_list.state.submitted",
    ListState.RECEIVED: "vote_list.state.received",
    ListState.RETURNED: "vote_list.state.returned",
}


def _menu(choice: VoteListChoice, **values: int) -> str:
    return VoteListMenu(choice, **values).pack()


async def show_home(turn: Turn, year: int | None = None, *, intro: str = "") -> Reply:
    """Answer ``/binhxet``: the year's list of the person's unit, and for the Office every
    unit's."""
    service = turn.services.vote_lists
    first, other = service.year_choices()
    year = year if year in (first, other) else first
    member = member_of(turn)
    lines = [intro] if intro else []
    rows: Rows = []
    own = await service.current(member, year)
    lines.append(turn.t("vote_list.header", year=year, unit=member.unit.name))
    if own is None:
        lines.append(turn.t("vote_list.none", year=year))
        rows.append(
            (Button(turn.t("vote_list.button.build"), _menu(VoteListChoice.BUILD, year=year)),)
        )
    else:
        lines.append(_state_line(turn, own))
        rows.append(
            (Button(turn.t("vote_list.button.open"), _menu(VoteListChoice.SHOW, list_id=own.id)),)
        )
        if own.state is ListState.RETURNED:
            rows.append(
                (Button(turn.t("vote_list.button.fix"), _menu(VoteListChoice.BUILD, year=year)),)
            )
    if member.role in OFFICE:
        rows += await _office_lines(turn, year, lines)
    label = turn.t("vote_list.button.other_year", year=other if year == first else first)
    rows.append(
        (Button(label, _menu(VoteListChoice.HOME, year=other if year == first else first)),)
    )
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


def _state_line(turn: Turn, view: VoteListView) -> str:
    line = turn.t(
        "vote_list.state_line",
        code=view.code,
        state=turn.t(STATES[view.state]),
        count=len(view.rows),
    )
    if view.state is ListState.RETURNED and view.return_reason:
        line += "\n" + turn.t("vote_list.returned_reason", reason=view.return_reason)
    return line


async def _office_lines(turn: Turn, year: int, lines: list[str]) -> Rows:
    units = await turn.services.vote_lists.lists(member_of(turn), year)
    sent = [u for u in units if u.list_id is not None]
    lines.append("")
    lines.append(turn.t("vote_list.office_header", year=year, sent=len(sent), total=len(units)))
    for number, unit in enumerate(units, start=1):
        state = turn.t(STATES[unit.state]) if unit.state else turn.t("vote_list.not_sent")
        lines.append(
            turn.t("vote_list.office_line", number=number, unit=unit.unit_name, state=state)
        )
    return [
        (
            Button(
                turn.t("vote_list.button.unit", unit=u.unit_name, count=u.rows),
                _menu(VoteListChoice.SHOW, list_id=u.list_id or 0),
            ),
        )
        for u in sent
    ]


async def show_list(turn: Turn, list_id: int, page: int = 0, *, intro: str = "") -> Reply:
    """One list: its meeting, its rows a page at a time (each with what the rules find now),
    and the Office's buttons."""
    member = member_of(turn)
    view = await turn.services.vote_lists.view(member, list_id)
    pages = max(1, -(-len(view.rows) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown = view.rows[page * PAGE : (page + 1) * PAGE]
    meeting = (
        turn.t(
            "vote_list.meeting",
            day=day(turn, view.meeting.held_on),
            attendees=view.meeting.attendees,
        )
        if view.meeting
        else "…"
    )
    text = turn.t(
        "vote_list.list_header",
        code=view.code,
        unit=view.unit_name,
        year=view.year,
        state=turn.t(STATES[view.state]),
        meeting=meeting,
        minutes=view.minutes,
        count=len(view.rows),
        rows=Safe("\n".join(row_lines(turn, shown, start=page * PAGE + 1))),
    )
    if pages > 1:
        text += "\n" + turn.t("vote_list.page", page=page + 1, pages=pages)
    if intro:
        text = f"{intro}\n\n{text}"
    return Reply(text, buttons=tuple(_list_buttons(turn, view, page, pages, shown)), edit=True)


def _list_buttons(
    turn: Turn, view: VoteListView, page: int, pages: int, shown: Sequence[RowView]
) -> Rows:
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                turn.t("vote_list.button.row", name=r.name, award=r.award_name),
                NominationOpen(r.nomination_id).pack(),
            ),
        )
        for r in shown
        if r.nomination_id is not None
    ]
    turning = []
    if page > 0:
        turning.append(
            Button(
                turn.t("vote_list.button.prev"),
                _menu(VoteListChoice.SHOW, list_id=view.id, page=page - 1),
            )
        )
    if page + 1 < pages:
        turning.append(
            Button(
                turn.t("vote_list.button.next"),
                _menu(VoteListChoice.SHOW, list_id=view.id, page=page + 1),
            )
        )
    if turning:
        rows.append(tuple(turning))
    if view.minutes:
        rows.append(
            (
                Button(
                    turn.t("vote_list.button.minutes"),
                    _menu(VoteListChoice.MINUTES, list_id=view.id),
                ),
            )
        )
    if member_of(turn).role in OFFICE:
        if view.state is ListState.SUBMITTED:
            rows.append(
                (
                    Button(
                        turn.t("vote_list.button.receive"),
                        _menu(VoteListChoice.RECEIVE, list_id=view.id, version=view.version),
                    ),
                )
            )
        if view.state is not ListState.RETURNED:
            rows.append(
                (
                    Button(
                        turn.t("vote_list.button.return"),
                        _menu(VoteListChoice.RETURN, list_id=view.id, version=view.version),
                    ),
                )
            )
        rows += documents_rows(turn, DocumentSubject.VOTE_LIST, view.id)
    rows.append(
        (Button(turn.t("vote_list.button.back"), _menu(VoteListChoice.HOME, year=view.year)),)
    )
    return rows


async def _send_minutes(turn: Turn, payload: VoteListMenu) -> Reply:
    files = await turn.services.vote_lists.minutes(member_of(turn), payload.list_id)
    if not files:
        return Reply(turn.t("vote_list.minutes_none"))
    chosen = next((f for f in files if f.id == payload.item), None)
    if chosen is None:
        buttons = tuple(
            (
                Button(
                    turn.t("common.files.send_button", name=f.name),
                    _menu(VoteListChoice.MINUTES, list_id=payload.list_id, item=f.id),
                ),
            )
            for f in files
        )
        return Reply(turn.t("vote_list.minutes_pick", count=len(files)), buttons=buttons)
    document = await attached_document(turn, chosen)
    if document is None:
        return Reply(turn.t("common.files.other_channel", name=chosen.name))
    return Reply(turn.t("vote_list.minutes_sent", name=chosen.name), document=document)


async def open_menu(turn: Turn, payload: VoteListMenu) -> Reply:
    """A ``VoteListMenu`` button (the service checks every role again)."""
    choice = payload.choice
    if choice is VoteListChoice.HOME:
        return await show_home(turn, payload.year)
    if choice is VoteListChoice.BUILD:
        return await start_build(turn, payload.year or turn.services.vote_lists.year_choices()[0])
    if choice is VoteListChoice.SHOW:
        return await show_list(turn, payload.list_id, payload.page)
    if choice is VoteListChoice.MINUTES:
        return await _send_minutes(turn, payload)
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    if choice is VoteListChoice.RECEIVE:
        view = await turn.services.vote_lists.receive(
            member_of(turn), payload.list_id, payload.version
        )
        return await show_list(turn, view.id, intro=turn.t("vote_list.received", code=view.code))
    view = await turn.services.vote_lists.view(member_of(turn), payload.list_id)
    given = ReturnAnswers(
        list_id=view.id, version=payload.version, code=view.code, unit=view.unit_name
    )
    return await turn.dialogs.start(turn, turn.incoming, RETURN, given)


class ReturnStep(StrEnum):
    """The step of returning a whole list."""

    REASON = "reason"


class ReturnAnswers(Answers):
    """A list being returned, as the Office saw it."""

    list_id: int = 0
    version: int = 0
    code: str = ""
    unit: str = ""
    reason: str | None = None


async def _finish_return(turn: Turn, answers: ReturnAnswers, _draft: Draft) -> Reply:
    assert answers.reason is not None
    try:
        view = await turn.services.vote_lists.return_list(
            member_of(turn), answers.list_id, answers.reason, answers.version
        )
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    reply = await show_home(turn, view.year, intro=turn.t("vote_list.returned", code=view.code))
    return Reply(reply.text, buttons=reply.buttons)


RETURN: Dialog[Turn, ReturnAnswers] = Dialog(
    name="vote_list_return",
    answers=ReturnAnswers,
    steps=(Step(ReturnStep.REASON, "vote_list.ask.return_reason", min_length=5, max_length=1000),),
    finish=_finish_return,
    cancelled="vote_list.cancelled",
)
