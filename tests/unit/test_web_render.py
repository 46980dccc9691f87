"""Pages show days and times in the organisation's zone, whatever zone they are stored in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.texts import Texts
from bot.web import Renderer


def test_times_are_shown_in_the_organisations_zone() -> None:
    renderer = Renderer(Texts.load(), ZoneInfo("Asia/Ho_Chi_Minh"))
    late_evening_utc = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
    assert renderer.moment(late_evening_utc) == "03:30 02/03/2026"
    assert renderer.day(late_evening_utc) == "02/03/2026"
    assert renderer.day(date(2026, 3, 1)) == "01/03/2026"
    assert renderer.moment(None) == renderer.day(None) == ""
