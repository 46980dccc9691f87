"""Read receipts of the OA's messages, recorded per delivery.

Zalo may report a message received within milliseconds of sending it, before the outbox has
stored the message's id on its delivery (it learns the id from the send's answer). A receipt
that finds none of its messages is therefore tried again a few times, a little later, in a
task of its own (the webhook's handling does not wait for it); it is dropped once it found its
messages, after the last try, or when the channel stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Final

from bot.channels.zalo_oa.mapping import Receipt
from bot.ports import Channel, Interactions

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
#: Waits before trying a receipt again: the send's answer is usually in within a second.
RETRY_SECONDS: Final = (2.0, 10.0, 60.0)


class ReceiptRecorder:
    """Hands receipts to the core's reply windows, trying again while they find nothing."""

    def __init__(self, interactions: Interactions, *, sleep: Sleep = asyncio.sleep) -> None:
        """``sleep`` does the waits between tries (tests record them instead)."""
        self._interactions = interactions
        self._sleep = sleep
        self._tasks: set[asyncio.Task[None]] = set()

    async def record(self, receipt: Receipt) -> None:
        """Record ``receipt`` now; if some of its messages are not known yet, try again later."""
        if await self._found_all(receipt):
            return
        task = asyncio.create_task(self._again(receipt), name="zalo-oa-receipt")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait for the receipts still being tried (tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Stop trying: the receipts left are dropped."""
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _again(self, receipt: Receipt) -> None:
        for wait in RETRY_SECONDS:
            await self._sleep(wait)
            try:
                if await self._found_all(receipt):
                    return
            except Exception:
                logger.exception("could not record a Zalo OA read receipt")
                return
        logger.info("a Zalo OA read receipt named messages the bot does not know: dropped")

    async def _found_all(self, receipt: Receipt) -> bool:
        found = await self._interactions.receipts(
            Channel.ZALO_OA, receipt.user_id, receipt.msg_ids, seen=receipt.seen, at=receipt.at
        )
        return found >= len({message_id for message_id in receipt.msg_ids if message_id})
