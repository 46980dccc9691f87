"""The payloads of broadcasts (/thongbao) and reminders (/nhacviec)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


class BroadcastChoice(StrEnum):
    """What a broadcast button does."""

    NEW = "new"
    OPEN = "open"
    CANCEL = "cancel"  # asks "Bạn chắc chắn …?"
    CANCEL_NOW = "cancelok"
    LIST = "list"  # who did not receive it
    XLSX = "xlsx"  # the same as a file
    TARGETS_MISSING = "tgmiss"  # compose a reminder to units that have not registered targets


@dataclasses.dataclass(frozen=True)
class BroadcastAct(CallbackData, prefix="ta"):
    """Act on broadcast ``item`` (0 with ``NEW``)."""

    item: int
    action: BroadcastChoice


class ReminderChoice(StrEnum):
    """What a reminder button does (``DELETE`` asks, ``DELETE_NOW`` deletes)."""

    LIST = "list"
    NEW = "new"
    OPEN = "open"
    PAUSE = "pause"
    RESUME = "resume"
    DELETE = "delete"
    DELETE_NOW = "deleteok"


@dataclasses.dataclass(frozen=True)
class ReminderAct(CallbackData, prefix="ra"):
    """Act on reminder ``item`` (0 with ``LIST`` and ``NEW``)."""

    item: int
    action: ReminderChoice
