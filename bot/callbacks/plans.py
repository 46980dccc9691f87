"""The payloads of the plan (/kehoach)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


@dataclasses.dataclass(frozen=True)
class PlanPage(CallbackData, prefix="kp"):
    """Open page ``page`` of plan ``version`` as paginated for the chat (``-1``: contents);
    ``version`` is the current one or the last one of a closed period (read-only)."""

    version: int
    page: int


class PlanChoice(StrEnum):
    """What a plan button does."""

    CONFIRM = "confirm"
    MOVEMENTS = "movements"
    COVERAGE = "coverage"
    PUBLISH = "publish"
    NUDGE = "nudge"
    #: The list of emulation periods, and the Office's "open a new period".
    PERIODS = "periods"
    OPEN_PERIOD = "open_period"


@dataclasses.dataclass(frozen=True)
class PlanAction(CallbackData, prefix="ka"):
    """A plan action on plan ``version`` (the current one, or a closed period's last one)."""

    version: int
    action: PlanChoice


@dataclasses.dataclass(frozen=True)
class PlanUnit(CallbackData, prefix="ku"):
    """Open the coverage of one unit."""

    unit_id: int
