"""What the inbox's timed-notice tests share: moving the clock to a local hour, and reading
what the outbox queued for a chat."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import App
from models import Delivery
from tests.fakes.clock import FakeClock

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def move_to(clock: FakeClock, day: int, hour: int, minute: int = 0) -> None:
    """Move the clock to ``day``/03/2026 at ``hour:minute`` in Vietnam (the clock starts on
    Monday 02/03/2026 at 09:00)."""
    target = datetime(2026, 3, day, hour, minute, tzinfo=ZONE)
    clock.advance(seconds=(target - clock.now()).total_seconds())


async def sent(app: App, chat_id: str) -> list[tuple[str, bool, Any]]:
    """What was queued for ``chat_id``, oldest first: its text, whether it is quiet, and the
    labels of its buttons."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        return [
            (
                str(d.payload["text"]),
                d.quiet,
                [[b[0] for b in row] for row in d.payload["buttons"]],
            )
            for d in rows
        ]
