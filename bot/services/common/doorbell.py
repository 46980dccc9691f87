"""A doorbell: services ring it after committing work that a background loop picks up, so
the loop wakes at once instead of waiting for its next poll."""

from __future__ import annotations

from collections.abc import Callable


class Doorbell:
    """Listeners called, in order, each time :meth:`notify` is rung."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` at every ring."""
        self._listeners.append(listener)

    def notify(self) -> None:
        """Ring: call every listener."""
        for listener in self._listeners:
            listener()
