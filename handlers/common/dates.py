"""Dates and times as people of the organisation read them: its zone, day before month."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from bot.dates import day_text, moment_text, time_text
from bot.dialog_inputs import InvalidInput
from bot.turn import Turn


def local(turn: Turn, moment: datetime) -> datetime:
    """The moment in the organisation's zone."""
    return moment.astimezone(turn.settings.organisation.zone)


def day(turn: Turn, moment: date | datetime) -> str:
    """A date as people write it (dd/mm/yyyy); datetimes in the organisation's zone."""
    if isinstance(moment, datetime):
        moment = local(turn, moment).date()
    return day_text(moment)


def moment(turn: Turn, at: datetime) -> str:
    """A moment in short form: ``09:00 02/03/2026``."""
    return moment_text(at, turn.settings.organisation.zone)


def when(turn: Turn, at: datetime) -> str:
    """A moment in a sentence: ``09:00 ngày 02/03/2026``."""
    return turn.t(
        "dates.when", time=time_text(at, turn.settings.organisation.zone), day=day(turn, at)
    )


def not_after_today(refusal: str) -> Callable[[Turn, Any], Awaitable[Any]]:
    """A date step's check refusing a day after today with the text ``refusal`` (which names
    the ``day`` typed and ``today``): a decision is recorded once signed, a meeting once held."""

    async def check(turn: Turn, value: Any) -> Any:
        today = local(turn, turn.clock.now()).date()
        typed = date.fromisoformat(str(value))
        if typed > today:
            raise InvalidInput(refusal, day=day_text(typed), today=day_text(today))
        return value

    return check
