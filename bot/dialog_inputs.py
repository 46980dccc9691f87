"""Parsing and validating one answer of a dialog step, by the step's input kind.

Each function returns the parsed value or raises :class:`InvalidInput` naming the text that
tells the person what is wrong; the step is then asked again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from bot.callbacks import DialogChoice, unpack
from bot.dates import read_day
from bot.numbered import plain, plain_spaced, typed_label
from bot.ports import FileRef, Incoming

#: A number may end with a percent sign: shares are typed "50", "50%" or "50 %".
_PERCENT = re.compile(r"\s*%\s*$")

#: The longest option value a button carries as it is.
KEY_MAX = 24
_PLAIN = re.compile(r"^[A-Za-z0-9.-][A-Za-z0-9_.-]*$")


class InputKind(StrEnum):
    """What a step expects."""

    TEXT = "text"
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    FILE = "file"
    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a choice step: the stored value and the label shown."""

    value: str
    label: str


class InvalidInput(Exception):
    """An answer did not pass the step's validation."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class Narrowed(InvalidInput):
    """Typed words that name several options: they are asked again, shown alone."""

    def __init__(self, options: Sequence[Option], text: str) -> None:
        super().__init__("dialog.error.narrowed", count=len(options), text=text)
        self.options = tuple(options)


def option_key(value: str) -> str:
    """The key a button carries for an option: its value when short and plain, else a digest.

    Stable for one value, whatever else the list holds (a digest starts with ``_``).
    """
    if len(value) <= KEY_MAX and _PLAIN.fullmatch(value):
        return value
    return "_" + hashlib.sha256(value.encode()).hexdigest()[:16]


def choose(
    incoming: Incoming,
    nonce: str,
    step: int,
    options: Sequence[Option],
    *,
    narrow: bool = False,
) -> Option:
    """Pick an option by button (checked against this run and step), number or label; with
    ``narrow``, also by words of its label ("tai chinh" for "Phòng Tài chính - Kế toán"): one
    option so named is picked, several raise :class:`Narrowed`.

    A button names its option by key: if that option is no longer offered (a search or a unit
    list changed since), the press is refused as stale rather than taken for another option.
    """
    if incoming.callback is not None:
        payload = unpack(incoming.callback)
        if not isinstance(payload, DialogChoice) or (payload.nonce, payload.step) != (nonce, step):
            raise InvalidInput("dialog.error.stale_button")
        for option in options:
            if option_key(option.value) == payload.option:
                return option
        raise InvalidInput("dialog.error.stale_button")
    text = (incoming.text or "").strip()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    found = _by_text(text, options)
    if found is not None:
        return found
    named = containing(text, options) if narrow else []
    if len(named) == 1:
        return named[0]
    if named:
        raise Narrowed(named, text)
    raise InvalidInput("dialog.error.not_choice", count=len(options))


def suggested(
    incoming: Incoming, nonce: str, step: int, options: Sequence[Option]
) -> Option | None:
    """The suggested answer of a text step that was pressed, or typed whole as its label or
    value reads (without case, diacritics or emoji); ``None`` for any other text, which is the
    answer itself (a text that only begins like a suggestion is not taken for it)."""
    if incoming.callback is not None:
        return choose(incoming, nonce, step, options)
    typed = plain(incoming.text or "")
    if not typed:
        return None
    return next((o for o in options if typed in (plain(o.label), plain(o.value))), None)


def containing(text: str, options: Sequence[Option]) -> list[Option]:
    """The options whose label holds the words typed (folded: no case, diacritics or emoji):
    as a phrase ("van phong" names "Văn phòng Sở", not "Phòng Văn hóa"), else each word
    anywhere; none for fewer than two letters typed."""
    phrase = plain_spaced(text)
    if len(phrase.replace(" ", "")) < 2:
        return []
    labels = [(o, plain_spaced(o.label)) for o in options]
    named = [o for o, label in labels if phrase in label]
    return named or [o for o, label in labels if all(w in label for w in phrase.split())]


def _by_text(text: str, options: Sequence[Option]) -> Option | None:
    """The option a typed label names: as shown, else without emoji, case or diacritics
    ("xac nhan" names "✅ Xác nhận") when that names only one."""
    folded = text.casefold()
    for option in options:
        if folded in (option.label.casefold(), option.value.casefold()):
            return option
    index = typed_label(text, [o.label for o in options])
    return None if index is None else options[index]


def parse_text(text: str, *, min_length: int, max_length: int) -> str:
    """Accept a text between the two lengths."""
    if len(text) < min_length:
        raise InvalidInput("dialog.error.too_short", min=min_length)
    if len(text) > max_length:
        raise InvalidInput("dialog.error.too_long", max=max_length, length=len(text))
    return text


def parse_number(text: str, *, minimum: int, maximum: int) -> int:
    """Accept a whole number in range; thousands separators and a final "%" are allowed."""
    cleaned = _PERCENT.sub("", text).replace(".", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?\d{1,12}", cleaned):
        raise InvalidInput("dialog.error.not_number")
    value = int(cleaned)
    if not minimum <= value <= maximum:
        raise InvalidInput("dialog.error.out_of_range", min=minimum, max=maximum)
    return value


def parse_date(text: str) -> date:
    """Accept a day/month/year date as Vietnamese people write it (``1/3/26``, ``01/03/2026``,
    ``1-3-2026``); a day the calendar lacks is refused by name ("ngày 31/02/2026")."""
    typed = read_day(text)
    if typed is None:
        raise InvalidInput("dialog.error.not_date")
    day = typed.date()
    if day is None:
        raise InvalidInput("dialog.error.no_such_date", day=typed.text())
    return day


def parse_file(file: FileRef | None, *, types: frozenset[str], max_bytes: int) -> dict[str, Any]:
    """Accept a file of an allowed type and size; return what is stored about it."""
    if file is None:
        raise InvalidInput("dialog.error.need_file")
    if types and file.mime_type not in types:
        raise InvalidInput("dialog.error.file_type")
    if file.size > max_bytes:
        raise InvalidInput("dialog.error.file_too_big", max_mb=max_bytes // 2**20)
    return {"file_id": file.file_id, "name": file.name, "mime": file.mime_type, "size": file.size}
