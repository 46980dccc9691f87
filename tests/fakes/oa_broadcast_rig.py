"""A broadcast to thousands of followers of the Zalo OA, sent by a real bot process through the
fake OA server (and, for members who also use Telegram, the fake Telegram server): the rig of
``bench/oa_broadcast.py``.

The rig writes a config with ``[zalo_oa]`` pointed at the fake and both outboxes uncapped, seeds
the members straight into the database (an OA account each, a Telegram account for some, and
each chat's reply window: open, or closed three days ago), queues an urgent broadcast to
everyone from an Office member on Telegram, and starts ``python -m bot run``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.app import open_app
from bot.config import load_settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts import DeliveryCounts
from bot.services.broadcasts.delivery_counts import count_deliveries
from models import Broadcast, ChannelAccount, Member, ReplyWindow, Unit
from models.db import create_engine
from tests.fakes.broadcast_rig import (
    FIRST_RECIPIENT,
    TOKEN,
    account,
    add_sender,
    queue_broadcast,
    write_config,
)
from tests.fakes.config_text import with_values
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi
from tests.fakes.zalo_oa_events import APP_ID, OA_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
#: How long ago a person with a closed window last wrote (the window is 48 hours).
CLOSED = timedelta(days=3)


class Kind(Enum):
    """Where a recipient stands: what the reply-window gate should do with their delivery."""

    OPEN = "open"  # wrote an hour ago: sent by the OA
    WAITING = "waiting"  # wrote three days ago, no other channel: kept waiting
    REROUTED = "rerouted"  # wrote three days ago, on Telegram too: sent by Telegram


@dataclass
class OaTally:
    """What the fake OA was asked to send to recipients: the time of each call and by whom."""

    calls: Counter[str] = field(default_factory=Counter)
    first: float = 0.0
    last: float = 0.0

    def seen(self, user: str) -> None:
        now = time.perf_counter()
        self.first = self.first or now
        self.last = now
        self.calls[user] += 1

    @property
    def rate(self) -> float:
        """Calls per second from the first call to the last."""
        span = self.last - self.first
        return sum(self.calls.values()) / span if span > 0 else 0.0


class TimedFakeZaloOa(FakeZaloOa):
    """The fake OA, telling :attr:`tally` of each send it admits or refuses by its rules."""

    def __init__(self) -> None:
        super().__init__()
        self.tally = OaTally()

    def _admit(self, user: str) -> bool:
        self.tally.seen(user)
        return super()._admit(user)

    def follow(self, users: list[str], wrote: datetime) -> None:
        """Make ``users`` followers who last wrote at ``wrote`` (no event to the bot)."""
        for user in users:
            self.followers.add(user)
            self.last_inbound[user] = wrote
            self.window_sent[user] = 0


def oa_config(work: Path, port: int) -> Path:
    """The broadcast rig's config, uncapped, with the OA uncapped and its webhook on ``port``."""
    config = write_config(work, rate=0)
    text = config.read_text(encoding="utf-8")
    text = with_values(text, "zalo_oa", {"app_id": f'"{APP_ID}"', "http_port": str(port)})
    uncapped = {"rate_per_second": "0", "per_chat_interval_seconds": "0"}
    config.write_text(with_values(text, "zalo_oa.outbox", uncapped), encoding="utf-8")
    return config


def kinds(recipients: int, mixed: bool) -> list[Kind]:
    """Each recipient's kind: all open, or (``mixed``) a quarter open, half waiting and a
    quarter re-routed, interleaved so every batch has all three."""
    if not mixed:
        return [Kind.OPEN] * recipients
    cycle = (Kind.OPEN, Kind.WAITING, Kind.REROUTED, Kind.WAITING)
    return [cycle[i % 4] for i in range(recipients)]


async def seed(config: Path, recipients: list[Kind]) -> None:
    """Add the sender and the recipients (chat ``FIRST_RECIPIENT + i`` on every channel) with
    their reply windows, and queue an urgent broadcast to everyone."""
    settings = load_settings(config, environ={})
    app = await open_app(settings)
    now = datetime.now(UTC)
    try:
        async with app.sessions.begin() as session:
            units = (await session.execute(select(Unit.id, Unit.code, Unit.name, Unit.kind))).all()
            sender = await add_sender(session, settings.organisation.office_unit, now)
            members = [
                _member(units[i % len(units)].id, i, kind, now)
                for i, kind in enumerate(recipients)
            ]
            ids = (await session.scalars(insert(Member).returning(Member.id), members)).all()
            accounts, windows = [], []
            for i, (member_id, kind) in enumerate(zip(ids, recipients, strict=True)):
                chat = FIRST_RECIPIENT + i
                accounts.append(account(member_id, chat, now, Channel.ZALO_OA))
                if kind is Kind.REROUTED:
                    accounts.append(account(member_id, chat, now))
                wrote = now - (timedelta(hours=1) if kind is Kind.OPEN else CLOSED)
                windows.append(
                    {"channel": "zalo_oa", "chat_id": str(chat), "last_inbound_at": wrote}
                )
            await session.execute(insert(ChannelAccount), accounts)
            await session.execute(insert(ReplyWindow), windows)
        await queue_broadcast(app, sender)
    finally:
        await app.close()


def _member(unit_id: int, i: int, kind: Kind, now: datetime) -> dict[str, object]:
    return {
        "unit_id": unit_id,
        "full_name": f"Cán bộ {i:05d}",
        "position": "Chuyên viên",
        "role": Role.STAFF.value,
        "active": True,
        "created_at": now,
        # Members on Telegram too who chose the OA: the broadcast goes to the OA first.
        "preferred_channel": "zalo_oa" if kind is Kind.REROUTED else None,
    }


async def start_bot(
    config: Path, oa: FakeZaloOa, telegram: FakeTelegramApi, log: Path
) -> asyncio.subprocess.Process:
    """Start ``python -m bot run`` on the config against both fake servers."""
    env = bot_env(
        config,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=telegram.base_url,
        ZALO_OA_APP_SECRET=APP_SECRET,
        ZALO_OA_SECRET_KEY=OA_SECRET_KEY,
        ZALO_OA_REFRESH_TOKEN=FIRST_REFRESH_TOKEN,
        ZALO_OA_API_BASE_URL=oa.base_url,
        ZALO_OA_OAUTH_BASE_URL=oa.base_url,
    )
    # BENCH_WRAP lets a profiler wrap the bot process, e.g. "py-spy record -o bot.svg --".
    wrap = os.environ.get("BENCH_WRAP", "").split()
    with log.open("a") as out:
        return await asyncio.create_subprocess_exec(
            *wrap, sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stderr=out, stdout=out
        )


async def report_counts(config: Path) -> tuple[str, DeliveryCounts]:
    """The broadcast's state and the counts its delivery report gives."""
    engine = create_engine(load_settings(config, environ={}).database.url)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(select(Broadcast.id, Broadcast.state, Broadcast.total))
            ).one()
        async with async_sessionmaker(engine)() as session:
            counts = await count_deliveries(session, int(row.id), int(row.total))
        return str(row.state), counts
    finally:
        await engine.dispose()
