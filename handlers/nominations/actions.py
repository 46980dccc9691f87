"""Acting on a nomination from its screen: state changes, reasons, and the completed summary.

```text
action without a reason (receive, to the council) ──► done: the updated detail
recommend ──► "Bạn chắc chắn …?" ──► ✅ the same button, marked sure ──► done
return ──► reason (5–1000 characters) ──► done
reject, withdraw ──► reason ──► "Bạn chắc chắn …?" ──► ✅ Xác nhận ──► done
revoke (cancel the award) ──► reason ──► reward recovered? ──► "Bạn chắc chắn …?" ──► done
resubmit (nominator, returned) ──► the completed summary (10–3000) ──► done
```

Every button carries the version the person saw: a press on an item that changed meanwhile
gets the "already handled" text with the item as it is now.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from bot import errors
from bot.callbacks import NominationAct, NominationOpen
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.services.common import MemberView
from bot.services.nominations import (
    ACTION_LABELS,
    BY_DECISION,
    BY_SESSION,
    REASON_MIN,
    RECOVERED,
    STATE_NAMES,
    SUMMARY_MAX,
    SUMMARY_MIN,
    SURE,
    TRANSITIONS,
    Action,
    NominationView,
    stake_in,
)
from bot.services.workflow import REASON_MAX, require
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import ask_sure, member_of, menu, sure_text
from handlers.nominations.detail import detail, fresh


class ActStep(StrEnum):
    """The steps of the dialogs that act on a nomination with words."""

    REASON = "reason"
    RECOVER = "recover"
    SUMMARY = "summary"
    SURE = "sure"


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
    told: str = ""
    reason: str | None = None
    recover: str | None = None
    summary: str | None = None
    sure: bool | None = None


async def act(turn: Turn, payload: NominationAct) -> Reply:
    """A ``NominationAct`` button: act at once, or ask a reason or the completed summary."""
    try:
        action = Action(payload.action)
    except ValueError:
        return await menu.refuse_stale_button(turn)
    if action in BY_DECISION:
        # A decision covers a list (/quyetdinh), never one item's button.
        return await menu.refuse_stale_button(turn)
    if action is Action.RESUBMIT or TRANSITIONS[action].needs_reason:
        return await _prepare(turn, payload, action)
    if TRANSITIONS[action].decisive and not payload.sure:
        return await _ask_sure(turn, payload, action)
    try:
        view = await turn.services.nominations.act(
            member_of(turn), payload.item, action, seen_version=payload.version
        )
    except errors.NominationAlreadyHandled as problem:
        return await fresh(turn, payload.item, turn.t(problem.text_key))
    return detail(turn, view, intro=_done(turn, view))


async def _checked(turn: Turn, payload: NominationAct, action: Action) -> NominationView | Reply:
    """The item if the person may take ``action`` on it as they saw it; refusals raise."""
    member = member_of(turn)
    view = await turn.services.nominations.view(member, payload.item)
    if view.version != payload.version:
        return detail(turn, view, intro=turn.t("nomination.error.already_handled"))
    mine, stake = member.id == view.nominator_id, stake_in(member, view)
    step = TRANSITIONS[action]
    require(step, member.role, is_author=mine, has_stake=stake, own_item=errors.OwnNomination)
    if view.state not in step.sources:
        raise errors.NotAllowed
    if action in BY_SESSION and turn.services.nominations.by_session(view.award_code):
        raise errors.DecidedBySession
    return view


def _told(turn: Turn, member: MemberView, view: NominationView, action: Action) -> str:
    """Who the step's notices go to, as the service sends them (not the person taking it)."""
    told = []
    if view.nominator_id not in (None, member.id):
        told.append(turn.t("nomination.sure.told_nominator", name=view.nominator))
    nominee_told = action in (Action.RECOMMEND, Action.REVOKE)
    if nominee_told and view.nominee_member_id not in (None, member.id):
        told.append(turn.t("nomination.sure.told_nominee", name=view.nominee_name))
    if action is Action.REVOKE:
        told.append(turn.t("nomination.sure.told_office"))
    return ", ".join(told)


async def _ask_sure(turn: Turn, payload: NominationAct, action: Action) -> Reply:
    """Ask "Bạn chắc chắn …?" before a decisive step without a reason."""
    view = await _checked(turn, payload, action)
    if isinstance(view, Reply):
        return view
    what, effect = SURE[action]
    return ask_sure(
        turn,
        what=turn.t(what, code=view.code, name=view.nominee_name, award=view.award_name),
        effect=turn.t(effect),
        told=_told(turn, member_of(turn), view, action),
        yes=Button(turn.t(ACTION_LABELS[action]), replace(payload, sure=1).pack()),
        back=Button(turn.t("common.sure.back"), NominationOpen(view.id).pack()),
    )


async def _prepare(turn: Turn, payload: NominationAct, action: Action) -> Reply:
    """Check the press before asking anything, so nobody types a reason for nothing."""
    view = await _checked(turn, payload, action)
    if isinstance(view, Reply):
        return view
    # A step that is not decisive skips the question: its answer counts as given; only
    # cancelling an award asks whether the reward is recovered.
    skipped: dict[str, object] = {} if TRANSITIONS[action].decisive else {"sure": True}
    if action is not Action.REVOKE:
        skipped["recover"] = ""
    given = ItemAction(
        item=view.id,
        version=view.version,
        action=action,
        code=view.code,
        name=view.nominee_name,
        award=view.award_name,
        action_label=turn.t(ACTION_LABELS[action]),
        cited=tuple(c.id for c in view.initiatives),
        told=_told(turn, member_of(turn), view, action),
        **skipped,
    )
    dialog = RESUBMIT if action is Action.RESUBMIT else REASON
    return await turn.dialogs.start(turn, turn.incoming, dialog, given)


async def _sure(turn: Turn, answers: ItemAction) -> str:
    assert answers.action is not None
    what, effect = SURE[answers.action]
    money = turn.t(RECOVERED[answers.recover == "yes"])
    return sure_text(
        turn,
        what=turn.t(what, code=answers.code, name=answers.name, award=answers.award),
        effect=turn.t(effect, reason=answers.reason or "", recovered=money),
        told=answers.told,
    )


async def _recover_options(turn: Turn, _answers: ItemAction) -> list[Option]:
    return [
        Option("yes", turn.t("nomination.review.button.recover_yes")),
        Option("no", turn.t("nomination.review.button.recover_no")),
    ]


async def _finish_reason(turn: Turn, answers: ItemAction, draft: Draft) -> Reply:
    assert answers.item is not None and answers.action is not None
    assert answers.reason is not None and answers.version is not None
    item = answers.item
    try:
        if answers.action is Action.REVOKE:
            view = await turn.services.decisions.cancel(
                member_of(turn),
                item,
                answers.reason,
                recovered=answers.recover == "yes",
                seen_version=answers.version,
                dialog=draft,
            )
        else:
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
        Step(
            ActStep.RECOVER,
            "nomination.review.ask_recover",
            InputKind.CHOICE,
            options=_recover_options,
            skip_when_set=True,
        ),
        Step(
            ActStep.SURE,
            "common.sure.question",
            InputKind.CONFIRM,
            skip_when_set=True,
            render=_sure,
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
