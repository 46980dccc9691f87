"""Members and open dialogs of recently active people, kept in memory.

Every update needs both before anything else happens; reading them from the database each
time would cost more than the rest of the update. The services that change them (registration,
dialog positions) update this cache after their transaction commits, and entries expire after
a short time so a change made by another process (the CLI) is seen soon. One bot process
serves a bot token, so the cache is the only copy that changes under live traffic.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.clock import Clock
from bot.ports import Channel
from bot.services.common.views import Departure, DialogView, MemberView

V = TypeVar("V")
MemberKey = tuple[Channel, str]
DialogKey = tuple[Channel, str, str]


class _Expiring(Generic[V]):
    """A bounded map whose entries expire; ``get`` tells a miss from a cached ``None``."""

    def __init__(self, clock: Clock, ttl: timedelta, size: int) -> None:
        self._clock = clock
        self._ttl = ttl
        self._size = size
        self._items: OrderedDict[object, tuple[datetime, V | None]] = OrderedDict()

    def get(self, key: object) -> tuple[bool, V | None]:
        item = self._items.get(key)
        if item is None or item[0] <= self._clock.now():
            return False, None
        return True, item[1]

    def put(self, key: object, value: V | None) -> None:
        self._items[key] = (self._clock.now() + self._ttl, value)
        self._items.move_to_end(key)
        if len(self._items) > self._size:
            self._items.popitem(last=False)

    def forget(self, key: object) -> None:
        self._items.pop(key, None)


class TurnCache:
    """Cached member views by account and dialog positions by (channel, chat, user)."""

    def __init__(
        self, clock: Clock, *, ttl: timedelta = timedelta(seconds=60), size: int = 50_000
    ) -> None:
        self.members: _Expiring[MemberView] = _Expiring(clock, ttl, size)
        self.dialogs: _Expiring[DialogView] = _Expiring(clock, ttl, size)
        #: The member who left behind an account that has no member, put with its ``None``.
        self.departures: _Expiring[Departure] = _Expiring(clock, ttl, size)
