"""What the council sessions' use cases return, and who has a stake in an item (DESIGN
§3.10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.councils.tally import Result, Tally
from models import Nomination

OPEN, CLOSED = "open", "closed"
#: The length of a session's title (the column holds 200 characters).
TITLE_MIN, TITLE_MAX = 3, 200


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item of a session as a member sees it.

    Attributes:
        may_vote: The member is seated, has no stake in it and has not voted yet.
        voted: The member voted on it (how is not shown: secret ballots do not know).
        stake: The member has a stake in it and does not vote on it.
    """

    item_id: int
    nomination_id: int
    code: str
    nominee_name: str
    award_name: str
    secret: bool
    may_vote: bool
    voted: bool
    stake: bool = False


@dataclass(frozen=True, slots=True)
class ItemResult:
    """An item's tally and result when the session closed."""

    nomination_id: int
    code: str
    nominee_name: str
    tally: Tally
    threshold: float | None
    result: Result
    award_name: str = ""


@dataclass(frozen=True, slots=True)
class SessionView:
    """A session: its council, state and agenda size.

    Attributes:
        told: The council members told of the session when it opened (``open`` only).
    """

    id: int
    code: str
    council_code: str
    title: str
    state: str
    items: int
    council_name: str = ""
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    told: int = 0


@dataclass(frozen=True, slots=True)
class ReviewGroup:
    """The items of one award waiting for a session of its council, by unit and name."""

    award_code: str
    award_name: str
    item_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BallotSession:
    """An open session of a council the member sits on.

    Attributes:
        waiting: The items the member may still vote on.
    """

    id: int
    code: str
    council_name: str
    title: str
    items: int
    waiting: int


@dataclass(frozen=True, slots=True)
class ItemProgress:
    """How many have voted on an open session's item, of the members who may vote on it."""

    item_id: int
    code: str
    nominee_name: str
    award_name: str
    voted: int
    voters: int


@dataclass(frozen=True, slots=True)
class SessionResults:
    """A closed session's results: each item against all the council's members.

    Attributes:
        members: The council's active members when it closed (every share's denominator).
        quorum: The council's quorum as configured now (``None``: no quorum rule).
    """

    session: SessionView
    members: int
    quorum: float | None
    items: tuple[ItemResult, ...]


def has_stake(member_id: int, member_unit: int, item: Nomination) -> bool:
    """The member is judged by the item, filed it, or sits in the nominee's unit."""
    return member_id in (item.nominee_member_id, item.nominator_id) or member_unit == item.unit_id
