"""Errors of the emulation periods (giai đoạn thi đua)."""

from __future__ import annotations

from bot.errors.base import DomainError


class BadPeriodYears(DomainError):
    """The years of a new period are not "YYYY-YYYY", reversed, or too many."""

    text_key = "period.error.bad_years"


class PeriodOverlaps(DomainError):
    """A new period must begin after the last year of every period already opened."""

    text_key = "period.error.overlaps"


class EmulationPeriodNotFound(DomainError):
    """No period has this code (a stale or forged button, a typo on the command line)."""

    text_key = "period.error.not_found"


class PeriodMismatch(DomainError):
    """A plan file's title names other years than the period it is published for."""

    text_key = "period.error.mismatch"


class PeriodOpenedMeanwhile(DomainError):
    """Another Office member opened a period while this one was being opened."""

    text_key = "period.error.opened_meanwhile"
