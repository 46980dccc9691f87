"""Opening a council session (``/phienhop`` → ➕ Mở phiên họp), and the ``/phienhop`` buttons.

```mermaid
stateDiagram-v2
    [*] --> council: ➕ Mở phiên họp (Office)
    council --> groups: an emulation council with items under review
    groups --> groups: a group of one award, chosen or left out (all chosen at first)
    groups --> title: ➡️ Tiếp tục with at least one item
    title --> sure: 3–200 characters
    sure --> [*]: opened; each seated member told, with a button to their ballot
```

The items are those the Office saw when it went on from the groups; if one was handled or put
on another session meanwhile, the service refuses and nothing is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import SessionChoice, SessionMenu
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.roles import OFFICE
from bot.services.councils import TITLE_MAX, TITLE_MIN, ReviewGroup
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import member_of, sure_text
from handlers.councils.sessions import ask_close, close_now, show_session, show_sessions

#: The option that goes on from the groups (no award code holds a dot).
NEXT = ".next"


class OpenStep(StrEnum):
    """The steps of opening a session."""

    COUNCIL = "council"
    GROUPS = "groups"
    TITLE = "title"
    SURE = "sure"


class OpenAnswers(Answers):
    """A session being opened: the council, the award groups left out, the items seen."""

    council: str | None = None
    council_name: str | None = None
    left_out: tuple[str, ...] = ()
    expected: tuple[int, ...] = ()
    count: int = 0
    seats: int = 0
    title: str | None = None
    sure: bool | None = None


async def _groups_of(turn: Turn, answers: OpenAnswers) -> tuple[ReviewGroup, ...]:
    assert answers.council is not None
    return await turn.services.council_sessions.reviewable(member_of(turn), answers.council)


async def _councils(turn: Turn, _answers: OpenAnswers) -> Sequence[Option]:
    councils = turn.services.council_sessions.emulation_councils(member_of(turn))
    return [Option(c.code, c.name) for c in councils]


async def _after_council(turn: Turn, answers: OpenAnswers, _value: Any) -> Then[OpenAnswers]:
    if not await _groups_of(turn, answers):
        raise InvalidInput("council.session.error.nothing", council=answers.council_name)
    return Then(answers=answers.but(left_out=()))


async def _group_options(turn: Turn, answers: OpenAnswers) -> Sequence[Option]:
    groups = await _groups_of(turn, answers)
    options = [
        Option(
            g.award_code,
            turn.t(
                "council.session.ask.group_off"
                if g.award_code in answers.left_out
                else "council.session.ask.group_on",
                award=g.award_name,
                count=len(g.item_ids),
            ),
        )
        for g in groups
    ]
    chosen = sum(len(g.item_ids) for g in groups if g.award_code not in answers.left_out)
    return [*options, Option(NEXT, turn.t("council.session.ask.next", count=chosen))]


async def _render_groups(turn: Turn, answers: OpenAnswers) -> str:
    lines = [
        turn.t(
            "council.session.ask.group_line",
            mark=turn.t(
                "council.session.ask.mark_off"
                if g.award_code in answers.left_out
                else "council.session.ask.mark_on"
            ),
            award=g.award_name,
            count=len(g.item_ids),
        )
        for g in await _groups_of(turn, answers)
    ]
    return turn.t(
        "council.session.ask.groups", council=answers.council_name, groups=Safe("\n".join(lines))
    )


async def _after_groups(turn: Turn, answers: OpenAnswers, value: Any) -> Then[OpenAnswers]:
    if value != NEXT:
        left_out = set(answers.left_out) ^ {str(value)}
        return Then(OpenStep.GROUPS, answers.but(left_out=tuple(sorted(left_out))))
    groups = await _groups_of(turn, answers)
    expected = tuple(
        item for g in groups if g.award_code not in answers.left_out for item in g.item_ids
    )
    if not expected:
        raise InvalidInput("council.session.error.none_chosen")
    councils = await turn.services.councils.councils(member_of(turn))
    seats = next((c.seats for c in councils if c.code == answers.council), 0)
    return Then(answers=answers.but(expected=expected, count=len(expected), seats=seats))


async def _render_sure(turn: Turn, answers: OpenAnswers) -> str:
    council = answers.council_name or ""
    return sure_text(
        turn,
        what=turn.t(
            "council.session.sure.what", title=answers.title, council=council, count=answers.count
        ),
        effect=turn.t("council.session.sure.effect"),
        told=turn.t("council.session.sure.told", seats=answers.seats, council=council),
    )


async def _finish(turn: Turn, answers: OpenAnswers, draft: Draft) -> Reply:
    assert answers.council is not None and answers.title is not None
    try:
        view = await turn.services.council_sessions.open(
            member_of(turn), answers.council, answers.title, answers.expected, dialog=draft
        )
    except errors.DomainError as problem:
        # Answered here so the dialog closes; the sessions show as they are now.
        reply = await show_sessions(turn, intro=turn.t(problem.text_key, **problem.params))
        return Reply(reply.text, buttons=reply.buttons)
    intro = turn.t(
        "council.session.opened",
        code=view.code,
        title=view.title,
        items=view.items,
        told=view.told,
    )
    reply = await show_session(turn, view.id, intro=intro)
    return Reply(reply.text, buttons=reply.buttons)


async def open_menu(turn: Turn, payload: SessionMenu) -> Reply:
    """A ``SessionMenu`` button (the route lets the Office only; the service re-checks)."""
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    if payload.choice is SessionChoice.LIST:
        return await show_sessions(turn)
    if payload.choice is SessionChoice.NEW:
        return await turn.dialogs.start(turn, turn.incoming, OPEN_SESSION)
    if payload.choice is SessionChoice.SHOW:
        return await show_session(turn, payload.session)
    if payload.choice is SessionChoice.CLOSE:
        return await ask_close(turn, payload.session)
    return await close_now(turn, payload.session)


OPEN_SESSION: Dialog[Turn, OpenAnswers] = Dialog(
    name="council_session_open",
    answers=OpenAnswers,
    steps=(
        Step(
            OpenStep.COUNCIL,
            "council.session.ask.council",
            InputKind.CHOICE,
            options=_councils,
            after=_after_council,
        ),
        Step(
            OpenStep.GROUPS,
            "council.session.ask.groups",
            InputKind.CHOICE,
            options=_group_options,
            render=_render_groups,
            after=_after_groups,
        ),
        Step(
            OpenStep.TITLE,
            "council.session.ask.title",
            min_length=TITLE_MIN,
            max_length=TITLE_MAX,
        ),
        Step(OpenStep.SURE, "common.sure.question", InputKind.CONFIRM, render=_render_sure),
    ),
    finish=_finish,
    cancelled="council.session.cancelled",
)
