"""The payloads of the leaderboards (/bangxephang) and their "Vì sao?"."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


@dataclasses.dataclass(frozen=True)
class BoardAct(CallbackData, prefix="bx"):
    """A leaderboard button: ``view`` to show (``u`` units per member, ``t`` units in total,
    ``m`` individuals, ``p`` choose the period, ``pc`` a custom one, ``k`` choose the unit kind,
    ``w`` "Vì sao?", ``c`` coverage, ``r`` trend, ``x`` Excel); ``period`` is ``month``,
    ``quarter``, ``year``, ``plan`` (the open emulation period), ``YYYY-YYYY`` (another period)
    or ``YYYYMMDD-YYYYMMDD``; ``kind`` a unit kind or "" for all;
    ``back`` the board view the choice returns to."""

    view: str
    period: str
    kind: str
    back: str


class WhyList(StrEnum):
    """What a "Vì sao?" pick list lists."""

    UNITS = "u"
    MEMBERS = "m"


@dataclasses.dataclass(frozen=True)
class BoardWhyList(CallbackData, prefix="bwl"):
    """A page of a "Vì sao?" pick list: the board's units, or the members of ``unit``;
    ``period``, ``kind`` and ``back`` are the board's (:class:`BoardAct`)."""

    of: WhyList
    unit: int
    page: int
    period: str
    kind: str
    back: str


class WhySubject(StrEnum):
    """Whose score a "Vì sao?" explains."""

    UNIT = "u"
    MEMBER = "m"


@dataclasses.dataclass(frozen=True)
class BoardWhy(CallbackData, prefix="bwe"):
    """ "Vì sao?" of unit or member ``item``, picked from a list of ``unit`` at page ``at``
    (where its "back to the list" returns)."""

    subject: WhySubject
    item: int
    unit: int
    at: int
    period: str
    kind: str
    back: str
