"""Errors of councils, their sessions and ballots."""

from __future__ import annotations

from bot.errors.base import DomainError, NotAllowed
from bot.errors.nominations import NominationAlreadyHandled, NominationIllegalTransition


class UnknownCouncil(DomainError):
    """No council of ``[[councils]]`` has this code (``code``)."""

    text_key = "council.error.unknown"


class SessionNotFound(DomainError):
    """No council session has this id."""

    text_key = "council.error.session"


class SessionClosed(NominationAlreadyHandled):
    """The council session is closed: no more votes, no second close."""

    text_key = "council.session.error.closed"


class NotSeated(NotAllowed):
    """The member is not seated on the council whose session this is."""

    text_key = "council.ballot.error.not_seated"


class AlreadyVoted(NominationAlreadyHandled):
    """The member already voted on this item of the session (a vote is final)."""

    text_key = "council.ballot.error.voted"


class SessionListChanged(NominationIllegalTransition):
    """An item chosen for a session is no longer under review for this council, or is on
    another open session already."""

    text_key = "council.session.error.changed"


class InvalidSessionTitle(DomainError):
    """A session's title is empty or too long."""

    text_key = "council.session.error.title"


class CouncilEmpty(DomainError):
    """The council has no active member seated: nobody could vote."""

    text_key = "council.session.error.empty"


class DecidedBySession(NominationIllegalTransition):
    """The item's award has a vote threshold: the council decides it in a session, not one
    reviewer per item."""

    text_key = "council.session.error.by_session"


class MemberNotFound(DomainError):
    """No active member has this id."""

    text_key = "council.error.member"
