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
:func:`may_take` (and :func:`require`, which says why), used by the buttons and the services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from bot import errors
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

    @property
    def judges(self) -> bool:
        """A reviewer's step: one a person with a stake in the item may never take."""
        return not self.by_author


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


#: Scoring judges the item like a decision does, but leaves its state as it is.
SCORE_STEP: Transition[S] = Transition(frozenset({S.UNDER_REVIEW}), S.UNDER_REVIEW, SCORERS)


def may_take(step: Transition[Any], role: Role, *, is_author: bool, has_stake: bool) -> bool:
    """Whether a person may take ``step`` (its states aside): the one rule of who may act.

    Args:
        is_author: The person is the item's author (for a nomination: its nominator).
        has_stake: The person is judged by the item (see :func:`initiative_stake` and
            :func:`bot.services.nominations.workflow.nomination_stake`).
    """
    if step.by_author:
        return is_author
    return role in step.roles and not (step.judges and has_stake)


def require(
    step: Transition[Any],
    role: Role,
    *,
    is_author: bool,
    has_stake: bool,
    own_item: type[errors.DomainError],
) -> None:
    """Raise unless :func:`may_take` allows the step, saying why.

    Raises:
        NotAllowed: The role (or not being the author) does not allow the step.
        own_item: The role would, but the person may not judge their own item.
    """
    if not may_take(step, role, is_author=is_author, has_stake=False):
        raise errors.NotAllowed
    if not may_take(step, role, is_author=is_author, has_stake=has_stake):
        raise own_item


def initiative_stake(member_id: int, author_id: int, coauthors: Iterable[int | None]) -> bool:
    """Whether the member proposed the initiative or is one of its authors."""
    return member_id == author_id or member_id in set(coauthors)


def actions_for(state: S, role: Role, *, is_author: bool, has_stake: bool) -> list[Action]:
    """The actions a person may take on an item in ``state``, in a stable order."""
    return [
        action
        for action, step in TRANSITIONS.items()
        if state in step.sources and may_take(step, role, is_author=is_author, has_stake=has_stake)
    ]
