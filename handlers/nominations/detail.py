"""One nomination: everything about it, the buttons the viewer may press, and acting on it.

```text
open ──► detail (+ actions_for(state, role, is_nominator, has_stake))
action without a reason (receive, to the council, approve) ──► done: the updated detail
return, reject, revoke, withdraw ──► reason (5–1000 characters) ──► done
resubmit (nominator, returned) ──► the completed summary (10–3000) ──► done
```

Every button carries the version the person saw: a press on an item that changed meanwhile
gets the "already handled" text with the item as it is now. The service re-checks roles,
states and who may see the item, so forged buttons do nothing.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.callbacks import (
    NominationAct,
    NominationFile,
    NominationList,
    NominationOpen,
    NominationScope,
)
from bot.dialog_inputs import InputKind
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.domain import NominationState, NomineeKind, Track
from bot.ports import Button, Document, Reply
from bot.roles import REVIEWERS
from bot.routing import Turn
from bot.services.common import MemberView
from bot.services.nominations import (
    SUMMARY_MAX,
    TRANSITIONS,
    Action,
    NominationView,
    actions_for,
    nomination_stake,
)
from bot.services.workflow import REASON_MAX, require
from bot.texts import Safe
from handlers.common import ItemScreen, member_of, menu, when
from handlers.nominations.nominate import KINDS

REASON_MIN = 5
SUMMARY_MIN = 10
#: Names of the states and tracks (literal keys, so the catalogue test sees them used).
STATE_NAMES: dict[NominationState, str] = {
    NominationState.SUBMITTED: "nomination.review.state.submitted",
    NominationState.RECEIVED: "nomination.review.state.received",
    NominationState.RESUBMITTED: "nomination.review.state.resubmitted",
    NominationState.UNDER_REVIEW: "nomination.review.state.under_review",
    NominationState.APPROVED: "nomination.review.state.approved",
    NominationState.ANNOUNCED: "nomination.review.state.announced",
    NominationState.RETURNED: "nomination.review.state.returned",
    NominationState.REJECTED: "nomination.review.state.rejected",
    NominationState.REVOKED: "nomination.review.state.revoked",
    NominationState.WITHDRAWN: "nomination.review.state.withdrawn",
}
TRACK_NAMES: dict[Track, str] = {
    Track.ANNUAL: "nomination.review.track.annual",
    Track.THEMATIC: "nomination.review.track.thematic",
    Track.ADHOC: "nomination.review.track.adhoc",
}
ACTION_LABELS: dict[Action, str] = {
    Action.RECEIVE: "nomination.review.button.receive",
    Action.RETURN: "nomination.review.button.return",
    Action.SEND_TO_COUNCIL: "nomination.review.button.council",
    Action.APPROVE: "nomination.review.button.approve",
    Action.REJECT: "nomination.review.button.reject",
    Action.REVOKE: "nomination.review.button.revoke",
    Action.WITHDRAW: "nomination.review.button.withdraw",
    Action.RESUBMIT: "nomination.review.button.resubmit",
}


class ActStep(StrEnum):
    """The steps of the dialogs that act on a nomination with words."""

    REASON = "reason"
    SUMMARY = "summary"


class ItemAction(Answers):
    """An action on one nomination being completed: the item as seen and what is typed."""

    item: int | None = None
    version: int | None = None
    action: Action | None = None
    code: str = ""
    name: str = ""
    award: str = ""
    action_label: str = ""
    cited: tuple[int, ...] = ()
    reason: str | None = None
    summary: str | None = None


def render(turn: Turn, view: NominationView) -> str:
    """Everything about a nomination, with the ad-hoc flag on top when it applies."""
    parts = [
        turn.t(
            "nomination.review.body",
            code=view.code,
            state=turn.t(STATE_NAMES[view.state]),
            track=turn.t(TRACK_NAMES[view.track]),
            movement=view.movement or turn.t("nomination.review.no_movement"),
            unit=view.unit,
            nominee=view.nominee_name,
            kind=turn.t(KINDS[NomineeKind(view.nominee_kind)]),
            award=view.award_name,
            nominator=view.nominator or turn.t("nomination.review.no_nominator"),
            submitted=when(turn, view.submitted_at),
            updated=when(turn, view.updated_at),
            summary=view.summary,
        )
    ]
    if view.track is Track.ADHOC:
        parts.insert(1, turn.t("nomination.review.adhoc"))
    cited = [
        turn.t("nomination.review.cited_line", code=c.code, title=c.title)
        for c in view.initiatives
    ]
    cited = cited or [turn.t("nomination.review.cited_none")]
    parts.append("\n".join([turn.t("nomination.review.cited_header"), *cited]))
    if view.files:
        names = ", ".join(f.name for f in view.files)
        parts.append(turn.t("nomination.review.files", count=len(view.files), names=names))
    parts.append(_history(turn, view))
    return "\n\n".join(parts)


def _history(turn: Turn, view: NominationView) -> str:
    names = {state.value: key for state, key in STATE_NAMES.items()}
    lines = [turn.t("common.history.header")]
    for change in view.history:
        state = turn.t(names[change.to_state]) if change.to_state in names else change.to_state
        at = when(turn, change.at)
        lines.append(
            turn.t("nomination.review.history_line", at=at, state=state, actor=change.actor)
        )
        if change.reason:
            lines.append(turn.t("common.history.reason", reason=change.reason))
    return "\n".join(lines)


def has_stake(member: MemberView, view: NominationView) -> bool:
    """The member is the nominee, of the nominated collective, or its unit's nominator."""
    return nomination_stake(
        member.id,
        member.unit.id,
        nominator_id=view.nominator_id,
        nominee_kind=view.nominee_kind,
        nominee_member_id=view.nominee_member_id,
        unit_id=view.unit_id,
    )


