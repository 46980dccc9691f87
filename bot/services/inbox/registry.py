"""What waits for whom: the one place each workflow registers the states that wait for an action.

An entry names a state set of one workflow, the task it asks for, and who must act: the roles
that may take a reviewer's step from those states (read from the workflow's own transition
table, so the inbox follows the rules the buttons follow), the item's author, the heads of
the item's unit, or the members seated on an initiative council (what the evaluation checks).
:mod:`bot.services.inbox.queries` turns each entry into one ``SELECT``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.domain import InitiativeState, NominationState, ReportState
from bot.roles import EVERYONE, OFFICE, Role
from bot.services import initiatives, nominations, reports
from bot.services.workflow import Transition


class Entity(StrEnum):
    """The kind of item a task is about, which decides how it opens."""

    INITIATIVE = "initiative"
    NOMINATION = "nomination"
    REPORT = "report"
    PERIOD = "period"
    PLAN = "plan"
    VOTE_LIST = "vote_list"


class Who(StrEnum):
    """Who an item waits for."""

    ROLES = "roles"  # a member of these roles without a stake in the item
    AUTHOR = "author"  # the item's author (an initiative's) or nominator
    UNIT_HEADS = "unit_heads"  # a head of the item's unit (roles as given)
    SEATED = "seated"  # a member seated on one of ``councils``, without a stake, not yet done


@dataclass(frozen=True, slots=True)
class Waiting:
    """Items of ``entity`` in ``states`` wait for ``who`` to do ``task``.

    Attributes:
        task: The task's name; its text is ``inbox.task.<task>``.
        entity: The kind of item.
        states: The states that wait.
        who: Who must act.
        roles: The roles that may act (for ``ROLES`` and ``UNIT_HEADS``).
        notify: Tell the people concerned when an item starts waiting (off where the feature
            tells them itself, as publishing a plan does).
        besides_awards: Nominations of these awards do not wait here (those a council session
            decides do not wait for one reviewer's step).
        councils: For ``SEATED``: the codes of the councils whose members act (set from the
            configuration by :func:`for_councils`; none means nobody).
        evaluated: Only items at least one council member has evaluated (the Office cannot
            record a conclusion before).
    """

    task: str
    entity: Entity
    states: frozenset[str]
    who: Who
    roles: frozenset[Role] = EVERYONE
    notify: bool = True
    besides_awards: frozenset[str] = frozenset()
    councils: frozenset[str] = frozenset()
    evaluated: bool = False


def judges(transitions: Mapping[Any, Transition[Any]], states: frozenset[str]) -> frozenset[Role]:
    """The roles that may take a reviewer's step from any of ``states``."""
    return frozenset(
        role
        for step in transitions.values()
        if step.judges and step.sources & states
        for role in step.roles
    )


def _by_reviewers(
    task: str, entity: Entity, transitions: Mapping[Any, Transition[Any]], *states: str
) -> Waiting:
    waiting = frozenset(states)
    return Waiting(task, entity, waiting, Who.ROLES, judges(transitions, waiting))


_I, _N, _R = InitiativeState, NominationState, ReportState
_IT, _NT, _RT = initiatives.TRANSITIONS, nominations.TRANSITIONS, reports.TRANSITIONS
_INITIATIVE, _NOMINATION = Entity.INITIATIVE, Entity.NOMINATION

#: Everything that waits, in the order the inbox lists tasks of the same age.
WAITING: tuple[Waiting, ...] = (
    _by_reviewers("initiative_receive", _INITIATIVE, _IT, _I.SUBMITTED, _I.RESUBMITTED),
    _by_reviewers("initiative_to_council", _INITIATIVE, _IT, _I.RECEIVED),
    # Those seated on an initiative council evaluate, whatever their role (the evaluation
    # checks the seat); once one has, the Office may record the council's conclusion.
    Waiting("initiative_evaluate", _INITIATIVE, frozenset({_I.UNDER_REVIEW}), Who.SEATED),
    Waiting(
        "initiative_conclude",
        _INITIATIVE,
        frozenset({_I.UNDER_REVIEW}),
        Who.ROLES,
        _IT[initiatives.Action.CONCLUDE_MET].roles
        | _IT[initiatives.Action.CONCLUDE_NOT_MET].roles,
        evaluated=True,
    ),
    _by_reviewers("initiative_decision", _INITIATIVE, _IT, _I.EVALUATED),
    Waiting("initiative_fix", _INITIATIVE, frozenset({_I.RETURNED}), Who.AUTHOR),
    # A unit's list is one task; its rows wait one by one only once it is received.
    Waiting("vote_list_receive", Entity.VOTE_LIST, frozenset({"submitted"}), Who.ROLES, OFFICE),
    _by_reviewers("nomination_receive", _NOMINATION, _NT, _N.SUBMITTED, _N.RESUBMITTED),
    _by_reviewers("nomination_to_council", _NOMINATION, _NT, _N.RECEIVED),
    _by_reviewers("nomination_decide", _NOMINATION, _NT, _N.UNDER_REVIEW),
    _by_reviewers("nomination_decision", _NOMINATION, _NT, _N.RECOMMENDED, _N.SENT_UP),
    Waiting("nomination_fix", _NOMINATION, frozenset({_N.RETURNED}), Who.AUTHOR),
    _by_reviewers("report_accept", Entity.REPORT, _RT, _R.SUBMITTED),
    Waiting(
        "report_fix",
        Entity.REPORT,
        frozenset({_R.RETURNED}),
        Who.UNIT_HEADS,
        _RT[reports.Action.SEND_AGAIN].roles,
    ),
    Waiting(
        "period_send",
        Entity.PERIOD,
        frozenset(),
        Who.UNIT_HEADS,
        _RT[reports.Action.SEND_AGAIN].roles,
    ),
    Waiting("plan_confirm", Entity.PLAN, frozenset(), Who.ROLES, notify=False),
)


def for_sessions(
    decided_by_session: frozenset[str], waiting: tuple[Waiting, ...] = WAITING
) -> tuple[Waiting, ...]:
    """The registry with the awards a council session decides left out of the reviewers'
    per-item decision (they wait for the Office to put them on a session)."""
    return tuple(
        replace(w, besides_awards=decided_by_session) if w.task == "nomination_decide" else w
        for w in waiting
    )


def for_councils(
    initiative_councils: frozenset[str], waiting: tuple[Waiting, ...] = WAITING
) -> tuple[Waiting, ...]:
    """The registry with the codes of the councils of kind ``initiative`` (``[[councils]]``)
    on the entries that wait for their seated members."""
    return tuple(
        replace(w, councils=initiative_councils) if w.who is Who.SEATED else w for w in waiting
    )
