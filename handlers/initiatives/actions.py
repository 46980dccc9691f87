"""Acting on an initiative from its detail: state changes, reasons, and the council's scores.

```mermaid
stateDiagram-v2
    [*] --> done: an action without a reason (receive, to the council, recognise, applied)
    [*] --> reason: return, not recognise, withdraw
    reason --> done: 5–1000 characters
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

from typing import Any

from bot import errors
from bot.callbacks import InitiativeAct
from bot.dialog_inputs import InputKind
from bot.dialog_spec import Dialog, Step, draft_of
from bot.ports import Reply
from bot.routing import Turn
from bot.services.common.workflow import REASON_MAX, require
from bot.services.initiatives.records import InitiativeView
from bot.services.initiatives.workflow import SCORE_STEP, SCORERS, TRANSITIONS, Action
from handlers.common import menu
from handlers.common.turns import member_of
from handlers.initiatives.detail import (
    ACTION_LABELS,
    SCORABLE,
    SCORE,
    detail,
    fresh,
    has_stake,
)

REASON_DIALOG = "initiative_reason"
SCORE_DIALOG = "initiative_score"
REASON_MIN = 5
#: What a scorer types for "no note".
NO_NOTE = frozenset({"-", "không", "khong", "không có", "ko"})


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


async def _prepare(turn: Turn, payload: InitiativeAct, action: Action) -> Reply:
    """Check the press before asking anything, so nobody types a reason for nothing."""
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
    if action is Action.RESUBMIT:
        # The proposal dialog owns editing; imported here so the two modules stay independent.
        from handlers.initiatives import propose as initiatives

        return await initiatives.start_edit(turn, view)
    data = {
        "item": view.id,
        "version": view.version,
        "action": action.value,
        "code": view.code,
        "title": view.title,
        "action_label": turn.t(ACTION_LABELS[action]),
    }
    return await turn.dialogs.start(turn, turn.incoming, REASON_DIALOG, data)


async def _finish_reason(turn: Turn, data: dict[str, Any]) -> Reply:
    item = int(data["item"])
    try:
        view = await turn.services.reviews.act(
            member_of(turn),
            item,
            Action(str(data["action"])),
            reason=str(data["reason"]),
            seen_version=int(data["version"]),
            dialog=draft_of(data),
        )
    except errors.DomainError as problem:
        # Answered here, not by the router, so the dialog closes and the item shows as it is.
        return await fresh(turn, item, turn.t(problem.text_key, **problem.params), edit=False)
    return detail(turn, view, intro=_done(turn, view), edit=False)


def _done(turn: Turn, view: InitiativeView) -> str:
    return turn.t("initiative.detail.done", state=turn.t(f"initiative.state.{view.state.value}"))


REASON: Dialog[Turn] = Dialog(
    name=REASON_DIALOG,
    steps=(
        Step(
            "reason",
            "initiative.detail.ask_reason",
            InputKind.TEXT,
            min_length=REASON_MIN,
            max_length=REASON_MAX,
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
    data: dict[str, Any] = {"item": view.id, "code": view.code, "title": view.title}
    # A second scoring shows the person's earlier marks as the current values.
    for score in (s for s in view.scores if s.member_id == member.id):
        data.update(novelty=score.novelty, applicability=score.applicability)
        data.update(benefit=score.benefit)
    return await turn.dialogs.start(turn, turn.incoming, SCORE_DIALOG, data)


async def _no_note(_turn: Turn, text: Any) -> str:
    return "" if str(text).strip().casefold() in NO_NOTE else str(text)


async def _finish_score(turn: Turn, data: dict[str, Any]) -> Reply:
    item = int(data["item"])
    novelty, applicability, benefit = (
        int(data[k]) for k in ("novelty", "applicability", "benefit")
    )
    try:
        view = await turn.services.reviews.score(
            member_of(turn),
            item,
            novelty,
            applicability,
            benefit,
            str(data["note"]),
            dialog=draft_of(data),
        )
    except errors.DomainError as problem:
        return await fresh(turn, item, turn.t(problem.text_key, **problem.params), edit=False)
    intro = turn.t(
        "initiative.detail.scored", novelty=novelty, applicability=applicability, benefit=benefit
    )
    return detail(turn, view, intro=intro, edit=False)


def _mark(name: str, prompt: str) -> Step[Turn]:
    return Step(name, prompt, InputKind.NUMBER, minimum=1, maximum=5)


SCORING: Dialog[Turn] = Dialog(
    name=SCORE_DIALOG,
    steps=(
        _mark("novelty", "initiative.detail.ask_novelty"),
        _mark("applicability", "initiative.detail.ask_applicability"),
        _mark("benefit", "initiative.detail.ask_benefit"),
        Step(
            "note",
            "initiative.detail.ask_note",
            InputKind.TEXT,
            max_length=REASON_MAX,
            convert=_no_note,
        ),
    ),
    finish=_finish_score,
    cancelled="initiative.detail.score_cancelled",
)
