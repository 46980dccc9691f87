"""Errors of initiatives and of every workflow's reasons."""

from __future__ import annotations

from bot.errors.base import DomainError


class InitiativeNotFound(DomainError):
    """No initiative with this id (or the person may not see it)."""

    text_key = "initiative.error.not_found"


class ReasonRequired(DomainError):
    """Returning, not recognising and withdrawing need a reason."""

    text_key = "initiative.error.reason_required"


class DailyCapReached(DomainError):
    """The member has submitted as many initiatives today as allowed."""

    text_key = "initiative.error.daily_cap"


class InvalidProposal(DomainError):
    """A proposal broke a rule the dialog should have caught (e.g. shares not summing to 100)."""

    text_key = "initiative.error.invalid"


class InvalidScore(DomainError):
    """A council member's score is not a whole number from 1 to 5."""

    text_key = "initiative.error.invalid_score"
