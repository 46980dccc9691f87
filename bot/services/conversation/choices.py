"""The numbered choices last shown in each chat of a channel without buttons.

A Zalo message cannot carry buttons, so its choices are numbered; the person answers "2". The
choices are stored per chat so the answer means the same after a restart or on another
process, and they expire so a number typed days later is not taken as an old choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Button, Channel, ShownChoices
from bot.services.common import is_postgres
from models import ChatChoices

#: How long numbered choices stay valid.
CHOICES_TTL = timedelta(days=2)


class ChoiceService:
    """Implements :class:`bot.ports.ChoiceMemory` over the ``chat_choices`` table."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def remember(self, channel: Channel, chat_id: str, buttons: Sequence[Button]) -> None:
        """Store ``buttons`` as the chat's current choices; no buttons forgets them."""
        async with self._sessions.begin() as session:
            if not buttons:
                await session.execute(
                    delete(ChatChoices).where(
                        ChatChoices.channel == channel.value, ChatChoices.chat_id == chat_id
                    )
                )
                return
            values = {
                "buttons": [[b.label, b.data] for b in buttons],
                "updated_at": self._clock.now(),
            }
            insert = pg_insert if is_postgres(session) else sqlite_insert
            statement = insert(ChatChoices).values(
                channel=channel.value, chat_id=chat_id, **values
            )
            await session.execute(
                statement.on_conflict_do_update(index_elements=["channel", "chat_id"], set_=values)
            )

    async def recall(self, channel: Channel, chat_id: str) -> ShownChoices:
        """Return the chat's current choices (none once they are older than the TTL)."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(ChatChoices).where(
                    ChatChoices.channel == channel.value,
                    ChatChoices.chat_id == chat_id,
                    ChatChoices.updated_at > self._clock.now() - CHOICES_TTL,
                )
            )
        if row is None:
            return ShownChoices()
        buttons = tuple(Button(str(label), str(data)) for label, data in row.buttons)
        return ShownChoices(buttons, row.updated_at)
