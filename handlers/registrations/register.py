"""The unit head registers the unit's targets for the year in one dialog.

```mermaid
stateDiagram-v2
    [*] --> collective: 📝 Đăng ký cho đơn vị (unit heads, until the deadline)
    collective --> members: a collective title, or none
    members --> members: a member pressed: default title → CSTĐCS … → not listed → default
    members --> members: ◀ / ▶ another page of members
    members --> sure: ➡️ Xong, xem lại
    sure --> [*]: saved whole; each member told their titles and the unit's
```

Every member starts on the configured default title (Lao động tiên tiến), or on what the unit
saved before. The version the head read travels with the dialog: if someone saved the unit's
registration meanwhile, nothing is saved and the head opens the form again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import Field

from bot import errors
from bot.callbacks import RegistrationChoice, RegistrationMenu
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Button, Reply
from bot.services.registrations import Titles
from bot.turn import Turn
from handlers.common import day, member_of, sure_text
from handlers.registrations.screens import counts_text

#: Members on one page of the list: with the page buttons and "done", ten choices at most,
#: so the engine never pages them itself (and Zalo's numbered list stays short).
PER_PAGE = 7
NONE = "-"
DONE = "done"
#: How a member's title shows on their button: the default, another title, not listed.
MARKS = ("✅", "⭐", "⬜")


class TargetStep(StrEnum):
    """The steps of registering a unit's targets."""

    COLLECTIVE = "collective"
    MEMBERS = "members"
    SURE = "sure"


class TargetAnswers(Answers):
    """A unit's registration being edited, with the version its head read."""

    year: int = 0
    unit: str = ""
    version: int = 0
    collective: str | None = None
    collective_name: str | None = None
    #: The unit's active members (id, name), in the form's order.
    people: tuple[tuple[int, str], ...] = ()
    #: The title each listed member is on; members not here are not listed.
    titles: dict[int, str] = Field(default_factory=dict)
    page: int = 0


def _titles(turn: Turn) -> Titles:
    return turn.services.targets.titles


def _cycle(titles: Titles) -> list[str | None]:
    """The titles a press goes through, in order, ending "not listed" (``None``)."""
    codes: list[str | None] = [t.code for t in titles.individual]
    return [*codes, None] if titles.default else [None, *codes]


def _mark(titles: Titles, code: str | None) -> str:
    if code is None:
        return MARKS[2]
    return MARKS[0] if code == titles.default else MARKS[1]


def counts(titles: Titles, chosen: dict[int, str]) -> tuple[tuple[str, int], ...]:
    """Members per title, each title counting those whose title needs it (CSTĐCS: LĐTT)."""
    needed = [titles.closure(code) for code in chosen.values()]
    found = ((t.code, sum(1 for codes in needed if t.code in codes)) for t in titles.individual)
    return tuple((code, n) for code, n in found if n)


async def start_register(turn: Turn, year: int) -> Reply:
    """Open the head's unit's form for ``year`` (the service checks the role)."""
    form = await turn.services.targets.form(member_of(turn), year)
    if form.closed:
        raise errors.RegistrationClosed(year=year, deadline=day(turn, form.round.deadline))
    given = TargetAnswers(
        year=year,
        unit=form.unit,
        version=form.version,
        people=tuple((m.id, m.full_name) for m in form.members),
        titles={m.id: m.title for m in form.members if m.title is not None},
    )
    if form.version:
        collective = form.collective or NONE
        name = _titles(turn).name(collective) if form.collective else ""
        given = given.but(collective=collective, collective_name=name)
    return await turn.dialogs.start(turn, turn.incoming, REGISTER, given)


async def _collective_options(turn: Turn, _answers: TargetAnswers) -> Sequence[Option]:
    offered = [Option(t.code, t.name) for t in _titles(turn).collective]
    return [*offered, Option(NONE, turn.t("targets.ask.collective_none"))]


async def _render_collective(turn: Turn, answers: TargetAnswers) -> str:
    text = turn.t("targets.ask.collective", year=answers.year, unit=answers.unit)
    if answers.collective is not None:
        name = answers.collective_name or turn.t("targets.ask.collective_none")
        text += "\n" + turn.t("targets.ask.current", title=name)
    return text


def _pages(answers: TargetAnswers) -> int:
    return max(1, math.ceil(len(answers.people) / PER_PAGE))


