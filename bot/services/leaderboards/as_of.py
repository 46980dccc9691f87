"""Which organisation a board of a period shows (DESIGN §3.11): the units and members as they
were on the period's last day, or as they are today for a period still running."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, or_

from bot.services.leaderboards.records import Period
from models import Member


def as_of(period: Period, today: date) -> date:
    """The day whose organisation a board of ``period`` shows."""
    return min(period.end, today)


def present_in(period: Period) -> ColumnElement[bool]:
    """Members on an individual board: those working now, and for a past period those who
    left after it ended (a member counts until the day they left)."""
    return or_(Member.active.is_(True), Member.left_on > period.end)
