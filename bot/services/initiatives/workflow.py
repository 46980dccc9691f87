"""The initiative state machine (DESIGN §3.3) as data: who may move an item from where to where.

```text
submitted ─receive─► received ─council─► under_review ─recognize─► recognized ─applied─► applied
    │                   │                     └──────reject──────► not_recognized
    └──────return───────┴─► returned ─resubmit─► resubmitted (─receive/return/council as above)
any state before a decision ─withdraw (author)─► withdrawn
```

Nobody judges their own item (DESIGN §3.3): every step a reviewer takes (receiving,
returning, sending to the council, scoring, deciding, marking applied) is refused to a person
with a stake in the item, whatever their role; they keep the author's own steps. The rule is
:func:`bot.services.workflow.may_take`, used by the buttons and the services.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from bot import errors
from bot.domain import InitiativeState as S
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services import workflow
from bot.services.workflow import Transition, Workflow
from models import Initiative

#: Who may score an initiative under review (novelty, applicability, benefit).
SCORERS: frozenset[Role] = frozenset({Role.COUNCIL, Role.LEADER, Role.ADMIN})
#: States in which nothing has been decided yet (the author may still withdraw).
UNDECIDED: frozenset[S] = frozenset(
    {S.SUBMITTED, S.RECEIVED, S.RETURNED, S.RESUBMITTED, S.UNDER_REVIEW}
)


class Action(StrEnum):
    """Something done to an initiative; values are short for callback data."""

    RECEIVE = "rcv"
    RETURN = "ret"
    SEND_TO_COUNCIL = "cnl"
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
    Action.RECOGNIZE: Transition(
        frozenset({S.UNDER_REVIEW}), S.RECOGNIZED, REVIEWERS, decisive=True
    ),
    Action.NOT_RECOGNIZE: Transition(
        frozenset({S.UNDER_REVIEW}),
        S.NOT_RECOGNIZED,
        REVIEWERS,
        needs_reason=True,
        decisive=True,
    ),
    Action.MARK_APPLIED: Transition(frozenset({S.RECOGNIZED}), S.APPLIED, OFFICE),
    Action.WITHDRAW: Transition(UNDECIDED, S.WITHDRAWN, needs_reason=True, decisive=True),
    Action.RESUBMIT: Transition(frozenset({S.RETURNED}), S.RESUBMITTED),
}


#: Scoring judges the item like a decision does, but leaves its state as it is.
SCORE_STEP: Transition[S] = Transition(frozenset({S.UNDER_REVIEW}), S.UNDER_REVIEW, SCORERS)


def initiative_stake(member_id: int, author_id: int, coauthors: Iterable[int | None]) -> bool:
    """Whether the member proposed the initiative or is one of its authors."""
    return member_id == author_id or member_id in set(coauthors)


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
