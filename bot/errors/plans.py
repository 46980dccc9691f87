"""Errors of the plan (/kehoach)."""

from __future__ import annotations

from bot.errors.base import DomainError


class NoPlan(DomainError):
    """No plan version has been published yet."""

    text_key = "plan.error.none"


class PlanOutdated(DomainError):
    """A button refers to a plan version that is no longer the current one."""

    text_key = "plan.error.outdated"


class PlanUnchanged(DomainError):
    """The document is the same as the current version."""

    text_key = "plan.error.unchanged"


class NudgeTooSoon(DomainError):
    """The Office reminded the unconfirmed members a short while ago."""

    text_key = "plan.error.nudge_too_soon"
