"""Answers to numbered choices: channels without buttons show them as a numbered list.

A reply "2", the option's text (any case, with or without diacritics and emoji, with or without
a count in brackets: "viec cho xu ly" for "📥 Việc chờ xử lý (5)") or "trang 3" for a paged list
presses the same button a Telegram user would tap.
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
#: The fewest letters that name a label by its first words.
LEAST_TYPED = 4
#: A count or note at the end of a label, which people leave out when they type it.
_TAIL = re.compile(r"\s*\([^()]*\)\s*$")


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
    page = page_number(answer)
    if page is not None:
        return _turn_to(page, choices)
    typed = typed_label(answer, [strip_html(b.label) for b in choices])
    return None if typed is None else choices[typed]


def typed_label(text: str, labels: Sequence[str]) -> int | None:
    """The index of the one label ``text`` names, folded as :func:`plain` does; failing that,
    without a bracketed tail; failing that, the one label that begins with the words typed
    ("chuyen hoi dong" for "🧑‍⚖️ Chuyển Hội đồng thẩm định", at least :data:`LEAST_TYPED`
    letters: a word from the middle of a label, "cam kết", presses nothing); ``None`` when it
    names none or several."""
    folded = plain(text)
    if not folded:
        return None
    for fold in (plain, _without_tail):
        matches = [i for i, label in enumerate(labels) if fold(label) == folded]
        if matches:
            return matches[0] if len(matches) == 1 else None
    if len(folded) < LEAST_TYPED:
        return None
    words = f"{plain_spaced(text)} "
    matches = [i for i, label in enumerate(labels) if f"{plain_spaced(label)} ".startswith(words)]
    return matches[0] if len(matches) == 1 else None


def _without_tail(label: str) -> str:
    return plain(_TAIL.sub("", label))


def page_number(text: str) -> int | None:
    """The page a typed "trang 3" (also "tr 3", "page 3", "p 3") asks for, 1-based."""
    page = _PAGE.match(plain_spaced(text.strip()))
    return None if page is None else int(page[1])


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
