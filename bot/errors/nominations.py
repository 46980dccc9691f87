"""Errors of nominations and of the decisions on them."""

from __future__ import annotations

from bot.errors.base import AlreadyHandled, DomainError, IllegalTransition


class NominationNotFound(DomainError):
    """No nomination with this id (or the person may not see it)."""

    text_key = "nomination.error.not_found"


class NominationAlreadyHandled(AlreadyHandled):
    """Someone else changed the nomination first; the button pressed is out of date."""

    text_key = "nomination.error.already_handled"


class NominationIllegalTransition(IllegalTransition):
    """The action is not possible from the nomination's current state."""

    text_key = "nomination.error.illegal"


class DuplicateNomination(DomainError):
    """The nominee already has a live nomination for this award this year (``code``)."""

    text_key = "nomination.error.duplicate"


class AwardMismatch(DomainError):
    """The award is not in the catalogue, not of the track, or not for this kind of nominee."""

    text_key = "nomination.error.award"


class NomineeNotInUnit(DomainError):
    """The nominated member is not an active member of the nominating unit."""

    text_key = "nomination.error.not_in_unit"


class InitiativeNotEligible(DomainError):
    """A cited initiative is not recognised, or not the nominee's (or the unit's)."""

    text_key = "nomination.error.initiative"


class InvalidNomination(DomainError):
    """A draft broke a rule the dialog should have caught (empty summary, no movement …)."""

    text_key = "nomination.error.invalid"


class DecisionListChanged(DomainError):
    """The items waiting for the decision are not those the Office saw (someone acted)."""

    text_key = "decision.error.list_changed"


class DecisionNumberTaken(DomainError):
    """Another decision (or Tờ trình) already has this number (``number``)."""

    text_key = "decision.error.number_taken"


class InvalidDecision(DomainError):
    """The number, signer or date of a decision is not acceptable."""

    text_key = "decision.error.invalid"


class NothingToDecide(DomainError):
    """No item waits for this decision (any more)."""

    text_key = "decision.error.nothing"


class TitleByVoteList(DomainError):
    """An emulation title (``award``) is proposed by the unit's vote list, not one by one."""

    text_key = "nomination.error.title_by_list"
