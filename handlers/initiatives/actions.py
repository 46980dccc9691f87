"""Acting on an initiative from its detail: state changes, reasons, and the council's scores.

```mermaid
stateDiagram-v2
    [*] --> done: an action without a reason (receive, to the council, applied)
    [*] --> sure: recognise ("Bạn chắc chắn …?")
    sure --> done: ✅ the same button, marked sure
    [*] --> reason: return, not recognise, withdraw
    reason --> done: 5–1000 characters (return)
    reason --> confirm: 5–1000 characters (not recognise, withdraw)
    confirm --> done: ✅ Xác nhận
    [*] --> novelty: ⭐ Chấm điểm (council, leader, admin; item under review)
    novelty --> applicability
    applicability --> benefit
    benefit --> note: "-" or "không" for none
    note --> done
    done --> [*]: the updated detail (authors told through the outbox)
```

Every button carries the version the person saw. A press on an item that changed in the
meantime gets the "already handled" text with the item as it is now; the service re-checks
roles and states, so forged buttons do nothing.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import InitiativeAct, InitiativeOpen
from bot.dialog_inputs import InputKind
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.services.common import MemberView
from bot.services.initiatives import SCORE_STEP, SCORERS, TRANSITIONS, Action, InitiativeView
from bot.services.workflow import REASON_MAX, require
from bot.turn import Turn
from handlers.common import ask_sure, member_of, menu, sure_text
from handlers.initiatives.detail import (
    ACTION_LABELS,
    SCORABLE,
    SCORE,
    detail,
    fresh,
    has_stake,
)

REASON_MIN = 5
#: What a scorer types for "no note".
NO_NOTE = frozenset({"-", "không", "khong", "không có", "ko"})
#: What each decisive step asks before it takes effect: the step and what it will do.
SURE: dict[Action, tuple[str, str]] = {
    Action.RECOGNIZE: ("initiative.sure.recognize", "initiative.sure.recognize_effect"),
    Action.NOT_RECOGNIZE: (
        "initiative.sure.not_recognize",
        "initiative.sure.not_recognize_effect",
    ),
    Action.WITHDRAW: ("initiative.sure.withdraw", "initiative.sure.withdraw_effect"),
}


class ReasonStep(StrEnum):
    """The reason dialog's steps: the reason, then "Bạn chắc chắn …?" for decisive steps."""

    REASON = "reason"
    SURE = "sure"


class ReasonAnswers(Answers):
    """An action that needs a reason, on the item as it was seen, and the reason typed."""

    item: int
    version: int
    action: Action
    code: str
    title: str
    action_label: str
    told: str = ""
    reason: str | None = None
    sure: bool | None = None


class ScoreStep(StrEnum):
    """The scoring dialog's steps: three marks and a private note."""

    NOVELTY = "novelty"
    APPLICABILITY = "applicability"
    BENEFIT = "benefit"
    NOTE = "note"


class ScoreAnswers(Answers):
    """A council member's marks for one item (their earlier marks when scoring again)."""

    item: int
    code: str
    title: str
    novelty: int | None = None
    applicability: int | None = None
    benefit: int | None = None
    note: str | None = None


async def act(turn: Turn, payload: InitiativeAct) -> Reply:
    """An ``InitiativeAct`` button: act at once, ask a reason, open scoring or resubmission."""
    if payload.action == SCORE:
        return await _start_scoring(turn, payload)
    try:
        action = Action(payload.action)
    except ValueError:
        return await menu.refuse_stale_button(turn)
    if action is Action.RESUBMIT or TRANSITIONS[action].needs_reason:
        return await _prepare(turn, payload, action)
    if TRANSITIONS[action].decisive and not payload.sure:
        return await _ask_sure(turn, payload, action)
    try:
        view = await turn.services.reviews.act(
            member_of(turn), payload.item, action, seen_version=payload.version
        )
    except errors.AlreadyHandled as problem:
        return await fresh(turn, payload.item, turn.t(problem.text_key))
    return detail(turn, view, intro=_done(turn, view))


async def _current(turn: Turn, payload: InitiativeAct) -> InitiativeView | Reply:
    """The item if the button is still current; otherwise the "already handled" answer."""
    view = await turn.services.initiatives.view(member_of(turn), payload.item)
    if view.version != payload.version:
        return detail(turn, view, intro=turn.t("initiative.error.already_handled"))
    return view


async def _checked(turn: Turn, payload: InitiativeAct, action: Action) -> InitiativeView | Reply:
    """The item if the person may take ``action`` on it as they saw it; refusals raise."""
    view = await _current(turn, payload)
    if isinstance(view, Reply):
        return view
    member = member_of(turn)
    mine, stake = member.id == view.author_id, has_stake(member, view)
    require(
        TRANSITIONS[action],
        member.role,
        is_author=mine,
        has_stake=stake,
        own_item=errors.OwnInitiative,
    )
    if view.state not in TRANSITIONS[action].sources:
        raise errors.NotAllowed
    return view


def _told(turn: Turn, member: MemberView, view: InitiativeView, action: Action) -> str:
    """The authors the step's notice goes to (not the author taking it), named."""
    skip = member.id if TRANSITIONS[action].by_author else None
    names = [a.name for a in view.authors if a.member_id not in (None, skip)]
    return turn.t("initiative.sure.told", names=", ".join(names)) if names else ""


