"""Persisting dialog positions, and expiring dialogs left unfinished."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Table, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel, Outgoing, Reply
from bot.services.common import is_postgres
from bot.services.delivery import outbox
from bot.texts import Texts
from models import DialogState


class DialogStateService:
    """Stores one dialog position per (channel, chat, user).

    Positions are only in the database (each turn reads its own): another process may move
    them between two of one person's updates.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: outbox.OutboxService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service

    async def save(
        self,
        key: tuple[Channel, str, str],
        *,
        dialog: str,
        step: int,
        nonce: str,
        data: dict[str, Any],
        trail: Sequence[int],
        prefilled: Sequence[str],
        expires_at: datetime,
    ) -> None:
        """Create or move the dialog position of ``key`` = (channel, chat id, user id)."""
        channel, chat_id, user_id = key
        values = {
            "channel": channel.value,
            "chat_id": chat_id,
            "user_id": user_id,
            "dialog": dialog,
            "step": step,
            "nonce": nonce,
            "data": dict(data),
            "trail": list(trail),
            "prefilled": list(prefilled),
            "updated_at": self._clock.now(),
            "expires_at": expires_at,
            "outcome": None,
        }
        async with self._sessions.begin() as session:
            # One statement, not read-then-write: this runs on every answer of every dialog.
            await session.execute(_upsert(postgres=is_postgres(session)), values)

    async def clear(self, key: tuple[Channel, str, str]) -> None:
        """Forget the dialog position of ``key``."""
        async with self._sessions.begin() as session:
            await session.execute(_where(delete(DialogState), key))

    async def expire(self) -> int:
        """Close dialogs past their expiry and tell each person, through the outbox."""
        now = self._clock.now()
        text = self._texts.t("dialog.expired_notice")
        async with self._sessions.begin() as session:
            rows = (
                await session.scalars(select(DialogState).where(DialogState.expires_at <= now))
            ).all()
            for row in rows:
                await session.delete(row)
            outbox.enqueue(
                session,
                # A finished draft left by a crash was saved: nothing expired to tell about.
                (
                    Outgoing(Channel(r.channel), r.chat_id, Reply(text))
                    for r in rows
                    if r.outcome is None
                ),
                now=now,
            )
        if rows:
            self._outbox.notify()
        return len(rows)


def _where(statement: Any, key: tuple[Channel, str, str]) -> Any:
    channel, chat_id, user_id = key
    return statement.where(
        DialogState.channel == channel.value,
        DialogState.chat_id == chat_id,
        DialogState.user_id == user_id,
    )


_KEY = ("channel", "chat_id", "user_id")
_MOVED = (
    "dialog",
    "step",
    "nonce",
    "data",
    "trail",
    "prefilled",
    "updated_at",
    "expires_at",
    "outcome",
)


@functools.cache
def _upsert(*, postgres: bool) -> Executable:
    """Insert a position or move the existing one, built once per dialect: it runs on every
    answer, and building the statement cost more than running it."""
    insert = pg_insert if postgres else sqlite_insert
    # The table, not the mapped class: with parameters, an ORM insert takes the (slower) bulk
    # path.
    table: Table = DialogState.__table__  # type: ignore[assignment]
    statement = insert(table).values({name: bindparam(name) for name in _KEY + _MOVED})
    moved = {name: statement.excluded[name] for name in _MOVED}
    return statement.on_conflict_do_update(index_elements=list(_KEY), set_=moved)
