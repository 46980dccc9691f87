"""The payloads of councils (/hoidong), their sessions (/phienhop) and ballots (/bophieu)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


class CouncilChoice(StrEnum):
    """What a ``/hoidong`` button does."""

    LIST = "list"  # the councils
    ROLL = "roll"  # one council's members
    SEAT = "seat"  # seat a member or change a position (a dialog)
    UNSEAT = "unseat"  # asks "Đồng chí chắc chắn …?"
    UNSEAT_NOW = "unseatok"


@dataclasses.dataclass(frozen=True)
class CouncilMenu(CallbackData, prefix="cm"):
    """A ``/hoidong`` screen or action on one council (and one member of it)."""

    choice: CouncilChoice
    council: str = ""
    member: int = 0


class SessionChoice(StrEnum):
    """What a ``/phienhop`` button does."""

    LIST = "list"  # open and recent sessions
    NEW = "new"  # open a session (a dialog)
    SHOW = "show"  # one session: the votes so far, or the results once closed
    CLOSE = "close"  # asks "Đồng chí chắc chắn …?"
    CLOSE_NOW = "closeok"


@dataclasses.dataclass(frozen=True)
class SessionMenu(CallbackData, prefix="ss"):
    """A ``/phienhop`` screen or action on one council session."""

    choice: SessionChoice
    session: int = 0


class BallotChoice(StrEnum):
    """What a ``/bophieu`` button does."""

    LIST = "list"  # the member's open sessions
    AGENDA = "agenda"  # a page of one session's items
    AGREE = "yes"
    DISAGREE = "no"
    ALL = "all"  # asks "Đồng chí chắc chắn …?" before agreeing on every remaining item
    ALL_NOW = "allok"


@dataclasses.dataclass(frozen=True)
class BallotAct(CallbackData, prefix="sv"):
    """A ``/bophieu`` screen or vote: ``item`` is a session item (votes), ``page`` the agenda's
    page to show after it."""

    choice: BallotChoice
    session: int = 0
    item: int = 0
    page: int = 0
