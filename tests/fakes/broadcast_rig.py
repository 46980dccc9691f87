"""A broadcast to thousands of members, sent by a real bot process through the fake Telegram
server: shared by the crash test and ``bench/broadcast.py``.

The rig writes a config (the default one with another overall rate and no quiet hours), seeds
the members straight into the database, queues an urgent broadcast to everyone as an Office
member would, starts ``python -m bot run`` against the fake server and tallies what the
server saw: every ``sendMessage`` to a recipient, successful or not.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App, open_app
from bot.config import load_settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.broadcasts.records import BroadcastDraft
from bot.services.common.views import MemberView, UnitView
from models import Broadcast, ChannelAccount, Member, Unit
from models.db import create_engine
from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "424242:RIG"
SENDER_CHAT = 1
FIRST_RECIPIENT = 100_000


@dataclass
class Tally:
    """What the fake server saw of the broadcast (recipients only, not the sender's chat)."""

    calls: int = 0
    first: float = 0.0
    last: float = 0.0
    delivered: Counter[int] = field(default_factory=Counter)
    refused: Counter[int] = field(default_factory=Counter)
    attempted: set[int] = field(default_factory=set)
    sender_calls: int = 0
    # The last call that was a recipient's first attempt, and the calls made until then.
    last_first_attempt: float = 0.0
    calls_until_last_first: int = 0

    def seen(self, method: str, chat: int | None, status: int) -> None:
        """Count one answered API call (the fake server's ``on_call``)."""
        if chat == SENDER_CHAT:
            self.sender_calls += 1
        if method != "sendMessage" or chat is None or chat < FIRST_RECIPIENT:
            return
        now = time.perf_counter()
        self.first = self.first or now
        self.last = now
        self.calls += 1
        if chat not in self.attempted:
            self.attempted.add(chat)
            self.last_first_attempt, self.calls_until_last_first = now, self.calls
        if status == 200:
            self.delivered[chat] += 1
        else:
            self.refused[status] += 1

    def more_sender_calls_than(self, count: int) -> bool:
        """Whether the sender's chat got more than ``count`` calls."""
        return self.sender_calls > count

    @property
    def rate(self) -> float:
        """Calls per second from the first call to the last."""
        span = self.last - self.first
        return self.calls / span if span > 0 else 0.0

    @property
    def sustained_rate(self) -> float:
        """Calls per second while recipients were still waiting for their first attempt.

        It leaves out the tail where only retries remain, which waits for the platform's
        ``retry_after`` rather than for the bot.
        """
        span = self.last_first_attempt - self.first
        return self.calls_until_last_first / span if span > 0 else 0.0


def write_config(work: Path, *, rate: float, database_url: str | None = None) -> Path:
    """The default config with ``rate`` messages/s overall, no quiet time, and the database
    ``database_url`` (default: a SQLite file in ``work``)."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^rate_per_second = .*$", f"rate_per_second = {rate}", text)
    text = re.sub(r"(?m)^quiet_start = .*$", 'quiet_start = "00:00"', text)
    text = re.sub(r"(?m)^quiet_end = .*$", 'quiet_end = "00:00"', text)
    text = re.sub(r"(?m)^weekend_days = .*$", "weekend_days = []", text)
    url = database_url or f"sqlite+aiosqlite:///{work}/rig.db"
    text = re.sub(r"(?m)^url = .*$", f'url = "{url}"', text, count=1)
    config = work / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


async def seed(config: Path, recipients: int) -> list[int]:
    """Add ``recipients`` staff with Telegram accounts and queue a broadcast to everyone."""
    settings = load_settings(config, environ={})
    app = await open_app(settings)
    now = datetime.now(UTC)
    try:
        async with app.sessions.begin() as session:
            units = (await session.execute(select(Unit.id, Unit.code, Unit.name, Unit.kind))).all()
            sender = await add_sender(session, settings.organisation.office_unit, now)
            chats = list(range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients))
            members = [
                {
                    "unit_id": units[i % len(units)].id,
                    "full_name": f"Cán bộ {i:05d}",
                    "position": "Chuyên viên",
                    "role": Role.STAFF.value,
                    "active": True,
                    "created_at": now,
                }
                for i in range(recipients)
            ]
            ids = (await session.scalars(insert(Member).returning(Member.id), members)).all()
            accounts = [account(mid, chat, now) for mid, chat in zip(ids, chats, strict=True)]
            await session.execute(insert(ChannelAccount), accounts)
        await queue_broadcast(app, sender)
    finally:
        await app.close()
    return chats


async def add_sender(session: AsyncSession, office_unit: str, now: datetime) -> MemberView:
    """Add the broadcast's sender: an Office member with a Telegram account."""
    office = (
        await session.execute(
            select(Unit.id, Unit.code, Unit.name, Unit.kind).where(Unit.code == office_unit)
        )
    ).one()
    sender_id = await session.scalar(
        insert(Member)
        .values(
            unit_id=office.id,
            full_name="Trần Văn Quản",
            position="Chánh Văn phòng",
            role=Role.OFFICE.value,
            active=True,
            created_at=now,
        )
        .returning(Member.id)
    )
    await session.execute(insert(ChannelAccount), [account(sender_id, SENDER_CHAT, now)])
    unit = UnitView(office.id, office.code, office.name, office.kind)
    return MemberView(sender_id or 0, "Trần Văn Quản", "Chánh Văn phòng", Role.OFFICE, unit)


async def queue_broadcast(app: App, sender: MemberView) -> None:
    """Queue the urgent broadcast to everyone the benchmarks send."""
    draft = BroadcastDraft(
        "Kính gửi {ho_ten}: họp sơ kết thi đua lúc 14:00.",
        Audience(AudienceKind.EVERYONE),
        urgent=True,
    )
    await app.services.broadcasts.create(sender, draft, (Channel.TELEGRAM, str(SENDER_CHAT)))


def account(
    member_id: int | None, chat: int, now: datetime, channel: Channel = Channel.TELEGRAM
) -> dict[str, object]:
    """A channel account row whose chat and account ids are ``chat``."""
    return {
        "channel": channel.value,
        "external_id": str(chat),
        "chat_id": str(chat),
        "member_id": member_id,
        "blocked": False,
        "created_at": now,
    }


async def start_bot(config: Path, fake: FakeTelegramApi, log: Path) -> asyncio.subprocess.Process:
    """Start ``python -m bot run`` on the rig's config against the fake server."""
    env = bot_env(config, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake.base_url)
    # BENCH_WRAP lets a profiler wrap the bot process, e.g. "py-spy record -o bot.svg --".
    wrap = os.environ.get("BENCH_WRAP", "").split()
    with log.open("a") as out:
        return await asyncio.create_subprocess_exec(
            *wrap, sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stderr=out, stdout=out
        )


async def broadcast_state(config: Path) -> tuple[str, int]:
    """The broadcast's state and total, read from the database."""
    engine = create_engine(load_settings(config, environ={}).database.url)
    try:
        async with engine.connect() as connection:
            row = (await connection.execute(select(Broadcast.state, Broadcast.total))).one()
            return str(row.state), int(row.total)
    finally:
        await engine.dispose()


async def wait_finished(fake: FakeTelegramApi, tally: Tally, config: Path) -> tuple[str, int]:
    """Wait until the broadcast is done: each status message update to the sender may be the
    final report, so the database is read after each one."""
    while True:
        seen = tally.sender_calls
        state = await broadcast_state(config)
        if state[0] == "done":
            return state
        await fake.wait_for(functools.partial(tally.more_sender_calls_than, seen), timeout=60)
