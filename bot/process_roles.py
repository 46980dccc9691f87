"""The roles of a ``python -m bot run`` process (``--role``): which part of the work it does.

Not to be confused with :mod:`bot.roles`, the roles of people in the organisation.
"""

from __future__ import annotations

from enum import StrEnum


class ProcessRole(StrEnum):
    """What one bot process does; several processes on one PostgreSQL database share the work."""

    #: Everything below, in one process (the only role on SQLite).
    ALL = "all"
    #: Receives the chat platforms' updates (webhook or polling) and answers them; serves the
    #: web app. What it sends to other people goes to the outbox, for a ``worker``.
    UPDATES = "updates"
    #: Sends the outbox and runs the broadcasts (start, progress, delivery report).
    WORKER = "worker"
    #: Fires the timed jobs (reminders, dialog time-outs, inbox notices) while it leads.
    SCHEDULER = "scheduler"

    @property
    def receives(self) -> bool:
        """Whether the process receives updates and serves the web app."""
        return self in {ProcessRole.ALL, ProcessRole.UPDATES}

    @property
    def sends(self) -> bool:
        """Whether the process runs the outbox worker and the broadcast runner."""
        return self in {ProcessRole.ALL, ProcessRole.WORKER}

    @property
    def schedules(self) -> bool:
        """Whether the process competes to fire the timed jobs."""
        return self in {ProcessRole.ALL, ProcessRole.SCHEDULER}


def parse_process_role(value: str) -> ProcessRole | None:
    """The role named ``value`` (any case, spaces ignored), or ``None``."""
    try:
        return ProcessRole(value.strip().lower())
    except ValueError:
        return None
