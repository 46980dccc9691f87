"""The payloads of nominations (/decu, /duyet) and decisions (/quyetdinh)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


class NominationScope(StrEnum):
    """Which list of nominations: the queue of ``/duyet``, its state filter, or the person's
    own."""

    QUEUE = "queue"
    STATE_FILTER = "fstate"
    MINE = "mine"


@dataclasses.dataclass(frozen=True)
class NominationList(CallbackData, prefix="nl"):
    """A list of nominations; ``state`` "" for any."""

    scope: NominationScope
    page: int
    state: str


@dataclasses.dataclass(frozen=True)
class NominationOpen(CallbackData, prefix="no"):
    """Open a nomination's details."""

    item: int


@dataclasses.dataclass(frozen=True)
class NominationAct(CallbackData, prefix="na"):
    """Act on a nomination; ``version`` is the one the button was made for (stale → refused)."""

    item: int
    action: str
    version: int
    sure: int = 0


@dataclasses.dataclass(frozen=True)
class NominationFile(CallbackData, prefix="nf"):
    """Send one evidence file of a nomination (the item is re-read to check who may see it)."""

    item: int
    attachment: int


class DecisionChoice(StrEnum):
    """What a ``/quyetdinh`` button does."""

    LIST = "list"  # what waits for a decision
    GROUP = "group"  # one award and year (or one Tờ trình): its items
    RECORD = "rec"  # record its decision, Tờ trình or result (a dialog)


@dataclasses.dataclass(frozen=True)
class DecisionMenu(CallbackData, prefix="dm"):
    """A ``/quyetdinh`` screen: a group is an award and a year, or a Tờ trình (``submission``)."""

    choice: DecisionChoice
    award: str = ""
    year: int = 0
    submission: int = 0
