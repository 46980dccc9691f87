"""Dates and times as people of the organisation read them: its zone, day before month."""

from __future__ import annotations

from datetime import date, datetime

from bot.routing import Turn

#: A day as people write it, and the form typed answers take.
DAY_FORMAT = "%d/%m/%Y"
#: A moment as typed in answers and shown in short lists.
MOMENT_FORMAT = "%H:%M %d/%m/%Y"


def local(turn: Turn, moment: datetime) -> datetime:
    """The moment in the organisation's zone."""
    return moment.astimezone(turn.settings.organisation.zone)


def day(turn: Turn, moment: date | datetime) -> str:
    """A date as people write it (dd/mm/yyyy); datetimes in the organisation's zone."""
    if isinstance(moment, datetime):
        moment = local(turn, moment).date()
    return moment.strftime(DAY_FORMAT)


def moment(turn: Turn, at: datetime) -> str:
    """A moment in short form: ``09:00 02/03/2026``."""
    return local(turn, at).strftime(MOMENT_FORMAT)


def when(turn: Turn, at: datetime) -> str:
    """A moment in a sentence: ``09:00 ngày 02/03/2026``."""
    shown = local(turn, at)
    return turn.t("dates.when", time=shown.strftime("%H:%M"), day=shown.strftime(DAY_FORMAT))
