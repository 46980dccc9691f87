"""Figures many viewers see alike, reused for a short time under a key.

The dashboard's counts, coverage and charts are an overview: a few seconds old is as good as
new, and many people open the dashboard at the same moments. Held by the page objects built in
``add_routes``, never module-wide.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.clock import Clock

T = TypeVar("T")


class Recent(Generic[T]):
    """``compute()``'s result kept for ``fresh`` under a key; at most ``most`` keys."""

    def __init__(self, clock: Clock, fresh: timedelta, most: int = 256) -> None:
        """``clock`` ages the kept results."""
        self._clock = clock
        self._fresh = fresh
        self._most = most
        self._kept: dict[Hashable, tuple[datetime, T]] = {}

    def peek(self, key: Hashable) -> T | None:
        """The result kept under ``key`` while fresh, else ``None``."""
        kept = self._kept.get(key)
        if kept is None or self._clock.now() - kept[0] >= self._fresh:
            return None
        return kept[1]

    async def get(self, key: Hashable | None, compute: Callable[[], Awaitable[T]]) -> T:
        """``compute()``'s result, reused under ``key`` while fresh (``None``: never kept)."""
        if key is None:
            return await compute()
        kept = self.peek(key)
        if kept is not None:
            return kept
        result = await compute()
        if len(self._kept) >= self._most:
            self._kept.clear()  # rare: more keys than kept; computing again is cheap enough
        self._kept[key] = (self._clock.now(), result)
        return result
