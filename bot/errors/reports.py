"""Errors of reporting periods and unit reports."""

from __future__ import annotations

from bot.errors.base import AlreadyHandled, DomainError, IllegalTransition


class InvalidPeriod(DomainError):
    """A reporting period's name is too short or too long."""

    text_key = "report.error.invalid_period"


class PeriodNotFound(DomainError):
    """No reporting period with this id."""

    text_key = "report.error.no_period"


class PeriodClosed(DomainError):
    """The reporting period no longer takes reports."""

    text_key = "report.error.closed"


class ReportNotFound(DomainError):
    """No report with this id (or the person may not see it)."""

    text_key = "report.error.not_found"


class InvalidReport(DomainError):
    """A report's texts broke a rule the dialog should have caught."""

    text_key = "report.error.invalid"


class ReportAlreadySubmitted(DomainError):
    """The unit's report for the period is waiting for review or was accepted."""

    text_key = "report.error.already_submitted"


class ReportAlreadyHandled(AlreadyHandled):
    """Someone else changed the report first; the button pressed is out of date."""

    text_key = "report.error.already_handled"


class ReportNotReviewable(IllegalTransition):
    """The report is not waiting for review (already accepted or returned)."""

    text_key = "report.error.not_reviewable"