def buttons(turn: Turn, view: NominationView) -> tuple[tuple[Button, ...], ...]:
    """The actions the viewer may take (with the version seen), and the queue for reviewers."""
    member = member_of(turn)
    channel = turn.incoming.channel.value
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                turn.t("common.files.send_button", name=f.name),
                NominationFile(view.id, f.id).pack(),
            ),
        )
        for f in view.files
        if f.channel == channel  # a platform's file id only works on that platform
    ]
    nominator, stake = member.id == view.nominator_id, has_stake(member, view)
    rows += [
        (Button(turn.t(ACTION_LABELS[a]), NominationAct(view.id, a.value, view.version).pack()),)
        for a in actions_for(view.state, member.role, is_nominator=nominator, has_stake=stake)
    ]
    if member.role in REVIEWERS:
        queue = NominationList(NominationScope.QUEUE, 0, "").pack()
        rows.append((Button(turn.t("nomination.review.button.queue"), queue),))
    elif nominator:
        mine = NominationList(NominationScope.MINE, 0, "").pack()
        rows.append((Button(turn.t("nomination.review.button.mine"), mine),))
    return tuple(rows)


async def _load(turn: Turn, item_id: int) -> NominationView:
    return await turn.services.nominations.view(member_of(turn), item_id)


SCREEN = ItemScreen(_load, render, buttons, errors.NominationNotFound)
detail = SCREEN.detail
fresh = SCREEN.fresh


async def open_item(turn: Turn, payload: NominationOpen) -> Reply:
    """A ``NominationOpen`` button: the detail, if the person may see the item."""
    return await SCREEN.open(turn, payload.item)


async def send_file(turn: Turn, payload: NominationFile) -> Reply:
    """A 📎 button: send an evidence file, re-checking that the person may see the item."""
    view = await turn.services.nominations.view(member_of(turn), payload.item)
    file = next((f for f in view.files if f.id == payload.attachment), None)
    if file is None or file.channel != turn.incoming.channel.value:
        return detail(turn, view, edit=False)
    caption = turn.t("nomination.review.file_sent", name=file.name, code=view.code)
    return Reply(caption, document=Document(name=file.name, file_id=file.file_id))


