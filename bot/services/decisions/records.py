"""The values of the decision use cases: what waits for a decision, what the Office types to
record one, what a recorded decision holds, and who grants each award."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.config_awards import Authority, Award
from bot.services.common import NUMBER_MAX, SIGNER_MAX, Signed

__all__ = [
    "NUMBER_MAX",
    "SIGNER_MAX",
    "DecidedItem",
    "DecisionView",
    "Grantor",
    "Kind",
    "Outcome",
    "Pending",
    "PendingItem",
    "Signed",
    "grantor",
]


class Kind(StrEnum):
    """A decision of the authority, or the Tờ trình that sends a dossier up to it."""

    DECISION = "decision"
    SUBMISSION = "submission"


class Outcome(StrEnum):
    """What a decision or Tờ trình did to one item."""

    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    SENT_UP = "sent_up"


@dataclass(frozen=True, slots=True)
class Grantor:
    """Who grants an award, as the decision names them, and whether the Office records the
    decision itself (otherwise it sends the dossier up)."""

    code: str
    name: str
    decides_here: bool


@dataclass(frozen=True, slots=True)
class Pending:
    """A group of nominations waiting for the Office's act: one award of one year waiting for
    the decision (or to be sent up), or one Tờ trình waiting for the higher level's result.

    Attributes:
        submission_id: The Tờ trình waited on (``None``: items the council recommended).
        submission: Its number.
    """

    award_code: str
    award_name: str
    year: int
    grantor: Grantor
    count: int
    submission_id: int | None = None
    submission: str = ""


@dataclass(frozen=True, slots=True)
class PendingItem:
    """One nomination of a pending group, as the Office checks it before recording."""

    id: int
    code: str
    nominee_name: str
    unit: str


@dataclass(frozen=True, slots=True)
class DecidedItem:
    """One item of a recorded decision."""

    nomination_id: int
    code: str
    nominee_name: str
    unit: str
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class DecisionView:
    """A recorded decision or Tờ trình with its items."""

    id: int
    kind: Kind
    number: str
    signed_on: date
    signer: str
    authority: str
    award_code: str
    award_name: str
    items: tuple[DecidedItem, ...]

    def count(self, outcome: Outcome) -> int:
        """How many of its items had ``outcome``."""
        return sum(1 for item in self.items if item.outcome is outcome)


def grantor(award: Award | None, authorities: tuple[Authority, ...], default_name: str) -> Grantor:
    """Who grants ``award``: its ``granted_by`` authority; with none configured (or an award no
    longer in the catalogue), the organisation's head, who decides here."""
    if award is not None and award.granted_by:
        for authority in authorities:
            if authority.code == award.granted_by:
                return Grantor(authority.code, authority.name, authority.decides_here)
    return Grantor("", default_name, decides_here=True)
