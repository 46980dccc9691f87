"""The nomination state machine (DESIGN §3.4) as data: who may move a nomination where.

```text
submitted ─receive─► received ─council─► under_review ─approve─► approved ─announce─► announced
    │                   │                     └──────reject (reason)──► rejected         │
    └──return (reason)──┴─► returned ─resubmit─► resubmitted (then as "submitted")       │
approved | announced ─revoke (office, reason)─► revoked ◄───────────────────────────────┘
any state before a decision ─withdraw (nominator, reason)─► withdrawn
```

As for initiatives, a person with a stake in a nomination (:func:`nomination_stake`) takes
none of the reviewers' steps on it (:func:`bot.services.workflow.may_take`).
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.domain import NominationState as S
from bot.domain import NomineeKind
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services import workflow
from bot.services.workflow import Transition, Workflow
from models import Nomination

#: States in which nothing has been decided yet (the nominator may still withdraw).
UNDECIDED: frozenset[S] = frozenset(
    {S.SUBMITTED, S.RECEIVED, S.RETURNED, S.RESUBMITTED, S.UNDER_REVIEW}
)
#: States that no longer block a new nomination of the same nominee for the same award.
CLOSED: frozenset[S] = frozenset({S.REJECTED, S.WITHDRAWN, S.REVOKED})


class Action(StrEnum):
    """Something done to a nomination; values are short for callback data."""

    RECEIVE = "rcv"
    RETURN = "ret"
    SEND_TO_COUNCIL = "cnl"
    APPROVE = "yes"
    REJECT = "no"
    ANNOUNCE = "pub"
    REVOKE = "rvk"
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
    Action.APPROVE: Transition(frozenset({S.UNDER_REVIEW}), S.APPROVED, REVIEWERS, decisive=True),
    Action.REJECT: Transition(
        frozenset({S.UNDER_REVIEW}), S.REJECTED, REVIEWERS, needs_reason=True, decisive=True
    ),
    # Announcing is done for the whole approved list at once (NominationService.announce).
    Action.ANNOUNCE: Transition(frozenset({S.APPROVED}), S.ANNOUNCED, OFFICE),
    # An approved item may be revoked before it is announced, too: the error is the same.
    Action.REVOKE: Transition(
        frozenset({S.APPROVED, S.ANNOUNCED}),
        S.REVOKED,
        OFFICE,
        needs_reason=True,
        decisive=True,
    ),
    Action.WITHDRAW: Transition(UNDECIDED, S.WITHDRAWN, needs_reason=True, decisive=True),
    Action.RESUBMIT: Transition(frozenset({S.RETURNED}), S.RESUBMITTED),
}


def nomination_stake(
    member_id: int,
    member_unit_id: int,
    *,
    nominator_id: int | None,
    nominee_kind: NomineeKind,
    nominee_member_id: int | None,
    unit_id: int,
) -> bool:
    """Whether the member is judged by the nomination, or speaks for the nominee's unit.

    The nominee has a stake; so has, within the nominee's unit (units have no parents, so the
    unit is the whole chain), every member when the unit itself is nominated, and the nominator
    (the unit's head putting forward their own people). The Office filing on a unit's behalf,
    and colleagues of an individual nominee, have none: the council sits in the units it
    reviews.
    """
    if member_id == nominee_member_id:
        return True
    in_unit = member_unit_id == unit_id
    return in_unit and (nominee_kind is NomineeKind.COLLECTIVE or member_id == nominator_id)


def actions_for(state: S, role: Role, *, is_nominator: bool, has_stake: bool) -> list[Action]:
    """The per-item actions a person may take on a nomination in ``state``, in a stable order.

    ``ANNOUNCE`` is left out: it is taken for the whole approved list, not one item.
    """
    return workflow.actions_for(
        TRANSITIONS,
        state,
        role,
        is_author=is_nominator,
        has_stake=has_stake,
        besides=(Action.ANNOUNCE,),
    )


#: The nominations' table, transitions and errors, for the kernel's guarded steps.
FLOW: Workflow[Nomination, Action, S] = Workflow(
    entity="nomination",
    model=Nomination,
    transitions=TRANSITIONS,
    not_found=errors.NominationNotFound,
    already_handled=errors.NominationAlreadyHandled,
    illegal=errors.NominationIllegalTransition,
)