async def act(turn: Turn, payload: NominationAct) -> Reply:
    """A ``NominationAct`` button: act at once, or ask a reason or the completed summary."""
    try:
        action = Action(payload.action)
    except ValueError:
        return await menu.refuse_stale_button(turn)
    if action is Action.ANNOUNCE:
        # Announcing is for the whole approved list, from the queue, never per item.
        return await menu.refuse_stale_button(turn)
    if action is Action.RESUBMIT or TRANSITIONS[action].needs_reason:
        return await _prepare(turn, payload, action)
    try:
        view = await turn.services.nominations.act(
            member_of(turn), payload.item, action, seen_version=payload.version
        )
    except errors.NominationAlreadyHandled as problem:
        return await fresh(turn, payload.item, turn.t(problem.text_key))
    return detail(turn, view, intro=_done(turn, view))


async def _prepare(turn: Turn, payload: NominationAct, action: Action) -> Reply:
    """Check the press before asking anything, so nobody types a reason for nothing."""
    member = member_of(turn)
    view = await turn.services.nominations.view(member, payload.item)
    if view.version != payload.version:
        return detail(turn, view, intro=turn.t("nomination.error.already_handled"))
    mine, stake = member.id == view.nominator_id, has_stake(member, view)
    step = TRANSITIONS[action]
    require(step, member.role, is_author=mine, has_stake=stake, own_item=errors.OwnNomination)
    if view.state not in step.sources:
        raise errors.NotAllowed
    given = ItemAction(
        item=view.id,
        version=view.version,
        action=action,
        code=view.code,
        name=view.nominee_name,
        award=view.award_name,
        action_label=turn.t(ACTION_LABELS[action]),
        cited=tuple(c.id for c in view.initiatives),
    )
    dialog = RESUBMIT if action is Action.RESUBMIT else REASON
    return await turn.dialogs.start(turn, turn.incoming, dialog, given)


async def _finish_reason(turn: Turn, answers: ItemAction, draft: Draft) -> Reply:
    assert answers.item is not None and answers.action is not None
    assert answers.reason is not None and answers.version is not None
    item = answers.item
    try:
        view = await turn.services.nominations.act(
            member_of(turn),
            item,
            answers.action,
            reason=answers.reason,
            seen_version=answers.version,
            dialog=draft,
        )
    except errors.DomainError as problem:
        # Answered here, not by the router, so the dialog closes and the item shows as it is.
        return await fresh(turn, item, turn.t(problem.text_key, **problem.params), edit=False)
    return detail(turn, view, intro=_done(turn, view), edit=False)


async def _finish_resubmit(turn: Turn, answers: ItemAction, draft: Draft) -> Reply:
    assert answers.item is not None and answers.summary is not None
    item = answers.item
    try:
        view = await turn.services.nominations.resubmit(
            member_of(turn), item, answers.summary, answers.cited, dialog=draft
        )
    except errors.DomainError as problem:
        return await fresh(turn, item, turn.t(problem.text_key, **problem.params), edit=False)
    return detail(turn, view, intro=_done(turn, view), edit=False)


def _done(turn: Turn, view: NominationView) -> str:
    return turn.t("nomination.review.done", state=Safe(turn.t(STATE_NAMES[view.state])))


REASON: Dialog[Turn, ItemAction] = Dialog(
    name="nomination_reason",
    answers=ItemAction,
    steps=(
        Step(
            ActStep.REASON,
            "nomination.review.ask_reason",
            InputKind.TEXT,
            min_length=REASON_MIN,
            max_length=REASON_MAX,
        ),
    ),
    finish=_finish_reason,
    cancelled="nomination.review.reason_cancelled",
)
RESUBMIT: Dialog[Turn, ItemAction] = Dialog(
    name="nomination_resubmit",
    answers=ItemAction,
    steps=(
        Step(
            ActStep.SUMMARY,
            "nomination.review.ask_summary",
            InputKind.TEXT,
            min_length=SUMMARY_MIN,
            max_length=SUMMARY_MAX,
        ),
    ),
    finish=_finish_resubmit,
    cancelled="nomination.review.resubmit_cancelled",
)
