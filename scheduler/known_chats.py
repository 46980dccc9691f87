"""Deliveries to chats known not to take them are settled without a call to the platform.

The platforms tell the bot when a person blocks it or when it leaves a group
(:class:`bot.services.delivery.ChatStateService`); a message queued before that is not tried:
it goes as a refused send would (the member's other channel, else "blocked"), and a group
post is skipped while the bot is not in the group.
"""

from __future__ import annotations

from bot.services.delivery import ChatStateService, Claimed, OutboxService

KNOWN_BLOCKED = "not sent: the person blocked the bot"
BOT_NOT_IN_GROUP = "not sent: the bot is not in the group"


class KnownChats:
    """Takes out of a claimed batch what must not be sent."""

    def __init__(self, outbox: OutboxService, chat_states: ChatStateService | None) -> None:
        """Without ``chat_states`` every delivery is tried."""
        self._outbox = outbox
        self._chat_states = chat_states

    async def withhold(self, batch: list[Claimed]) -> list[Claimed]:
        """Settle the deliveries to chats known not to take them; return the rest."""
        if self._chat_states is None or not batch:
            return batch
        gone = await self._chat_states.unreachable(batch)
        for item in batch:
            if item.id not in gone:
                continue
            if item.is_group:
                await self._outbox.mark_skipped(item.id, BOT_NOT_IN_GROUP)
            else:
                await self._outbox.mark_blocked(item.id, item.channel, item.chat_id, KNOWN_BLOCKED)
        return [item for item in batch if item.id not in gone]
