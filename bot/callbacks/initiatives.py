"""The payloads of initiatives (/sangkien, /duyet) and proposal drafts."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


@dataclasses.dataclass(frozen=True)
class InitiativeOpen(CallbackData, prefix="io"):
    """Open an initiative's details."""

    item: int


@dataclasses.dataclass(frozen=True)
class InitiativeAct(CallbackData, prefix="ia"):
    """Act on an initiative; ``version`` is the one the button was made for (stale → refused).

    ``sure`` is 1 on the "yes" of a decisive step's "Bạn chắc chắn …?" question.
    """

    item: int
    action: str
    version: int
    sure: int = 0


class InitiativeScope(StrEnum):
    """Which list of initiatives: the person's, their unit's, the queue, or a queue filter."""

    MINE = "mine"
    UNIT = "unit"
    QUEUE = "queue"
    STATE_FILTER = "fstate"
    UNIT_FILTER = "funit"
    FIELD_FILTER = "ffield"


@dataclasses.dataclass(frozen=True)
class InitiativeList(CallbackData, prefix="il"):
    """A page of a list of initiatives; filters are 0 / "" for any.

    ``field`` is the position of the field in the configured list, plus one.
    """

    scope: InitiativeScope
    page: int
    state: str
    unit: int
    field: int


@dataclasses.dataclass(frozen=True)
class InitiativeFile(CallbackData, prefix="if"):
    """Send one attachment of an initiative (the item is re-read to check who may see it)."""

    item: int
    attachment: int


class DraftChoice(StrEnum):
    """The answer to "you have a draft"."""

    RESUME = "resume"
    NEW = "new"


@dataclasses.dataclass(frozen=True)
class ProposalDraft(CallbackData, prefix="sd"):
    """The answer to "you have a draft": resume it or start again."""

    choice: DraftChoice
