"""The payloads of unit reports (/baocao)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


class PeriodChoice(StrEnum):
    """What a reporting-period button does (``NEW`` and ``LIST`` go with period 0).

    ``CLOSE`` and ``DELETE`` ask "Bạn chắc chắn …?"; ``CLOSE_NOW`` and ``DELETE_NOW`` are
    their "yes".
    """

    STATUS = "status"
    REMIND = "remind"
    NEW = "new"
    SUBMIT = "submit"
    LIST = "list"
    EDIT = "edit"
    CLOSE = "close"
    CLOSE_NOW = "closeok"
    DELETE = "delete"
    DELETE_NOW = "deleteok"


@dataclasses.dataclass(frozen=True)
class ReportMenu(CallbackData, prefix="bm"):
    """A reporting-period button."""

    period: int
    action: PeriodChoice


class ReportChoice(StrEnum):
    """What a report button does: open it, or accept / return the version seen."""

    OPEN = "open"
    ACCEPT = "accept"
    RETURN = "return"


@dataclasses.dataclass(frozen=True)
class ReportAct(CallbackData, prefix="ba"):
    """A report button for the ``version`` seen."""

    report: int
    version: int
    action: ReportChoice


@dataclasses.dataclass(frozen=True)
class ReportFile(CallbackData, prefix="bf"):
    """Send one attachment of a report (the report is re-read to check who may see it)."""

    report: int
    attachment: int
