"""Vietnamese alphabetical order, the one every list, screen and export of the bot uses.

Python's ``sorted`` orders by code point, which puts "Đ" after "Z" and "Ă" after every plain
letter; a database's collation depends on how it was installed. Vietnamese dictionaries order
by letter first — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y — and only then by
tone (none, huyền, hỏi, ngã, sắc, nặng), so "Ban" < "Bàn" < "Bán" < "Bắc" < "Cà".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

#: Combining marks that make another letter of the alphabet: breve, circumflex, horn.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
#: Combining marks of the five tones, in dictionary order (no mark is 0).
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

CollationKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]


# A pure function of a short text; the same names (units, members) are sorted on every page.
@lru_cache(maxsize=8192)
def collation_key(text: str) -> CollationKey:
    """The sort key of ``text`` in Vietnamese order (case and spacing folded).

    Letters compare first, with ă, â, đ, ê, ô, ơ, ư as letters of their own after their base;
    tones break ties; the text itself last, so different texts never compare equal.
    """
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in " ".join(text.split()).casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = 1 if base == "đ" else max((_LETTER_MARKS.get(m, 0) for m in marks), default=0)
        base = "d" if base == "đ" else base
        letters.append((ord(base), letter))
        tones.append(max((_TONE_MARKS.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones), text


def sorted_vi(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """``items`` in Vietnamese order of ``key(item)``."""
    return sorted(items, key=lambda item: collation_key(key(item)))


def without_accents(text: str) -> str:
    """``text`` in plain Latin letters ("Đặng Thị Ánh" → "Dang Thi Anh"): for file names and
    links that must read the same on any machine."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))
