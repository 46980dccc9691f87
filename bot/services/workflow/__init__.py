"""The workflow kernel: what initiatives, nominations and reports share (DESIGN §3.3, §3.4).

Each feature keeps only its states, its transitions and its rules of who has a stake; the
rest is here: the state machine as data (:class:`Transition`, :func:`actions_for`), the
guarded state change (one conditional UPDATE on state and version, so two reviewers pressing
at once cannot both win), recording the change with actor, time and reason into the history
and the audit log, reading the history and the files back, and telling the people concerned
through the outbox. The outbox is woken by the service after its transaction commits.
"""

from bot.services.workflow.items import REASON_MAX, Change, Tracked, Workflow
from bot.services.workflow.notices import notice, tell
from bot.services.workflow.transitions import Transition, actions_for, may_take, require

__all__ = [
    "REASON_MAX",
    "Change",
    "Tracked",
    "Transition",
    "Workflow",
    "actions_for",
    "may_take",
    "notice",
    "require",
    "tell",
]