async def _ask_sure(turn: Turn, payload: InitiativeAct, action: Action) -> Reply:
    """Ask "Bạn chắc chắn …?" before a decisive step without a reason."""
    view = await _checked(turn, payload, action)
    if isinstance(view, Reply):
        return view
    what, effect = SURE[action]
    return ask_sure(
        turn,
        what=turn.t(what, code=view.code, title=view.title),
        effect=turn.t(effect),
        told=_told(turn, member_of(turn), view, action),
        yes=Button(turn.t(ACTION_LABELS[action]), replace(payload, sure=1).pack()),
        back=Button(turn.t("common.sure.back"), InitiativeOpen(view.id).pack()),
    )


async def _prepare(turn: Turn, payload: InitiativeAct, action: Action) -> Reply:
    """Check the press before asking anything, so nobody types a reason for nothing."""
    view = await _checked(turn, payload, action)
    if isinstance(view, Reply):
        return view
    if action is Action.RESUBMIT:
        # The proposal dialog owns editing; imported here so the two modules stay independent.
        from handlers.initiatives.propose import start_edit

        return await start_edit(turn, view)
    # A step that is not decisive skips the question: its answer counts as given.
    sure = {} if TRANSITIONS[action].decisive else {"sure": True}
    given = ReasonAnswers(
        item=view.id,
        version=view.version,
        action=action,
        code=view.code,
        title=view.title,
        action_label=turn.t(ACTION_LABELS[action]),
        told=_told(turn, member_of(turn), view, action),
        **sure,
    )
    return await turn.dialogs.start(turn, turn.incoming, REASON, given)


async def _sure(turn: Turn, answers: ReasonAnswers) -> str:
    what, effect = SURE[answers.action]
    return sure_text(
        turn,
        what=turn.t(what, code=answers.code, title=answers.title),
        effect=turn.t(effect, reason=answers.reason or ""),
        told=answers.told,
    )


async def _finish_reason(turn: Turn, answers: ReasonAnswers, draft: Draft) -> Reply:
    item = answers.item
    try:
        view = await turn.services.reviews.act(
            member_of(turn),
            item,
            answers.action,
            reason=answers.reason or "",
            seen_version=answers.version,
            dialog=draft,
        )
    except errors.DomainError as problem:
        # Answered here, not by the router, so the dialog closes and the item shows as it is.
        return await fresh(turn, item, turn.t(problem.text_key, **problem.params), edit=False)
    return detail(turn, view, intro=_done(turn, view), edit=False)


def _done(turn: Turn, view: InitiativeView) -> str:
    return turn.t("initiative.detail.done", state=turn.t(f"initiative.state.{view.state.value}"))


REASON: Dialog[Turn, ReasonAnswers] = Dialog(
    name="initiative_reason",
    answers=ReasonAnswers,
    steps=(
        Step(
            ReasonStep.REASON,
            "initiative.detail.ask_reason",
            InputKind.TEXT,
            min_length=REASON_MIN,
            max_length=REASON_MAX,
        ),
        Step(
            ReasonStep.SURE,
            "common.sure.question",
            InputKind.CONFIRM,
            skip_when_set=True,
            render=_sure,
        ),
    ),
    finish=_finish_reason,
    cancelled="initiative.detail.reason_cancelled",
)


async def _start_scoring(turn: Turn, payload: InitiativeAct) -> Reply:
    member = member_of(turn)
    if member.role not in SCORERS:
        raise errors.NotAllowed
    view = await _current(turn, payload)
    if isinstance(view, Reply):
        return view
    # Refused before any mark is typed, as the service would refuse it after.
    require(
        SCORE_STEP,
        member.role,
        is_author=False,
        has_stake=has_stake(member, view),
        own_item=errors.OwnInitiative,
    )
    if view.state not in SCORABLE:
        raise errors.IllegalTransition
    given = ScoreAnswers(item=view.id, code=view.code, title=view.title)
    # A second scoring shows the person's earlier marks as the current values.
    for score in (s for s in view.scores if s.member_id == member.id):
        given = given.but(
            novelty=score.novelty, applicability=score.applicability, benefit=score.benefit
        )
    return await turn.dialogs.start(turn, turn.incoming, SCORING, given)


async def _no_note(_turn: Turn, text: Any) -> str:
    return "" if str(text).strip().casefold() in NO_NOTE else str(text)


async def _finish_score(turn: Turn, answers: ScoreAnswers, draft: Draft) -> Reply:
    item = answers.item
    novelty, applicability, benefit = answers.novelty, answers.applicability, answers.benefit
    assert novelty is not None and applicability is not None and benefit is not None
    try:
        view = await turn.services.reviews.score(
            member_of(turn),
            item,
            novelty,
            applicability,
            benefit,
            answers.note or "",
            dialog=draft,
        )
    except errors.DomainError as problem:
        return await fresh(turn, item, turn.t(problem.text_key, **problem.params), edit=False)
    intro = turn.t(
        "initiative.detail.scored", novelty=novelty, applicability=applicability, benefit=benefit
    )
    return detail(turn, view, intro=intro, edit=False)


def _mark(name: ScoreStep, prompt: str) -> Step[Turn, ScoreAnswers]:
    return Step(name, prompt, InputKind.NUMBER, minimum=1, maximum=5)


SCORING: Dialog[Turn, ScoreAnswers] = Dialog(
    name="initiative_score",
    answers=ScoreAnswers,
    steps=(
        _mark(ScoreStep.NOVELTY, "initiative.detail.ask_novelty"),
        _mark(ScoreStep.APPLICABILITY, "initiative.detail.ask_applicability"),
        _mark(ScoreStep.BENEFIT, "initiative.detail.ask_benefit"),
        Step(
            ScoreStep.NOTE,
            "initiative.detail.ask_note",
            InputKind.TEXT,
            max_length=REASON_MAX,
            convert=_no_note,
        ),
    ),
    finish=_finish_score,
    cancelled="initiative.detail.score_cancelled",
)
