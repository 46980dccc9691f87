"""Acting on an initiative from its detail: state changes and their reasons; the evaluation
and the head's decision start here and run in :mod:`handlers.initiatives.evaluate`.

```mermaid
stateDiagram-v2
    [*] --> done: an action without a reason (receive, to the council, applied more widely)
    [*] --> reason: return, conclude (đạt / không đạt), not recognise, withdraw
    reason --> done: 5–1000 characters (return, conclude "đạt")
    reason --> confirm: 5–1000 characters (conclude "không đạt", not recognise, withdraw)
    confirm --> done: ✅ Xác nhận
    [*] --> evaluation: 🧑‍⚖️ Đánh giá sáng kiến (handlers.initiatives.evaluate)
    [*] --> decision: 🏆 Ghi quyết định công nhận (handlers.initiatives.evaluate)
    done --> [*]: the updated detail (authors told through the outbox)
```

Every button carries the version the person saw. A press on an item that changed in the
meantime gets the "already handled" text with the item as it is now; the service re-checks
roles and states, so forged buttons do nothing.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.callbacks import InitiativeAct
from bot.dialog_inputs import InputKind
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Reply
from bot.services.common import MemberView
from bot.services.initiatives import (
    ACTION_LABELS,
    DECISION_ACTIONS,
    TRANSITIONS,
    Action,
    InitiativeView,
    stake_in,
)
from bot.services.workflow import REASON_MAX, require
from bot.turn import Turn
from handlers.common import member_of, menu, sure_text
from handlers.initiatives.detail import EVALUATE, detail, fresh
from handlers.initiatives.evaluate import start_decision, start_evaluation

REASON_MIN = 5
#: What each decisive step asks before it takes effect: the step and what it will do.
SURE: dict[Action, tuple[str, str]] = {
    Action.CONCLUDE_NOT_MET: (
        "initiative.evaluation.sure_conclude_fail",
        "initiative.evaluation.sure_conclude_fail_effect",
    ),
    Action.NOT_RECOGNIZE: (
        "initiative.evaluation.sure_not_recognize",
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


async def act(turn: Turn, payload: InitiativeAct) -> Reply:
    """An ``InitiativeAct`` button: act at once, ask a reason, open the evaluation, the head's
    decision or resubmission."""
    if payload.action == EVALUATE:
        return await start_evaluation(turn, payload)
    try:
        action = Action(payload.action)
    except ValueError:
        return await menu.refuse_stale_button(turn)
    if action in DECISION_ACTIONS or action is Action.RESUBMIT or TRANSITIONS[action].needs_reason:
        return await _prepare(turn, payload, action)
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
    mine, stake = member.id == view.author_id, stake_in(member, view)
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


async def _prepare(turn: Turn, payload: InitiativeAct, action: Action) -> Reply:
    """Check the press before asking anything, so nobody types a reason for nothing."""
    view = await _checked(turn, payload, action)
    if isinstance(view, Reply):
        return view
    if action in DECISION_ACTIONS:
        return await start_decision(turn, payload, _told(turn, member_of(turn), view, action))
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
