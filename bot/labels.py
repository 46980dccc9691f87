"""Short labels for buttons and list lines: cut between words, never inside one.

Buttons carry no numbers of their own: Zalo and the console number the choices they show, so a
label "1. Nhắc…" would read "1. 1. Nhắc…" there.
"""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` as it is when it fits ``limit`` characters, else cut at the last space that
    leaves room for "…" (a single overlong word is cut inside it, as nothing else fits)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) + 1]
    cut = room.rsplit(" ", 1)[0] if " " in room else room[:-1]
    return cut.rstrip(" ,.;:-–") + ELLIPSIS
