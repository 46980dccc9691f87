"""``[inbox]``: the shipped schedules of the digests and the closing notice, and a wrong value
stops the bot with one line naming its key."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.roles import Role

ROOT = Path(__file__).resolve().parents[2]
OFFICE_LINE = 'office = { every = "daily", at = "08:00" }'


def test_shipped_config_sends_no_digest_to_staff_and_warns_three_days_before() -> None:
    inbox = load_settings(ROOT / "config.toml", environ={}).inbox
    schedules = {role: inbox.digest.of(role) for role in Role}
    assert {role: s.every for role, s in schedules.items()} == {
        Role.STAFF: "off",
        Role.UNIT_HEAD: "weekly",
        Role.OFFICE: "daily",
        Role.COUNCIL: "weekly",
        Role.LEADER: "weekly",
        Role.ADMIN: "daily",
    }
    assert {s.at for s in schedules.values()} == {time(8, 0)}
    assert schedules[Role.UNIT_HEAD].cron == "0 8 * * mon"
    assert schedules[Role.OFFICE].cron == "0 8 * * *"
    assert schedules[Role.STAFF].cron is None
    assert inbox.closing_days == 3


@pytest.mark.parametrize(
    ("change", "key", "why"),
    [
        (
            (OFFICE_LINE, 'office = { every = "monthly" }'),
            "inbox.digest.office.every",
            "'off', 'daily' or 'weekly'",
        ),
        ((OFFICE_LINE, 'office = { at = "07:30" }'), "inbox.digest.office.every", "required"),
        (
            (OFFICE_LINE, 'office = { every = "daily", weekday = "fri" }'),
            "inbox.digest.office",
            "weekday only applies to a weekly digest",
        ),
        (
            (OFFICE_LINE, 'office = { every = "daily", at = "25:00" }'),
            "inbox.digest.office.at",
            "not a time of day",
        ),
        (
            (OFFICE_LINE, 'office = { every = "weekly", weekday = "monday" }'),
            "inbox.digest.office.weekday",
            "'mon'",
        ),
        ((OFFICE_LINE, 'offices = { every = "daily" }'), "inbox.digest.offices", "Extra"),
        (("closing_days = 3", "closing_days = -1"), "inbox.closing_days", "greater than"),
    ],
)
def test_a_wrong_inbox_value_names_its_key(
    tmp_path: Path, change: tuple[str, str], key: str, why: str
) -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "config.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = str(caught.value)
    assert f": {key}: " in message and why in message
    assert "\n" not in message
