"""The nomination state machine (DESIGN §3.4, §3.10) as data: who may move a nomination where.

```text
submitted ─receive─► received ─to council─► under_review ─recommend─► recommended
    │                   │                        └─reject (reason)─► rejected
    └─return (reason)───┴─► returned ─resubmit─► resubmitted (then as "submitted")
recommended ─award (a decision recorded here)─────────────────────► awarded
recommended ─send up (Tờ trình)─► sent_up ─the higher level's result─► awarded | not_awarded
awarded ─revoke (Office, reason: hủy bỏ quyết định)─► revoked
any state before the council's result ─withdraw (nominator, reason)─► withdrawn
```

The council recommends; only a recorded decision awards: :mod:`bot.services.decisions` takes
``AWARD``, ``SEND_UP`` and ``NOT_AWARD`` for a whole decision at once, and ``REVOKE`` for one
item of a decision.
As for initiatives, a person with a stake in a nomination (:func:`nomination_stake`) takes
none of the reviewers' steps on it (:func:`bot.services.workflow.may_take`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from bot import errors
from bot.domain import NominationState as S
from bot.domain import NomineeKind
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services import workflow
from bot.services.workflow import Transition, Workflow
from models import Nomination

if TYPE_CHECKING:  # the views import this module
    from bot.services.common import MemberView
    from bot.services.nominations.records import NominationView

#: States in which nothing has been decided yet (the nominator may still withdraw).
UNDECIDED: frozenset[S] = frozenset(
    {S.SUBMITTED, S.RECEIVED, S.RETURNED, S.RESUBMITTED, S.UNDER_REVIEW}
)
#: States that no longer block a new nomination of the same nominee for the same award.
CLOSED: frozenset[S] = frozenset({S.REJECTED, S.WITHDRAWN, S.REVOKED, S.NOT_AWARDED})


class Action(StrEnum):
    """Something done to a nomination; values are short for callback data."""

    RECEIVE = "rcv"
    RETURN = "ret"
    SEND_TO_COUNCIL = "cnl"
    RECOMMEND = "yes"
    REJECT = "no"
    SEND_UP = "up"
    AWARD = "awd"
    NOT_AWARD = "nad"
    REVOKE = "rvk"
    WITHDRAW = "wdr"
    RESUBMIT = "rsb"


#: Steps taken for a whole decision or Tờ trình, never from one item's screen.
BY_DECISION: tuple[Action, ...] = (Action.SEND_UP, Action.AWARD, Action.NOT_AWARD)
#: The council's conclusion on an item whose award has a vote threshold: a session's tally
#: takes it (:mod:`bot.services.councils`), never one reviewer's button.
BY_SESSION: tuple[Action, ...] = (Action.RECOMMEND, Action.REJECT)

TRANSITIONS: dict[Action, Transition[S]] = {
    Action.RECEIVE: Transition(frozenset({S.SUBMITTED, S.RESUBMITTED}), S.RECEIVED, OFFICE),
    Action.RETURN: Transition(
        frozenset({S.SUBMITTED, S.RECEIVED, S.RESUBMITTED}), S.RETURNED, OFFICE, needs_reason=True
    ),
    Action.SEND_TO_COUNCIL: Transition(
        frozenset({S.RECEIVED, S.RESUBMITTED}), S.UNDER_REVIEW, OFFICE
    ),
    Action.RECOMMEND: Transition(
        frozenset({S.UNDER_REVIEW}), S.RECOMMENDED, REVIEWERS, decisive=True
    ),
    Action.REJECT: Transition(
        frozenset({S.UNDER_REVIEW}), S.REJECTED, REVIEWERS, needs_reason=True, decisive=True
    ),
    # The decision steps are recorded for a whole decision or Tờ trình at once.
    Action.SEND_UP: Transition(frozenset({S.RECOMMENDED}), S.SENT_UP, OFFICE),
    Action.AWARD: Transition(frozenset({S.RECOMMENDED, S.SENT_UP}), S.AWARDED, OFFICE),
    Action.NOT_AWARD: Transition(frozenset({S.SENT_UP}), S.NOT_AWARDED, OFFICE),
    # Cancelling an award (hủy bỏ quyết định khen thưởng) is its own recorded act.
    Action.REVOKE: Transition(
        frozenset({S.AWARDED}), S.REVOKED, OFFICE, needs_reason=True, decisive=True
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


def stake_in(member: MemberView, view: NominationView) -> bool:
    """The member is the nominee, of the nominated collective, or its unit's nominator."""
    return nomination_stake(
        member.id,
        member.unit.id,
        nominator_id=view.nominator_id,
        nominee_kind=view.nominee_kind,
        nominee_member_id=view.nominee_member_id,
        unit_id=view.unit_id,
    )


def actions_for(
    state: S, role: Role, *, is_nominator: bool, has_stake: bool, by_session: bool = False
) -> list[Action]:
    """The per-item actions a person may take on a nomination in ``state``, in a stable order.

    The decision steps (:data:`BY_DECISION`) are left out: a decision covers a list; so are
    the council's conclusions (:data:`BY_SESSION`) when a session decides the item's award.
    """
    return workflow.actions_for(
        TRANSITIONS,
        state,
        role,
        is_author=is_nominator,
        has_stake=has_stake,
        besides=BY_DECISION + BY_SESSION if by_session else BY_DECISION,
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
