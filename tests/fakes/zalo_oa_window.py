"""The reply-window rules of the fake Zalo OA platform, and its answer envelopes.

See :mod:`tests.fakes.fake_zalo_oa` for the rules and what in them is unverified.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from aiohttp import web

from tests.fakes.zalo_oa_events import JsonDict

WINDOW: Final = timedelta(hours=48)
WINDOW_MESSAGES: Final = 8
INACTIVE: Final = timedelta(days=7)
MESSAGES: Final = {
    -32: "The request exceeds the limited rate",
    -201: "Parameters are invalid",
    -211: "Out of quota",
    -213: "User has not followed OA",
    -216: "Access token is invalid",
    -230: "User has not interacted with the OA in the past 7 days",
    -305: "Cannot respond to user after 48 hours",
    -311: "Out of quota for responding",
}


class Refused(Exception):
    """Answer the current call with Zalo's error envelope for ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(MESSAGES.get(code, "Error"))
        self.code = code


class WindowRules:
    """Who follows, when each person last wrote, what went since, the proactive quota."""

    now: Callable[[], datetime]

    def init_rules(self, proactive_quota: int | None) -> None:
        """Start with no followers; ``proactive_quota`` set makes the OA verified."""
        self.proactive_quota = proactive_quota
        self.followers: set[str] = set()
        self.last_inbound: dict[str, datetime] = {}
        self.window_sent: dict[str, int] = {}
        self._rate_limited = 0

    def rate_limit(self, calls: int = 1) -> None:
        """Answer the next ``calls`` sends with -32."""
        self._rate_limited += calls

    def _observe(self, event: JsonDict) -> None:
        name = str(event.get("event_name", ""))
        user = str((event.get("sender") or event.get("follower") or {}).get("id", ""))
        if name == "unfollow":
            self.followers.discard(user)
        elif name == "follow" or name.startswith("user_send_"):
            self.followers.add(user)
            self.last_inbound[user] = self.now()
            self.window_sent[user] = 0

    def _admit(self, user: str) -> bool:
        """Apply the follower, inactivity and window rules; return whether it is proactive."""
        if self._rate_limited:
            self._rate_limited -= 1
            raise Refused(-32)
        if user not in self.followers:
            raise Refused(-213)
        last = self.last_inbound.get(user)
        now = self.now()
        if last is None or now - last > INACTIVE:
            raise Refused(-230)
        used = self.window_sent.get(user, 0)
        if now - last <= WINDOW and used < WINDOW_MESSAGES:
            self.window_sent[user] = used + 1
            return False
        if self.proactive_quota is None:
            raise Refused(-305 if now - last > WINDOW else -311)
        if self.proactive_quota <= 0:
            raise Refused(-211)
        self.proactive_quota -= 1
        return True


def oauth_error(code: int, description: str) -> web.Response:
    return web.json_response(
        {
            "error": code,
            "error_name": "invalid_request",
            "error_reason": description,
            "error_description": description,
        }
    )


def success(data: JsonDict) -> web.Response:
    return web.json_response({"error": 0, "message": "Success", "data": data})
