"""Building a unit's vote list in one dialog: the collective title, the people of each
individual title (registered ones preselected), the share of votes each row got, the basis of
titles that need one, the meeting, its minutes, then the checks and sending.

```mermaid
stateDiagram-v2
    [*] --> collective: 📝 Lập danh sách bình xét (a unit head, /binhxet)
    collective --> people: a collective title, or none
    people --> people: the next individual title (row numbers, «tất cả», «không», «giữ»)
    people --> shares: one share for all, then «số: tỉ lệ» lines
    shares --> basis: each row whose title needs a basis
    basis --> meeting
    meeting --> attendees: a day, not after today
    attendees --> files: the minutes (at least one file)
    files --> check: every row checked against the rules
    check --> people: ✏️ fix a part (then back to the check)
    check --> [*]: 📤 sent when no row fails; the Office is told
```
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape
from typing import Any

from bot import errors
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import FINISH, Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.services.vote_lists import ListForm, Meeting, RowView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import FileStep, dialog_steps, member_of, not_after_today
from handlers.vote_lists.answers import BuildAnswers, BuildStep, form_of, rows_of
from handlers.vote_lists.rows import check_lines, row_key
from handlers.vote_lists.steps import (
    after_attendees,
    after_basis,
    after_collective,
    after_people,
    after_shares,
    basis_options,
    collective_options,
    needs_basis,
    render_basis,
    render_people,
    render_shares,
)


def needs_basis_option(turn: Turn, form: ListForm, answers: BuildAnswers) -> list[Option]:
    """ "✏️ Sửa căn cứ" when some row's title needs a basis."""
    if not needs_basis(form, answers):
        return []
    return [Option(FIX_BASIS, turn.t("vote_list.button.fix_basis"))]


#: Literal keys of the check step's choices.
SEND, FIX_PEOPLE, FIX_SHARES, FIX_COLLECTIVE = "send", "people", "shares", "collective"
FIX_BASIS = "basis"


async def start_build(turn: Turn, year: int, unit: int | None = None) -> Reply:
    """Start the dialog, preselecting what the unit registered (or the list sent before)."""
    form = await turn.services.vote_lists.form(member_of(turn), year, unit)
    current = await turn.services.vote_lists.current(member_of(turn), year, unit)
    picked: dict[str, list[int]] = {}
    given = BuildAnswers(year=year, unit=unit)
    if current is not None and current.rows:
        given = _from_list(given, current.rows, picked).but(kept_minutes=current.minutes)
    else:
        for member in form.members:
            for code in member.registered:
                picked.setdefault(code, []).append(member.id)
        collective = next(iter(form.unit_registered), None)
        given = given.but(collective=collective)
    given = given.but(picked={k: tuple(v) for k, v in picked.items()})
    return await turn.dialogs.start(turn, turn.incoming, BUILD, given)


def _from_list(
    given: BuildAnswers, rows: Sequence[RowView], picked: dict[str, list[int]]
) -> BuildAnswers:
    shares: dict[str, float] = {}
    basis: dict[str, str] = {}
    collective = None
    for view in rows:
        row = view.row
        key = row_key(row.member_id, row.award_code)
        if row.vote_share is not None:
            shares[key] = row.vote_share
        if row.basis:
            basis[key] = row.basis
        if row.member_id is None:
            collective = row.award_code
        else:
            picked.setdefault(row.award_code, []).append(row.member_id)
    return given.but(collective=collective, shares=shares, basis=basis)


async def _render_check(turn: Turn, answers: BuildAnswers) -> str:
    form = await form_of(turn, answers)
    rows = rows_of(form, answers)
    if not rows:
        return turn.t("vote_list.check_empty")
    found = await turn.services.vote_lists.check(member_of(turn), answers.year, rows, answers.unit)
    files = len(answers.files) or answers.kept_minutes
    return check_lines(turn, form, found, answers.meeting, answers.attendees, files)


