"""The Office opens a year's registration of targets, or moves its deadline.

```mermaid
stateDiagram-v2
    [*] --> year: 📅 Mở đăng ký, đổi hạn (Office)
    year --> deadline: this year or the next (one registration a year)
    deadline --> [*]: a day from today to the year's end; unit heads told
```
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import RegistrationChoice, RegistrationMenu
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.turn import Turn
from handlers.common import day, member_of
from handlers.registrations.screens import today


class OpenStep(StrEnum):
    """The steps of opening a year's registration."""

    YEAR = "year"
    DEADLINE = "deadline"


class OpenAnswers(Answers):
    """A year's registration being opened."""

    year: int | None = None
    year_name: str | None = None
    deadline: date | None = None


async def start_open(turn: Turn) -> Reply:
    """Ask the Office for the year and the deadline."""
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    return await turn.dialogs.start(turn, turn.incoming, OPEN)


async def _years(turn: Turn, _answers: OpenAnswers) -> Sequence[Option]:
    options = []
    for year in (today(turn).year, today(turn).year + 1):
        found = await turn.services.targets.targets_of(member_of(turn), year)
        label = (
            turn.t("targets.ask.year_option", year=year)
            if found.round is None
            else turn.t(
                "targets.ask.year_open", year=year, deadline=day(turn, found.round.deadline)
            )
        )
        options.append(Option(str(year), label))
    return options


async def _after_deadline(turn: Turn, answers: OpenAnswers, value: Any) -> Then[OpenAnswers]:
    assert answers.year is not None
    deadline = date.fromisoformat(str(value))
    if not today(turn) <= deadline <= date(answers.year, 12, 31):
        raise InvalidInput("targets.error.deadline", year=answers.year, day=day(turn, deadline))
    return Then()


async def _finish(turn: Turn, answers: OpenAnswers, _draft: Draft) -> Reply:
    assert answers.year is not None and answers.deadline is not None
    try:
        opened = await turn.services.targets.open_round(
            member_of(turn), answers.year, answers.deadline
        )
    except errors.DomainError as problem:  # answered here, so the dialog closes
        return Reply(turn.t(problem.text_key, **problem.params))
    view = opened.round
    if opened.previous is None:
        key = "targets.opened"
    elif opened.previous != view.deadline:
        key = "targets.moved"
    else:
        key = "targets.unchanged"
    text = turn.t(key, year=view.year, deadline=day(turn, view.deadline))
    status = RegistrationMenu(RegistrationChoice.STATUS, view.year).pack()
    return Reply(text, buttons=((Button(turn.t("targets.button.status"), status),),))


OPEN: Dialog[Turn, OpenAnswers] = Dialog(
    name="targets_open",
    answers=OpenAnswers,
    steps=(
        Step(OpenStep.YEAR, "targets.ask.year", InputKind.CHOICE, options=_years),
        Step(OpenStep.DEADLINE, "targets.ask.deadline", InputKind.DATE, after=_after_deadline),
    ),
    finish=_finish,
    cancelled="targets.open_cancelled",
)
