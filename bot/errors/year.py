"""Errors of the emulation year: registration, vote lists, public listings, milestones."""

from __future__ import annotations

from bot.errors.base import DomainError


class NotListedYet(DomainError):
    """The award needs a public listing before the council, and the item was never listed."""

    text_key = "listing.error.not_listed"


class ListingWindowOpen(DomainError):
    """The item is on a public listing whose window has not closed (and no override)."""

    text_key = "listing.error.window_open"


class ListingNotFound(DomainError):
    """No such listing, or no such row or objection on it."""

    text_key = "listing.error.not_found"


class ListingChanged(DomainError):
    """The rows the Office chose to publish are no longer all waiting to be listed."""

    text_key = "listing.error.changed"


class ListingNotAvailable(DomainError):
    """The award has no public window and ``[listing] default_days`` is 0."""

    text_key = "listing.error.not_available"


class ListingTextInvalid(DomainError):
    """A title, an objection, an answer or a reason is empty or too long."""

    text_key = "listing.error.text"


class ObjectionsClosed(DomainError):
    """The listing's window closed: objections are no longer taken."""

    text_key = "listing.error.closed"


class OverrideNotNeeded(DomainError):
    """The listing's window closed already, or the Office let its rows go before."""

    text_key = "listing.error.override"


class UnknownMilestone(DomainError):
    """No milestone of ``[[milestones]]`` has this key (``code``), or it counts nobody."""

    text_key = "milestone.error.unknown"


class MilestoneYearOutOfRange(DomainError):
    """The emulation year asked for is not one the calendar shows (``first``-``last``)."""

    text_key = "milestone.error.year"


class RegistrationNotOpen(DomainError):
    """The Office has not opened the registration of targets for the year."""

    text_key = "targets.error.not_open"


class RegistrationClosed(DomainError):
    """The registration's deadline has passed (the Office may set a later one)."""

    text_key = "targets.error.closed"


class RegistrationChanged(DomainError):
    """The unit's registration was saved by someone else since the form was read."""

    text_key = "targets.error.changed"


class RegistrationDeadlineInvalid(DomainError):
    """A registration deadline in the past, or after the end of its year."""

    text_key = "targets.error.deadline"


class RegistrationYearInvalid(DomainError):
    """Registration opens for this year or the next only."""

    text_key = "targets.error.year"


class InvalidTargets(DomainError):
    """A title not registrable, or a member not active in the head's unit (forged data)."""

    text_key = "targets.error.invalid"


class VoteListNotFound(DomainError):
    """No such vote list."""

    text_key = "vote_list.error.not_found"


class InvalidVoteList(DomainError):
    """A row names a title or person that cannot be, a share out of range, the year is neither
    this year nor the last, or the meeting's day or attendance cannot be."""

    text_key = "vote_list.error.invalid"


class VoteListLocked(DomainError):
    """The unit's list for the year (``code``) is sent and not returned: it cannot change."""

    text_key = "vote_list.error.locked"


class VoteListNotEligible(DomainError):
    """``count`` rows fail the rules; the list is not sent."""

    text_key = "vote_list.error.not_eligible"


class VoteListChanged(DomainError):
    """The list changed since the Office saw it (someone acted, or it was sent again)."""

    text_key = "vote_list.error.changed"


class MinutesRequired(DomainError):
    """A vote list goes with the minutes of the unit's meeting."""

    text_key = "vote_list.error.minutes"
