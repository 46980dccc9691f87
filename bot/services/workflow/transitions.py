"""The state machine as data: which action moves an item from which states, and who may take it.

Each workflow (initiatives, nominations, reports) declares its table of :class:`Transition`
values; these functions read it (DESIGN §3.3, §3.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from bot import errors
from bot.roles import Role

StateT = TypeVar("StateT", bound=StrEnum)
ActionT = TypeVar("ActionT", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Transition(Generic[StateT]):
    """From which states an action moves a workflow item, to which state, and who may do it.

    Attributes:
        sources: States the action starts from.
        target: The state it leads to.
        roles: Roles allowed; empty means only the item's author (or nominator).
        needs_reason: The actor must say why (shown to the author).
        decisive: The step decides the item or undoes it (recognise, approve, reject,
            revoke, withdraw): the actor is asked "Bạn chắc chắn …?" before it takes effect.
    """

    sources: frozenset[StateT]
    target: StateT
    roles: frozenset[Role] = frozenset()
    needs_reason: bool = False
    decisive: bool = False

    @property
    def by_author(self) -> bool:
        """Only the item's author (an initiative's, a nomination's nominator) may take it."""
        return not self.roles

    @property
    def judges(self) -> bool:
        """A reviewer's step: one a person with a stake in the item may never take."""
        return not self.by_author


def may_take(step: Transition[Any], role: Role, *, is_author: bool, has_stake: bool) -> bool:
    """Whether a person may take ``step`` (its states aside): the one rule of who may act.

    Nobody judges their own item (DESIGN §3.3): a reviewer's step is refused to a person with
    a stake in the item, whatever their role; they keep the author's own steps.
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


def actions_for(
    transitions: Mapping[ActionT, Transition[StateT]],
    state: StateT,
    role: Role,
    *,
    is_author: bool,
    has_stake: bool,
    besides: Iterable[ActionT] = (),
) -> list[ActionT]:
    """The actions a person may take on an item in ``state``, in the table's order.

    ``besides`` leaves out actions that are not taken on one item (announcing a whole list).
    """
    left_out = set(besides)
    return [
        action
        for action, step in transitions.items()
        if action not in left_out
        and state in step.sources
        and may_take(step, role, is_author=is_author, has_stake=has_stake)
    ]
