"""Fonts, and measuring, wrapping and shortening chart texts so they fit a phone-width picture.

Widths are the sum of the glyphs' advances in the bundled DejaVu Sans, read once per
character: laying a whole string out through FreeType costs milliseconds a label, the sum
microseconds. Kerning is ignored, so widths carry a small safety margin.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

ELLIPSIS = "…"
_SAFETY = 1.04
#: Size the advances are read at; they scale linearly with the size.
_UNIT_PT = 100.0
#: Dashes and commas left dangling next to an ellipsis are dropped.
_JOINERS = " -–,"
_DASHES = ("-", "–", "—")
_TAIL_WORDS = 3
_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


@cache
def font_path(weight: str = "regular") -> str:
    """Path of the bundled DejaVu Sans file, which has every Vietnamese letter."""
    import matplotlib as mpl

    return str(Path(mpl.get_data_path(), "fonts", "ttf", _FONT_FILES[weight]))


@cache
def font(size: float, weight: str = "regular") -> FontProperties:
    """A font of ``size`` points; built once per size and weight."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=font_path(weight), size=size)


def clean(text: str) -> str:
    """Compose diacritics (NFC) and collapse runs of white space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@cache
def _advance(char: str, weight: str) -> float:
    """Advance of ``char`` in points at ``_UNIT_PT`` points."""
    from matplotlib.font_manager import get_font
    from matplotlib.ft2font import LoadFlags

    face = get_font(font_path(weight))
    face.set_size(_UNIT_PT, 72)
    glyph = face.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return float(glyph.linearHoriAdvance) / 65536


def width_in(text: str, size_pt: float, weight: str = "regular") -> float:
    """Width of ``text`` in inches at ``size_pt`` points, slightly generous."""
    units = sum(_advance(char, weight) for char in text)
    return units * size_pt / _UNIT_PT / 72 * _SAFETY


def wrap(
    text: str, room_in: float, size_pt: float, weight: str = "regular", lines: int = 2
) -> list[str]:
    """Break ``text`` at spaces into at most ``lines`` lines of ``room_in`` inches; the last
    line ends with an ellipsis when the text does not fit."""
    words, out = clean(text).split(), list[str]()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and width_in(f"{line} {words[0]}", size_pt, weight) <= room_in:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = fit(f"{out[-1]} {' '.join(words)}", room_in, size_pt, weight)
    elif len(out) == 2:  # two lines of like length read better than one and a stray word
        every = " ".join(out).split()
        splits = [(" ".join(every[:i]), " ".join(every[i:])) for i in range(1, len(every))]
        widths = [max(width_in(part, size_pt, weight) for part in pair) for pair in splits]
        best = min(range(len(splits)), key=widths.__getitem__)
        if widths[best] <= room_in:
            out = list(splits[best])
    return out


def fit(text: str, room_in: float, size_pt: float, weight: str = "regular") -> str:
    """``text`` if it fits, else its best shortening at word boundaries that does."""
    return next(_shortenings(clean(text), room_in, size_pt, weight))


def distinct_labels(
    names: Sequence[str], rooms_in: Sequence[float], size_pt: float, weights: Sequence[str]
) -> list[str]:
    """Each name fitted to its room, shortened at word boundaries, no two alike.

    A shortening two different names share is given up by both for their next best, until
    every label tells its name apart. Only identical names end up with identical labels.
    """
    names = [clean(name) for name in names]
    options = [
        list(_shortenings(name, room, size_pt, weight))
        for name, room, weight in zip(names, rooms_in, weights, strict=True)
    ]
    chosen = [found[0] for found in options]
    while True:
        owners: dict[str, set[str]] = {}
        for name, label in zip(names, chosen, strict=True):
            owners.setdefault(label, set()).add(name)
        shared = {label for label, who in owners.items() if len(who) > 1}
        if not shared:
            return chosen
        for index, label in enumerate(chosen):
            if label in shared:
                options[index] = [o for o in options[index] if o not in shared]
                # Out of shortenings: the whole name, even if it runs a little wide.
                chosen[index] = options[index][0] if options[index] else names[index]
                if not options[index]:
                    options[index] = [names[index]]


def _shortenings(text: str, room_in: float, size_pt: float, weight: str) -> Iterator[str]:
    """Ways to write ``text`` within ``room_in``, most informative first; never empty.

    A shortening keeps the first and the last words and drops the middle ("Trung tâm Văn
    hóa … huyện Tam Đảo"): the start says what kind of unit it is, the end which one.
    Preferred are cuts between phrases (at " - " or ","), on both sides then on one, then
    keeping two words of the start and three of the end ("huyện Tam Đảo"), then the most
    letters.
    """
    if width_in(text, size_pt, weight) <= room_in:
        yield text
    words = text.split()
    found = []
    for head in range(1, len(words)):
        for tail in range(1, len(words) - head):
            kept = " ".join(words[:head]).rstrip(_JOINERS)
            end = " ".join(words[len(words) - tail :]).lstrip(_JOINERS)
            short = " ".join(part for part in (kept, ELLIPSIS, end) if part)
            if width_in(short, size_pt, weight) <= room_in:
                clean = _between_phrases(words, head) + _between_phrases(words, -tail)
                short_end = tail < min(_TAIL_WORDS, len(words) - 2)
                found.append((-clean, head < 2, short_end, -len(short), short))
    for head in range(len(words) - 1, 0, -1):  # then the start alone
        found.append((1, True, True, 1, f"{' '.join(words[:head]).rstrip(_JOINERS)} {ELLIPSIS}"))
    yield from (
        short for *_, short in sorted(found) if width_in(short, size_pt, weight) <= room_in
    )
    yield _cut(text, room_in, size_pt, weight)


def _between_phrases(words: list[str], index: int) -> bool:
    """Whether a cut before ``words[index]`` falls between phrases ("… hóa - Thông …")."""
    before, after = words[index - 1], words[index]
    return after in _DASHES or before in _DASHES or before.endswith(",")


def _cut(text: str, room_in: float, size_pt: float, weight: str) -> str:
    """The last resort for a single word too long for the room: cut it and add an ellipsis."""
    kept = text
    while kept and width_in(kept + ELLIPSIS, size_pt, weight) > room_in:
        kept = kept[:-1]
    return kept.rstrip() + ELLIPSIS
