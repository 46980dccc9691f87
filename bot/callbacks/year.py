"""The payloads of the emulation year: registration (/dangkythidua), vote lists (/binhxet),
public listings (/congkhai), milestones (/lichthidua)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


class RegistrationChoice(StrEnum):
    """What a ``/dangkythidua`` button does."""

    HOME = "home"  # what was registered for the person and their unit
    REGISTER = "reg"  # the unit head registers the unit's targets (a dialog)
    OPEN = "open"  # the Office opens the year or moves its deadline (a dialog)
    STATUS = "status"  # the Office's overview of the units, a page at a time


@dataclasses.dataclass(frozen=True)
class RegistrationMenu(CallbackData, prefix="rg"):
    """A ``/dangkythidua`` screen or action for ``year`` (``page`` of the overview)."""

    choice: RegistrationChoice
    year: int = 0
    page: int = 0


class VoteListChoice(StrEnum):
    """What a ``/binhxet`` button does."""

    HOME = "home"  # the unit's list (a head), every unit's (the Office)
    BUILD = "build"  # build the unit's list, or fix a returned one (a dialog)
    SHOW = "show"  # one list with its rows and what the rules find
    RECEIVE = "rcv"  # the Office takes the list in
    RETURN = "ret"  # the Office returns it whole (a dialog for the reason)
    MINUTES = "min"  # the meeting's minutes


@dataclasses.dataclass(frozen=True)
class VoteListMenu(CallbackData, prefix="vl"):
    """A ``/binhxet`` screen or action; ``version`` guards the Office's acts on a list."""

    choice: VoteListChoice
    list_id: int = 0
    version: int = 0
    year: int = 0
    page: int = 0
    item: int = 0  # an attachment of the minutes


class ListingChoice(StrEnum):
    """What a ``/congkhai`` button does (everyone)."""

    LIST = "list"  # the listings open for objections
    OPEN = "open"  # one listing's rows (a page of them)
    ROW = "row"  # one row: the achievements, the reader's objections and their answers
    OBJECT = "obj"  # "Góp ý" on a row (a dialog)


@dataclasses.dataclass(frozen=True)
class ListingMenu(CallbackData, prefix="lc"):
    """A ``/congkhai`` screen: listing ``listing``, its row ``item`` (a nomination id)."""

    choice: ListingChoice
    listing: int = 0
    item: int = 0
    page: int = 0


class ListingOfficeChoice(StrEnum):
    """What an Office button of ``/congkhai`` does."""

    GROUPS = "groups"  # what waits to be listed, by award and year
    PUBLISH = "pub"  # publish one group (a dialog: title, "chắc chắn?")
    OBJECTIONS = "objs"  # a listing's objections
    OBJECTION = "obj"  # one objection
    ANSWER = "ans"  # answer it (a dialog)
    OVERRIDE = "ovr"  # let the rows go to the council early (a dialog: reason, "chắc chắn?")


@dataclasses.dataclass(frozen=True)
class ListingOffice(CallbackData, prefix="lo"):
    """An Office action of ``/congkhai``: a group (``award``, ``year``), or listing
    ``listing`` and its objection ``item``."""

    choice: ListingOfficeChoice
    award: str = ""
    year: int = 0
    listing: int = 0
    item: int = 0


class MilestoneChoice(StrEnum):
    """What a ``/lichthidua`` button does."""

    YEAR = "year"  # a year's milestones
    PENDING = "pending"  # the units that have not acted for a milestone (the Office)
    EXPORT = "xlsx"  # the year as a workbook (the Office)


@dataclasses.dataclass(frozen=True)
class MilestoneMenu(CallbackData, prefix="ms"):
    """A ``/lichthidua`` screen: a year, or one milestone (``key``) of it."""

    choice: MilestoneChoice
    year: int
    key: str = ""
