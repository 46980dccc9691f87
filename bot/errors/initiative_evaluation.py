"""Errors of the initiative council's evaluation, its conclusion and the head's decision."""

from __future__ import annotations

from bot.errors.base import DomainError, NotAllowed


class NotOnInitiativeCouncil(NotAllowed):
    """Only a member seated on an initiative council (``/hoidong``) evaluates initiatives."""

    text_key = "initiative.evaluation.error.not_seated"


class InvalidEvaluation(DomainError):
    """The marks do not answer each configured condition once (a forged or stale dialog)."""

    text_key = "initiative.evaluation.error.invalid"


class NotEvaluated(DomainError):
    """The council's conclusion is recorded only after at least one member evaluated."""

    text_key = "initiative.evaluation.error.not_evaluated"


class DecisionRequired(DomainError):
    """Recognising needs the head's decision (number, date, signer), not a click."""

    text_key = "initiative.evaluation.error.decision_required"
