"""The report state machine as data: a unit's report is sent, then accepted or returned.

```text
(new) ─send─► submitted ─accept (office)─► accepted
                  └──return (office, reason)─► returned ─send again─► submitted
```

The guarded steps, the history and the audit entries are the kernel's
(:mod:`bot.services.workflow`); who may send for a unit is
:meth:`bot.services.reports.service.ReportService.submit`'s rule.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.domain import ReportState as S
from bot.roles import OFFICE, UNIT_HEADS
from bot.services.workflow import Transition, Workflow
from models import Report


class Action(StrEnum):
    """Something done to a report; values are short for callback data."""

    ACCEPT = "acc"
    RETURN = "ret"
    SEND_AGAIN = "snd"


TRANSITIONS: dict[Action, Transition[S]] = {
    Action.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.ACCEPTED, OFFICE),
    Action.RETURN: Transition(frozenset({S.SUBMITTED}), S.RETURNED, OFFICE, needs_reason=True),
    Action.SEND_AGAIN: Transition(frozenset({S.RETURNED}), S.SUBMITTED, UNIT_HEADS),
}

#: The reports' table, transitions and errors, for the kernel's guarded steps.
FLOW: Workflow[Report, Action, S] = Workflow(
    entity="report",
    model=Report,
    transitions=TRANSITIONS,
    not_found=errors.ReportNotFound,
    already_handled=errors.ReportAlreadyHandled,
    illegal=errors.ReportNotReviewable,
)
