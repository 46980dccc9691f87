"""A Zalo OA messenger in memory: the errors and the window bookkeeping of the real one.

The OA channel's messenger (``bot/channels/zalo_oa``) turns Zalo's error codes into the port's
errors with their ``outcome`` and tells :class:`bot.ports.Interactions` of every message sent;
this fake does the same, so the outbox can be tested without HTTP.
"""

from __future__ import annotations

from bot.ports import (
    Channel,
    DeliveryError,
    Interactions,
    OutsideWindow,
    QuotaExhausted,
    RecipientBlocked,
    Reply,
    RetryLater,
)
from tests.fakes.messenger import FakeMessenger


def oa_error(code: int) -> DeliveryError:
    """The port's error for a Zalo OA error code (platforms.md §D)."""
    error: DeliveryError
    if code == -213:
        error = RecipientBlocked("-213 user not following the OA", never_started=True)
        error.outcome = "not_following"
    elif code in (-230, -305, -311):
        outcome = {-230: "inactive", -305: "out_of_window", -311: "out_of_quota"}[code]
        error = OutsideWindow(f"{code} refused outside the window", outcome=outcome)
    elif code == -211:
        error = QuotaExhausted("-211 out of quota")
        error.outcome = "out_of_quota"
    elif code == -32:
        error = RetryLater(1.0)
        error.outcome = "rate_limited"
    else:
        raise ValueError(code)
    return error


class FakeOaMessenger(FakeMessenger):
    """Records sends like :class:`FakeMessenger`; message ids are ``"oa-<n>"``; each message
    sent is counted in its chat's window, as the real messenger does."""

    def __init__(self, interactions: Interactions) -> None:
        super().__init__()
        self.interactions = interactions

    def refuse(self, chat_id: str, *codes: int) -> None:
        """Make the next sends to ``chat_id`` fail with these Zalo error codes, in order."""
        self.fail(chat_id, *(oa_error(code) for code in codes))

    async def send(self, chat_id: str, reply: Reply) -> str:
        number = await super().send(chat_id, reply)
        await self.interactions.sent(Channel.ZALO_OA, chat_id, 1)
        return f"oa-{number}"
