"""The initiative state machine (DESIGN §3.3) as data: who may move an item from where to where.

```text
submitted ─receive─► received ─council─► under_review ─recognize─► recognized ─applied─► applied
    │                   │                     └──────reject──────► not_recognized
    └──────return───────┴─► returned ─resubmit─► resubmitted (─receive/return/council as above)
any state before a decision ─withdraw (author)─► withdrawn
```
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from bot.roles import OFFICE, REVIEWERS, Role
from models import InitiativeState as S

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


StateT = TypeVar("StateT", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Transition(Generic[StateT]):
    """From which states an action moves a workflow item, to which state, and who may do it.

    Shared by initiatives and nominations.

    Attributes:
        sources: States the action starts from.
        target: The state it leads to.
        roles: Roles allowed; empty means only the item's author (or nominator).
        needs_reason: The actor must say why (shown to the author).
    """

    sources: frozenset[StateT]
    target: StateT
    roles: frozenset[Role] = frozenset()
    needs_reason: bool = False

    @property
    def by_author(self) -> bool:
        """Only the item's author (an initiative's, a nomination's nominator) may take it."""
        return not self.roles


TRANSITIONS: dict[Action, Transition[S]] = {
    Action.RECEIVE: Transition(frozenset({S.SUBMITTED, S.RESUBMITTED}), S.RECEIVED, OFFICE),
    Action.RETURN: Transition(
        frozenset({S.SUBMITTED, S.RECEIVED, S.RESUBMITTED}), S.RETURNED, OFFICE, needs_reason=True
    ),
    Action.SEND_TO_COUNCIL: Transition(
        frozenset({S.RECEIVED, S.RESUBMITTED}), S.UNDER_REVIEW, OFFICE
    ),
    Action.RECOGNIZE: Transition(frozenset({S.UNDER_REVIEW}), S.RECOGNIZED, REVIEWERS),
    Action.NOT_RECOGNIZE: Transition(
        frozenset({S.UNDER_REVIEW}), S.NOT_RECOGNIZED, REVIEWERS, needs_reason=True
    ),
    Action.MARK_APPLIED: Transition(frozenset({S.RECOGNIZED}), S.APPLIED, OFFICE),
    Action.WITHDRAW: Transition(UNDECIDED, S.WITHDRAWN, needs_reason=True),
    Action.RESUBMIT: Transition(frozenset({S.RETURNED}), S.RESUBMITTED),
}


def actions_for(state: S, role: Role, *, is_author: bool) -> list[Action]:
    """The actions a person may take on an item in ``state``, in a stable order."""
    return [
        action
        for action, step in TRANSITIONS.items()
        if state in step.sources and (is_author if step.by_author else role in step.roles)
    ]
