"""The year's milestones: the shipped calendar is the Office's plan around the one legal date
(15 December, TT 02/2023/TT-BNV); a wrong entry stops the bot with its key named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, load_settings
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_calendar_has_every_known_milestone_in_the_emulation_year() -> None:
    settings = load_settings(ROOT / "config.toml", environ={})
    days = {m.key: m.on for m in settings.milestones}
    assert set(days) == {
        "registration",
        "midyear_review",
        "unit_reports",
        "vote_lists",
        "public_listing",
        "council_session",
        "decision",
        "statistics_report",
    }
    assert days["statistics_report"] == "12-15"
    assert days["unit_reports"] < days["statistics_report"]
    who = {m.key: m.recipients for m in settings.milestones}
    assert who["registration"] == who["vote_lists"] == "unit_heads_pending"
    assert who["statistics_report"] == "office"


def test_reminder_days_are_counted_back_in_a_year_without_29_february() -> None:
    settings = make_settings(
        "sqlite+aiosqlite://",
        milestones=[{"key": "registration", "on": "03-01", "remind_days_before": [1, 7, 0]}],
    )
    [milestone] = settings.milestones
    assert milestone.remind_days_before == (7, 1, 0)
    assert milestone.reminder_days() == ((7, 2, 22), (1, 2, 28), (0, 3, 1))
    # A reminder before a day early in January goes out the December before.
    early = make_settings(
        "sqlite+aiosqlite://",
        milestones=[{"key": "registration", "on": "01-05", "remind_days_before": [7]}],
    )
    assert early.milestones[0].reminder_days() == ((7, 12, 29),)


def test_who_defaults_to_the_pending_heads_only_where_they_are_counted() -> None:
    settings = make_settings(
        "sqlite+aiosqlite://",
        milestones=[
            {"key": "vote_lists", "on": "11-20"},
            {"key": "decision", "on": "12-25"},
            {"key": "tong_ket", "on": "12-28", "name": "Hội nghị tổng kết"},
        ],
    )
    assert [m.recipients for m in settings.milestones] == [
        "unit_heads_pending",
        "office",
        "office",
    ]


@pytest.mark.parametrize(
    ("entry", "key", "says"),
    [
        ({"on": "02-29"}, "milestones[1].on", "is not a day of every year"),
        ({"on": "13-01"}, "milestones[1].on", "pattern"),
        ({"on": "4-30"}, "milestones[1].on", "pattern"),
        ({"remind_days_before": [7, 7]}, "milestones[1].remind_days_before", "once"),
        ({"remind_days_before": [-1]}, "milestones[1].remind_days_before[0]", "greater than"),
        ({"remind_days_before": [400]}, "milestones[1].remind_days_before[0]", "less than"),
        ({"who": "everyone"}, "milestones[1].who", "unit_heads_pending"),
        ({"key": "decision", "who": "unit_heads_pending"}, "milestones[1].who", "registration"),
        ({"key": "tong_ket"}, "milestones[1].name", "needs a name"),
        ({"key": "Tổng kết", "name": "Tổng kết"}, "milestones[1].key", "pattern"),
        ({"key": "registration"}, "milestones", "keys must be unique"),
        ({"key": "unit_reports", "on": "12-15"}, "milestones[1].on", "before the statistics"),
    ],
)
def test_a_wrong_milestone_names_its_key(entry: dict[str, Any], key: str, says: str) -> None:
    first = {"key": "registration", "on": "01-31"}
    second = {"key": "vote_lists", "on": "11-20", **entry}
    statistics = {"key": "statistics_report", "on": "12-15"}
    with pytest.raises(ConfigError) as caught:
        make_settings("sqlite+aiosqlite://", milestones=[first, second, statistics])
    assert f"test: {key}:" in str(caught.value)
    assert says in str(caught.value)


def test_without_milestones_the_calendar_is_empty() -> None:
    assert make_settings("sqlite+aiosqlite://").milestones == ()
