"""Getting updates: long polling with ``getUpdates`` and the webhook settings."""

from __future__ import annotations

import asyncio

from tests.fakes.telegram.protocol import (
    MAX_UPDATES_PER_POLL,
    POLL_CONFLICT,
    WEBHOOK_CONFLICT,
    ApiError,
    JsonDict,
    bad_request,
)
from tests.fakes.telegram.state import FakeState, swap


class UpdatesMixin(FakeState):
    """``getUpdates``, ``setWebhook``, ``deleteWebhook`` and ``getWebhookInfo``."""

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        if self._webhook.get("url"):
            raise ApiError(409, WEBHOOK_CONFLICT)
        self._allow(params)
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._confirmed_offset = max(self._confirmed_offset, offset)
            while self._pending and self._pending[0]["update_id"] < offset:
                self._pending.popleft()
        limit = params.get("limit")
        if not isinstance(limit, int) or limit <= 0:
            limit = MAX_UPDATES_PER_POLL
        limit = min(limit, MAX_UPDATES_PER_POLL)
        timeout = params.get("timeout")
        # A newer getUpdates terminates the one still waiting, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._update_arrived = swap(self._update_arrived)
        if not self._pending and isinstance(timeout, int | float) and timeout > 0:
            await self._long_poll(float(timeout), generation)
        return [self._pending[index] for index in range(min(limit, len(self._pending)))]

    async def _long_poll(self, seconds: float, generation: int) -> None:
        self._active_polls += 1
        self._notify()
        try:
            async with asyncio.timeout(seconds):
                while not self._pending and not self._closing:
                    await self._update_arrived.wait()
                    if generation != self._poll_generation and not self._closing:
                        raise ApiError(409, POLL_CONFLICT)
        except TimeoutError:
            pass
        finally:
            self._active_polls -= 1

    def _set_webhook(self, params: JsonDict) -> bool:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise bad_request("bad webhook: Failed to resolve host")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._allow(params)
        self._webhook = {
            "url": url,
            **{
                key: params[key]
                for key in ("max_connections", "allowed_updates", "ip_address")
                if key in params
            },
        }
        return True

    def _allow(self, params: JsonDict) -> None:
        """Keep the ``allowed_updates`` given (left out: the previous setting stays)."""
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]

    def _delete_webhook(self, params: JsonDict) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._allow(params)
        self._webhook = {}
        return True

    def _get_webhook_info(self, params: JsonDict) -> JsonDict:
        return {
            "url": "",
            "has_custom_certificate": False,
            **self._webhook,
            "pending_update_count": len(self._pending),
        }
