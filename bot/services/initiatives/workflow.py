"""The initiative state machine (DESIGN §3.3) as data: who may move an item from where to where.

```text
submitted ─receive─► received ─council─► under_review ─conclude "đạt" (reason)─► evaluated
    │                   │                     └─conclude "không đạt" (reason)─► not_recognized
    └──────return───────┴─► returned ─resubmit─► resubmitted (─receive/return/council as above)
evaluated ─the head's decision (number, date, signer)─► recognized ─applied more widely─► applied
evaluated ─the head does not recognise (reason)─► not_recognized
any state before a decision ─withdraw (author)─► withdrawn
```

The initiative council's seated members evaluate the conditions and score while the item is
under review (:mod:`bot.services.initiatives.evaluation`); the Office records the council's
conclusion, then the head's decision (Decree 13/2012 Art. 8). Nobody recognises an initiative
with one click: :data:`Action.RECOGNIZE` is taken only with a decision's number, date and signer.

Nobody judges their own item (DESIGN §3.3): every step a reviewer takes (receiving,
returning, sending to the council, evaluating, concluding, deciding, marking applied) is refused
to a person with a stake in the item, whatever their role; they keep the author's own steps.
The rule is :func:`bot.services.workflow.may_take`, used by the buttons and the services.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from bot import errors
from bot.domain import InitiativeState as S
from bot.roles import OFFICE, Role
from bot.services import workflow
from bot.services.workflow import Transition, Workflow
from models import Initiative

if TYPE_CHECKING:  # the views import this module
    from bot.services.common import MemberView
    from bot.services.initiatives.records import InitiativeView

#: States in which nothing has been decided yet (the author may still withdraw).
UNDECIDED: frozenset[S] = frozenset(
    {S.SUBMITTED, S.RECEIVED, S.RETURNED, S.RESUBMITTED, S.UNDER_REVIEW, S.EVALUATED}
)


class Action(StrEnum):
    """Something done to an initiative; values are short for callback data."""

    RECEIVE = "rcv"
    RETURN = "ret"
    SEND_TO_COUNCIL = "cnl"
    CONCLUDE_MET = "cmt"
    CONCLUDE_NOT_MET = "cnm"
    RECOGNIZE = "yes"
    NOT_RECOGNIZE = "no"
    MARK_APPLIED = "app"
    WITHDRAW = "wdr"
    RESUBMIT = "rsb"


TRANSITIONS: dict[Action, Transition[S]] = {
    Action.RECEIVE: Transition(frozenset({S.SUBMITTED, S.RESUBMITTED}), S.RECEIVED, OFFICE),
    Action.RETURN: Transition(
        frozenset({S.SUBMITTED, S.RECEIVED, S.RESUBMITTED}), S.RETURNED, OFFICE, needs_reason=True
    ),
    Action.SEND_TO_COUNCIL: Transition(
        frozenset({S.RECEIVED, S.RESUBMITTED}), S.UNDER_REVIEW, OFFICE
    ),
    # The council's conclusion, recorded by the Office from the council's minutes.
    Action.CONCLUDE_MET: Transition(
        frozenset({S.UNDER_REVIEW}), S.EVALUATED, OFFICE, needs_reason=True
    ),
    Action.CONCLUDE_NOT_MET: Transition(
        frozenset({S.UNDER_REVIEW}), S.NOT_RECOGNIZED, OFFICE, needs_reason=True, decisive=True
    ),
    # The head's decision, recorded by the Office: only with its number, date and signer.
    Action.RECOGNIZE: Transition(frozenset({S.EVALUATED}), S.RECOGNIZED, OFFICE, decisive=True),
    Action.NOT_RECOGNIZE: Transition(
        frozenset({S.EVALUATED}), S.NOT_RECOGNIZED, OFFICE, needs_reason=True, decisive=True
    ),
    Action.MARK_APPLIED: Transition(frozenset({S.RECOGNIZED}), S.APPLIED, OFFICE),
    Action.WITHDRAW: Transition(UNDECIDED, S.WITHDRAWN, needs_reason=True, decisive=True),
    Action.RESUBMIT: Transition(frozenset({S.RETURNED}), S.RESUBMITTED),
}


#: Evaluating judges the item like a decision does, but leaves its state as it is. Its
#: roles are every role: what admits an evaluator is a seat on an initiative council.
EVALUATE_STEP: Transition[S] = Transition(
    frozenset({S.UNDER_REVIEW}), S.UNDER_REVIEW, frozenset(Role)
)
#: Actions that need more than a reason: the decision's number, date and signer.
DECISION_ACTIONS: frozenset[Action] = frozenset({Action.RECOGNIZE})


def initiative_stake(member_id: int, author_id: int, coauthors: Iterable[int | None]) -> bool:
    """Whether the member proposed the initiative or is one of its authors."""
    return member_id == author_id or member_id in set(coauthors)


def stake_in(member: MemberView, view: InitiativeView) -> bool:
    """The member proposed or co-authored the item, so judges none of it."""
    return initiative_stake(member.id, view.author_id, (a.member_id for a in view.authors))


def actions_for(state: S, role: Role, *, is_author: bool, has_stake: bool) -> list[Action]:
    """The actions a person may take on an item in ``state``, in a stable order."""
    return workflow.actions_for(TRANSITIONS, state, role, is_author=is_author, has_stake=has_stake)


#: The initiatives' table, transitions and errors, for the kernel's guarded steps.
FLOW: Workflow[Initiative, Action, S] = Workflow(
    entity="initiative",
    model=Initiative,
    transitions=TRANSITIONS,
    not_found=errors.InitiativeNotFound,
    already_handled=errors.AlreadyHandled,
    illegal=errors.IllegalTransition,
)
