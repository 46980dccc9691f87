"""Answers to numbered choices: channels without buttons show them as a numbered list.

A reply "2", the option's text (any case, with or without diacritics) or "trang 3" for a
paged list presses the same button a Telegram user would tap.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence

from bot.callbacks import unpack
from bot.formatting import strip_html
from bot.ports import Button

_PAGE = re.compile(r"^(?:trang|tr|page|p)\.?\s*(\d{1,4})$")


def plain(text: str) -> str:
    """Fold ``text`` for matching: lower case, no diacritics, letters and digits only.

    ``"Kế hoạch"`` and ``"kehoach"`` both give ``"kehoach"``.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def press(text: str, choices: Sequence[Button]) -> Button | None:
    """Return the button a typed answer presses, or ``None`` when it presses none."""
    answer = text.strip()
    if not answer or not choices:
        return None
    if answer.isdigit():
        index = int(answer)
        return choices[index - 1] if 1 <= index <= len(choices) else None
    page = _PAGE.match(plain_spaced(answer))
    if page is not None:
        return _turn_to(int(page[1]), choices)
    folded = plain(answer)
    matches = [b for b in choices if folded and plain(strip_html(b.label)) == folded]
    return matches[0] if len(matches) == 1 else None


def plain_spaced(text: str) -> str:
    """Like :func:`plain` but keeping single spaces between words (for "trang 2")."""
    return " ".join(plain(word) for word in text.split() if plain(word))


def _turn_to(number: int, choices: Sequence[Button]) -> Button | None:
    """Re-aim a paging button of the list at page ``number`` (1-based as people count)."""
    for button in choices:
        payload = unpack(button.data)
        page = getattr(payload, "page", None)
        if payload is None or not isinstance(page, int) or page < 0:
            continue  # not a list's button, or the plan's "contents" button
        moved = dataclasses.replace(payload, page=number - 1)  # type: ignore[type-var]
        return Button(button.label, moved.pack())
    return None
