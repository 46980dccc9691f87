"""Errors of the leaderboards."""

from __future__ import annotations

from bot.errors.base import DomainError


class BadBoardPeriod(DomainError):
    """A custom board period ends before it starts, lacks an end, or is too long."""

    text_key = "board.error.bad_range"


class BoardSubjectUnknown(DomainError):
    """No member or unit has the id a "Vì sao?" asks about."""

    text_key = "board.error.unknown"