async def _member_options(turn: Turn, answers: TargetAnswers) -> Sequence[Option]:
    titles = _titles(turn)
    page, pages = min(answers.page, _pages(answers) - 1), _pages(answers)
    people = answers.people[page * PER_PAGE : (page + 1) * PER_PAGE]
    options = []
    for member, name in people:
        code = answers.titles.get(member)
        title = titles.name(code) if code else turn.t("targets.off")
        label = turn.t("targets.member", mark=_mark(titles, code), name=name, title=title)
        options.append(Option(f"m{member}", label))
    if page > 0:
        options.append(Option(f"p{page - 1}", turn.t("common.list.previous_button")))
    if page < pages - 1:
        options.append(Option(f"p{page + 1}", turn.t("common.list.next_button")))
    return [*options, Option(DONE, turn.t("targets.button.done"))]


async def _render_members(turn: Turn, answers: TargetAnswers) -> str:
    titles = _titles(turn)
    steps = [
        f"{_mark(titles, code)} {titles.name(code) if code else turn.t('targets.off')}"
        for code in _cycle(titles)
    ]
    listed = counts_text(turn, titles, counts(titles, answers.titles))
    off = len(answers.people) - len(answers.titles)
    return turn.t(
        "targets.ask.members",
        year=answers.year,
        unit=answers.unit,
        counts=listed,
        off=off,
        cycle=" → ".join(steps),
        page=min(answers.page, _pages(answers) - 1) + 1,
        pages=_pages(answers),
    )


async def _after_member(turn: Turn, answers: TargetAnswers, value: Any) -> Then[TargetAnswers]:
    chosen = str(value)
    if chosen == DONE:
        return Then(TargetStep.SURE)
    if chosen.startswith("p"):
        return Then(TargetStep.MEMBERS, answers.but(page=int(chosen[1:])))
    member = int(chosen[1:])
    if member not in dict(answers.people):
        raise InvalidInput("dialog.error.stale_button")
    cycle = _cycle(_titles(turn))
    now = answers.titles.get(member)
    then = cycle[(cycle.index(now) + 1) % len(cycle)] if now in cycle else cycle[0]
    titles = {m: code for m, code in answers.titles.items() if m != member}
    if then is not None:
        titles[member] = then
    return Then(TargetStep.MEMBERS, answers.but(titles=titles))


async def _render_sure(turn: Turn, answers: TargetAnswers) -> str:
    titles = _titles(turn)
    collective = answers.collective_name if answers.collective not in (None, NONE) else ""
    effect = turn.t(
        "targets.sure.effect",
        collective=collective or turn.t("targets.notice.no_collective"),
        counts=counts_text(turn, titles, counts(titles, answers.titles)),
        off=len(answers.people) - len(answers.titles),
    )
    what = turn.t("targets.sure.what", year=answers.year, unit=answers.unit)
    return sure_text(turn, what=what, effect=effect, told=turn.t("targets.sure.told"))


async def _finish(turn: Turn, answers: TargetAnswers, draft: Draft) -> Reply:
    collective = None if answers.collective in (None, NONE) else answers.collective
    try:
        saved = await turn.services.targets.register(
            member_of(turn),
            answers.year,
            collective,
            answers.titles,
            answers.version,
            dialog=draft,
        )
    except errors.DomainError as problem:  # answered here, so the dialog closes
        return Reply(turn.t(problem.text_key, **problem.params))
    titles = _titles(turn)
    text = turn.t(
        "targets.saved",
        year=saved.year,
        unit=saved.unit,
        collective=titles.name(saved.collective)
        if saved.collective
        else turn.t("targets.notice.no_collective"),
        counts=counts_text(turn, titles, saved.counts),
        off=saved.not_listed,
    )
    home = RegistrationMenu(RegistrationChoice.HOME, saved.year).pack()
    return Reply(text, buttons=((Button(turn.t("targets.button.back"), home),),))


REGISTER: Dialog[Turn, TargetAnswers] = Dialog(
    name="targets_register",
    answers=TargetAnswers,
    steps=(
        Step(
            TargetStep.COLLECTIVE,
            "targets.ask.collective",
            InputKind.CHOICE,
            options=_collective_options,
            render=_render_collective,
        ),
        Step(
            TargetStep.MEMBERS,
            "targets.ask.members",
            InputKind.CHOICE,
            options=_member_options,
            after=_after_member,
            render=_render_members,
        ),
        Step(TargetStep.SURE, "common.sure.question", InputKind.CONFIRM, render=_render_sure),
    ),
    finish=_finish,
    cancelled="targets.cancelled",
)
