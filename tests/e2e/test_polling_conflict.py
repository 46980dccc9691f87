"""Another receiver for the same token: Telegram's 409 is said once, in one line."""

from __future__ import annotations

import logging

import pytest
from telegram import Bot

from tests.e2e.harness import TOKEN, RunningBot
from tests.fakes.telegram import FakeTelegramApi


async def test_a_conflict_is_reported_once_without_a_traceback(
    bot: RunningBot, fake: FakeTelegramApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    # Someone sets a webhook for this token elsewhere: every getUpdates now answers 409.
    other = Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url)
    async with other:
        await other.set_webhook("https://elsewhere.example/hook")
    await fake.wait_for(
        lambda: [c.status for c in fake.calls_to("getUpdates")].count(409) >= 2,
        description="two polls refused with 409",
    )
    conflicts = [r for r in caplog.records if "409" in r.getMessage()]
    assert len(conflicts) == 1
    assert conflicts[0].levelno == logging.ERROR
    assert "another process" in conflicts[0].getMessage()
    assert [r for r in caplog.records if r.exc_info] == []
