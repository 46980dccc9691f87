"""Errors of broadcasts and reminders."""

from __future__ import annotations

from bot.errors.base import DomainError


class EmptyAudience(DomainError):
    """Nobody is in the chosen audience right now."""

    text_key = "broadcast.error.empty"


class SendTimeInPast(DomainError):
    """A broadcast was scheduled for a time already gone."""

    text_key = "broadcast.error.past"


class BroadcastNotFound(DomainError):
    """No such broadcast, or not one the person may see."""

    text_key = "broadcast.error.not_found"


class BroadcastStarted(DomainError):
    """A broadcast can be cancelled only before it starts."""

    text_key = "broadcast.error.started"


class BroadcastAlreadyQueued(DomainError):
    """The same confirmation was posted again: its broadcast (``id``) is queued already."""

    text_key = "broadcast.once.already_queued"


class ReminderNotFound(DomainError):
    """No such reminder (or it was deleted)."""

    text_key = "reminder.error.not_found"


class InvalidSchedule(DomainError):
    """A reminder's schedule could not be understood."""

    text_key = "reminder.error.schedule"
