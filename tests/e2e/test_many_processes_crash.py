"""The kill-after-confirm matrix of ``test_conversation_press_crash.py`` with two receivers:
two ``--role updates`` by webhook and a ``--role worker`` on one PostgreSQL database.

The first receiver is SIGKILLed while it finishes the person's confirm, after the webhook has
acknowledged the press (so Telegram would not post it again); the person presses the same button
again and the proxy sends it to the second receiver, which carries on. Killed in the use case's
transaction, the second press saves once; killed after the commit, it is told what was saved.
Either way nothing is lost and nothing is made (or delivered) twice.
"""

from __future__ import annotations

import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PG_URL
from tests.e2e.harness import TgUser
from tests.e2e.test_conversation_press_crash import (
    CASES,
    USER,
    _count,
    _invite,
    _register,
    _told,
)
from tests.e2e.test_many_processes import configs, topology
from tests.fakes.telegram import FakeTelegramApi

pytestmark = pytest.mark.skipif(not PG_URL, reason="several processes need PostgreSQL")

Post = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class PostedUser(TgUser):
    """A person whose updates reach the bot through the test's proxy (``post``)."""

    post: Post | None = None

    async def send(self, text: str, *, replies: int = 1) -> str:
        update = self.fake.push_message(
            self.user_id, text, first_name=self.first_name, queue=False
        )
        assert self.post is not None
        await self.post(update)
        return await self._wait(replies)

    async def press(self, data: str, *, replies: int = 1) -> str:
        assert self.post is not None
        await self.post(self.fake.push_callback(self.user_id, data, queue=False))
        return await self._wait(replies)


@pytest.mark.parametrize("moment", ["before", "after"])
@pytest.mark.parametrize("case", CASES)
async def test_a_confirm_killed_at_one_receiver_is_finished_once_by_the_other(
    case: str, moment: str, tmp_path: Path, database_url: str
) -> None:
    reach, model, outcome_key, name = CASES[case]
    common, _ = configs(tmp_path, database_url)
    token = await _invite(common)
    async with (
        FakeTelegramApi(bot_username="press_bot") as fake,
        topology(
            tmp_path, fake, database_url, schedulers=0, kill=f"{moment}:{outcome_key}"
        ) as running,
    ):
        user = PostedUser(fake, USER, "Phòng", post=running.post)
        await _register(user, token)
        confirm = await reach(user)

        dying = running.processes["updates-a"]
        await running.post(fake.push_callback(USER, confirm, queue=False), receiver=0)
        await dying.wait()
        assert dying.returncode == -signal.SIGKILL
        assert await _count(common, model) == (1 if moment == "after" else 0)

        seen = len(fake.messages_to(USER))
        await running.post(fake.push_callback(USER, confirm, queue=False), receiver=1)

        def texts() -> list[str]:
            return [m.plain_text or "" for m in fake.messages_to(USER)[seen:]]

        await fake.wait_for(lambda: any(name in t for t in texts()), timeout=60)
        if case == "broadcast":
            await fake.wait_for(
                lambda: any("Kính gửi Lê Văn Phòng: họp sơ kết" in t for t in texts()),
                timeout=60,
            )
        assert await _count(common, model) == 1
        assert any(_told(name, t) for t in texts()) == (moment == "after"), texts()
        delivered = [t for t in texts() if "Kính gửi Lê Văn Phòng: họp sơ kết" in t]
        assert len(delivered) == (1 if case == "broadcast" else 0), texts()
