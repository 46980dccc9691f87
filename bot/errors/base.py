"""The base of every domain error, the errors every feature may raise (a role refused, an item
changed meanwhile or in the wrong state), and the replay of a finished dialog."""

from __future__ import annotations


class DomainError(Exception):
    """A use case refused to act; ``text_key`` tells the person why."""

    text_key = "errors.generic"

    def __init__(self, **params: object) -> None:
        super().__init__(self.text_key)
        self.params = params


class NotAllowed(DomainError):
    """The person's role does not allow this action."""

    text_key = "errors.not_allowed"


class OwnInitiative(NotAllowed):
    """A reviewer tried to judge an initiative they proposed or co-authored."""

    text_key = "conflict.initiative"


class OwnNomination(NotAllowed):
    """A reviewer tried to judge a nomination they have a stake in (the nominee, a member of
    the nominated collective, or the nominator from the nominee's own unit)."""

    text_key = "conflict.nomination"


class UnknownUnit(DomainError):
    """No unit has this code."""

    text_key = "errors.unknown_unit"


class AlreadyHandled(DomainError):
    """Someone else changed the item first; the button pressed is out of date."""

    text_key = "initiative.error.already_handled"


class IllegalTransition(DomainError):
    """The action is not possible from the item's current state."""

    text_key = "initiative.error.illegal"


class DraftFinished(Exception):
    """A dialog's result was saved before: a press repeated after a crash or a retry.

    Not a :class:`DomainError`, so a finisher that answers domain errors itself lets it through
    to the dialog engine, which closes the draft and tells what was saved.
    """

    def __init__(self, outcome: dict[str, object]) -> None:
        super().__init__(str(outcome.get("key", "")))
        self.outcome = outcome
