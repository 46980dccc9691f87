"""A :class:`bot.ports.Interactions` that records what a channel told it, and passes each
call on to the core's service when it is given one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.ports import Channel, Interactions


class RecordedInteractions:
    """Keeps every call, in order, as ``(kind, chat_id, detail)``."""

    def __init__(self, inner: Interactions | None = None) -> None:
        """``inner`` (the core's reply windows) also gets every call."""
        self.calls: list[tuple[str, str, object]] = []
        self.inner = inner

    async def inbound(self, channel: Channel, chat_id: str, at: datetime) -> None:
        """The person wrote or followed."""
        self.calls.append(("inbound", chat_id, at))
        if self.inner is not None:
            await self.inner.inbound(channel, chat_id, at)

    async def left(self, channel: Channel, chat_id: str, at: datetime) -> None:
        """The person unfollowed."""
        self.calls.append(("left", chat_id, at))
        if self.inner is not None:
            await self.inner.left(channel, chat_id, at)

    async def sent(self, channel: Channel, chat_id: str, messages: int) -> None:
        """Messages went out."""
        self.calls.append(("sent", chat_id, messages))
        if self.inner is not None:
            await self.inner.sent(channel, chat_id, messages)

    async def receipts(
        self,
        channel: Channel,
        chat_id: str,
        message_ids: Sequence[str],
        *,
        seen: bool,
        at: datetime,
    ) -> int:
        """Receipts arrived (all found, without the core's service)."""
        self.calls.append(("seen" if seen else "received", chat_id, tuple(message_ids)))
        if self.inner is not None:
            return await self.inner.receipts(channel, chat_id, message_ids, seen=seen, at=at)
        return len(set(message_ids))

    def of(self, kind: str, chat_id: str) -> list[object]:
        """The details of the calls of ``kind`` for ``chat_id``."""
        return [detail for k, c, detail in self.calls if k == kind and c == chat_id]
