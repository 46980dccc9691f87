"""The members behind recently active accounts, kept in memory on SQLite.

Every update needs its member before anything else happens. On SQLite one bot process serves
the database (the process lock), the services that change a member (registration, linking,
role and unit changes, blocking) put or forget its entry after their transaction commits, and
entries expire after a short time so a change made by a short command beside the bot (the CLI)
is seen soon. On PostgreSQL several processes may serve one database, and a member changed by
one would stay stale in the others (a registration or a role given elsewhere ignored, a member
who left still served): there the cache keeps nothing (``ttl`` zero) and each turn reads the
member in the transaction that reads the open dialog. Dialog positions are never cached: they
change on nearly every turn.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.clock import Clock
from bot.ports import Channel
from bot.services.common.views import Departure, MemberView

V = TypeVar("V")
MemberKey = tuple[Channel, str]


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
        if not self._ttl:
            return
        self._items[key] = (self._clock.now() + self._ttl, value)
        self._items.move_to_end(key)
        if len(self._items) > self._size:
            self._items.popitem(last=False)

    def forget(self, key: object) -> None:
        self._items.pop(key, None)


class TurnCache:
    """Cached member views by account; ``ttl`` zero keeps nothing (PostgreSQL)."""

    def __init__(
        self, clock: Clock, *, ttl: timedelta = timedelta(seconds=60), size: int = 50_000
    ) -> None:
        self.members: _Expiring[MemberView] = _Expiring(clock, ttl, size)
        #: The member who left behind an account that has no member, put with its ``None``.
        self.departures: _Expiring[Departure] = _Expiring(clock, ttl, size)
