"""The emulation year's journeys (issue 16, point 11): their catalogue, the bot running it over
the fake Bot API, and a :class:`Year` that lets a step's notices arrive before the next step.

The catalogue is :data:`tests.services.cycle_seed.CYCLE_AWARDS` granted by the Director, with
CSTĐCS listed for 10 working days then put to a secret vote of the council (60 % of all its
members), and a Bằng khen the province grants on the council's recommendation.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.ports import Channel
from bot.roles import Role
from models import DeliveryStatus
from tests.e2e.harness import RunningBot, TgUser, running, telegram_settings
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.cycle_seed import CYCLE_AWARDS
from tests.services.nominations_seed import GROUP

#: The announcement group of :data:`tests.services.nominations_seed.GROUP`.
GROUP_CHAT = -100123
AUTHORITIES: list[dict[str, Any]] = [
    {"code": "GD", "name": "Giám đốc Sở", "decides_here": True},
    {"code": "CT-UBND", "name": "Chủ tịch Ủy ban nhân dân tỉnh"},
]
COUNCILS: list[dict[str, Any]] = [
    {"code": "HDTDKT", "name": "Hội đồng Thi đua - Khen thưởng Sở", "kind": "emulation"},
]
CSTDCS: dict[str, Any] = {
    "council": "HDTDKT",
    "vote_threshold": 0.6,
    "secret_vote": True,
    "public_days": 10,
}
AWARDS: list[dict[str, Any]] = [
    {**award, "granted_by": "GD", **(CSTDCS if award["code"] == "CSTDCS" else {})}
    for award in CYCLE_AWARDS
] + [
    {
        "code": "BK-UBND",
        "name": "Bằng khen của Chủ tịch UBND tỉnh",
        "applies_to": "both",
        "tracks": ["annual"],
        "level": "province",
        "granted_by": "CT-UBND",
        "council": "HDTDKT",
    }
]


@dataclass
class Year:
    """The running bot, its clock, and everyone who chats with it (by a short key)."""

    bot: RunningBot
    fake: FakeTelegramApi
    clock: FakeClock
    people: dict[str, TgUser] = field(default_factory=dict)

    async def join(self, key: str, user_id: int, role: Role, name: str, unit: str) -> TgUser:
        """Invite and register a person on Telegram, then let the notices of it arrive."""
        user = TgUser(self.fake, user_id, name.rsplit(maxsplit=1)[-1])
        self.people[key] = await join_on_telegram(self.bot, user, role, name, unit)
        await self.settle()
        return user

    async def settle(self) -> None:
        """Send everything the outbox holds, then count what each person received as seen, so
        the next answer awaited is the answer to the next message."""
        worker = self.bot.core.worker
        assert worker is not None
        for _ in range(200):
            await worker.drain()
            counts = await self.bot.core.services.outbox.counts()
            if not (counts.count(DeliveryStatus.PENDING) or counts.count(DeliveryStatus.SENDING)):
                break
            self.clock.advance(seconds=1)
        else:
            raise AssertionError("the outbox did not empty")
        for user in self.people.values():
            user.seen = self.fake.sent_count_to(user.user_id)

    async def broadcast_sent(self, sender: TgUser, announced: str) -> None:
        """Wait for the broadcast ``announced`` (``… Thông báo #N …``) to reach everyone: its
        progress shows in the sender's chat once its deliveries are queued, and becomes the
        report at the runner's next look."""
        found = re.search(r"Thông báo #\d+", announced)
        assert found is not None, announced
        runner = self.bot.core.runner
        assert runner is not None
        await self.received(sender, f"{found.group(0)}: đã gửi")
        await self.settle()
        self.clock.advance(seconds=10)  # the runner's next look is due
        runner.wake()
        await self.received(sender, f"{found.group(0)} đã gửi xong")
        await self.settle()

    async def received(self, user: TgUser, needle: str) -> None:
        """Wait until a message containing ``needle`` reached ``user``."""
        await self.fake.wait_for(
            lambda: bool(self.got(user.user_id, needle)),
            timeout=10,
            description=f"{needle!r} sent to {user.user_id}",
        )

    def got(self, chat: int, needle: str) -> list[str]:
        """The texts, as shown, of the messages to ``chat`` containing ``needle``."""
        texts = (m.plain_text or "" for m in self.fake.messages_to(chat))
        return [text for text in texts if needle in text]

    def labels(self, user: TgUser) -> list[str]:
        """The labels of the last keyboard ``user`` was shown."""
        return [label for row in self.fake.buttons(user.user_id) for label, _ in row]

    async def member_id(self, key: str) -> int:
        """The member id of a person."""
        user = self.people[key]
        found = await self.bot.core.services.members.find(Channel.TELEGRAM, str(user.user_id))
        assert found is not None
        return found.id


@asynccontextmanager
async def running_year(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[Year]:
    """The bot with the catalogue above, LĐTT as every member's default registration and an
    announcement group, started like ``python -m bot run``; no per-chat pause in the outbox,
    so a step's notices all go out as soon as it is done."""
    settings = telegram_settings(
        database_url,
        fake,
        authorities=AUTHORITIES,
        councils=COUNCILS,
        awards=AWARDS,
        registration={"default_individual": "LDTT"},
        announcements=GROUP,
        outbox={"per_chat_interval_seconds": 0, "group_per_minute": 6000},
    )
    async with running(settings, clock) as bot:
        yield Year(bot, fake, clock)


def code_in(text: str, prefix: str) -> str:
    """The first code like ``CK-2027-001`` in ``text``."""
    found = re.search(rf"{prefix}-\d{{4}}-\d+", text)
    assert found is not None, text
    return found.group(0)
