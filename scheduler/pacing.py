"""Pacing of outgoing messages: an overall rate and a minimum gap per chat.

Telegram allows about 30 messages a second overall, one a second per private chat and
twenty a minute per group. The pacer only answers "how long until" questions; the worker
decides whether to wait (overall rate) or to put a message back (a busy chat), so one slow
chat never holds up the others.
"""

from __future__ import annotations

from collections.abc import Callable

PRUNE_AT = 10_000


class Pacer:
    """Tracks send times; all times come from ``monotonic`` (seconds)."""

    def __init__(
        self,
        *,
        rate_per_second: float,
        chat_interval: float,
        group_interval: float,
        monotonic: Callable[[], float],
    ) -> None:
        # A rate of 0 means no overall cap (benchmarks measure the engine's ceiling so).
        self._spacing = 1.0 / rate_per_second if rate_per_second > 0 else 0.0
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._monotonic = monotonic
        self._next_global = 0.0
        self._next_chat: dict[str, float] = {}

    def global_wait(self) -> float:
        """Seconds until the overall rate allows another message."""
        return max(0.0, self._next_global - self._monotonic())

    def chat_wait(self, chat: str) -> float:
        """Seconds until ``chat`` may receive another message."""
        return max(0.0, self._next_chat.get(chat, 0.0) - self._monotonic())

    def take(self, chat: str, *, is_group: bool) -> None:
        """Record a message sent now to ``chat``."""
        now = self._monotonic()
        self._next_global = max(self._next_global, now) + self._spacing
        gap = self._group_interval if is_group else self._chat_interval
        self._next_chat[chat] = now + gap
        if len(self._next_chat) > PRUNE_AT:
            self._next_chat = {k: v for k, v in self._next_chat.items() if v > now}

    def hold(self, chat: str, seconds: float) -> None:
        """Keep ``chat`` quiet for ``seconds`` (the platform asked us to)."""
        until = self._monotonic() + seconds
        self._next_chat[chat] = max(self._next_chat.get(chat, 0.0), until)
