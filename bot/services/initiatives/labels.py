"""What the steps on an initiative are called on screen, shared by the chat handlers and the web
pages (literal keys, so the catalogue test sees them used)."""

from __future__ import annotations

from bot.services.initiatives.workflow import Action

#: The button of each step on an initiative.
ACTION_LABELS: dict[Action, str] = {
    Action.RECEIVE: "initiative.detail.button.receive",
    Action.RETURN: "initiative.detail.button.return",
    Action.SEND_TO_COUNCIL: "initiative.detail.button.council",
    Action.CONCLUDE_MET: "initiative.evaluation.button.conclude_pass",
    Action.CONCLUDE_NOT_MET: "initiative.evaluation.button.conclude_fail",
    Action.RECOGNIZE: "initiative.evaluation.button.recognize",
    Action.NOT_RECOGNIZE: "initiative.evaluation.button.not_recognize",
    Action.MARK_APPLIED: "initiative.detail.button.applied",
    Action.WITHDRAW: "initiative.detail.button.withdraw",
    Action.RESUBMIT: "initiative.detail.button.resubmit",
}