async def _check_options(turn: Turn, answers: BuildAnswers) -> Sequence[Option]:
    form = await form_of(turn, answers)
    rows = rows_of(form, answers)
    found = await turn.services.vote_lists.check(member_of(turn), answers.year, rows, answers.unit)
    options = []
    has_minutes = answers.files or answers.kept_minutes
    if rows and has_minutes and not any(r.blocked for r in found):
        options.append(Option(SEND, turn.t("vote_list.button.send")))
    options += [
        Option(FIX_PEOPLE, turn.t("vote_list.button.fix_people")),
        Option(FIX_SHARES, turn.t("vote_list.button.fix_shares")),
        Option(FIX_COLLECTIVE, turn.t("vote_list.button.fix_collective")),
        *needs_basis_option(turn, form, answers),
        Option("files", turn.t("vote_list.button.fix_files")),
    ]
    return options


async def _after_check(turn: Turn, answers: BuildAnswers, value: Any) -> Then[BuildAnswers]:
    if value == SEND:
        return Then(FINISH)
    fixing = answers.but(editing=True)
    jumps = {
        FIX_PEOPLE: Then(BuildStep.PEOPLE, fixing.but(title_at=0)),
        FIX_SHARES: Then(BuildStep.SHARES, fixing),
        FIX_COLLECTIVE: Then(BuildStep.COLLECTIVE, fixing),
        FIX_BASIS: Then(BuildStep.BASIS, fixing.but(basis={})),
    }
    return jumps.get(str(value), Then(FileStep.MENU, fixing))


async def _finish(turn: Turn, answers: BuildAnswers, draft: Draft) -> Reply:
    assert answers.meeting is not None and answers.attendees is not None
    form = await form_of(turn, answers)
    files = [f.info(turn.incoming.channel.value) for f in answers.files]
    meeting = Meeting(answers.meeting, answers.attendees)
    try:
        view = await turn.services.vote_lists.submit(
            member_of(turn),
            answers.year,
            rows_of(form, answers),
            meeting,
            files,
            unit_id=answers.unit,
            dialog=draft,
        )
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    return Reply(turn.t("vote_list.sent", code=view.code, count=len(view.rows)))


async def _render_minutes(turn: Turn, answers: BuildAnswers) -> str:
    names = "\n".join(f"• {escape(f.name)}" for f in answers.files)
    kept = turn.t("vote_list.minutes_kept", count=answers.kept_minutes)
    return turn.t(
        "vote_list.ask.minutes",
        files=Safe(names or (kept if answers.kept_minutes else turn.t("common.none"))),
    )


_held = not_after_today("vote_list.error.future_meeting")
_menu, _file = dialog_steps.attachment_steps(BuildAnswers)
_menu = replace(_menu, render=_render_minutes)

BUILD: Dialog[Turn, BuildAnswers] = Dialog(
    name="vote_list_build",
    answers=BuildAnswers,
    steps=(
        Step(
            BuildStep.COLLECTIVE,
            "vote_list.ask.collective",
            InputKind.CHOICE,
            options=collective_options,
            after=after_collective,
        ),
        Step(
            BuildStep.PEOPLE,
            "",
            max_length=2000,
            render=render_people,
            after=after_people,
        ),
        Step(BuildStep.SHARES, "", max_length=4000, render=render_shares, after=after_shares),
        Step(
            BuildStep.BASIS,
            "",
            InputKind.CHOICE,
            options=basis_options,
            render=render_basis,
            after=after_basis,
        ),
        Step(BuildStep.MEETING, "vote_list.ask.meeting", InputKind.DATE, convert=_held),
        Step(
            BuildStep.ATTENDEES,
            "vote_list.ask.attendees",
            InputKind.NUMBER,
            minimum=1,
            maximum=10_000,
            after=after_attendees,
        ),
        _menu,
        _file,
        Step(
            BuildStep.CHECK,
            "",
            InputKind.CHOICE,
            options=_check_options,
            render=_render_check,
            after=_after_check,
        ),
    ),
    finish=_finish,
    cancelled="vote_list.cancelled",
)
