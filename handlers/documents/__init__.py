"""Documents of the dossier in chat: what an item or a list has, sent as files."""

from __future__ import annotations

__all__: list[str] = []
