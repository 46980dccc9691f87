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
from bot.ports import FileRef, Incoming

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")

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


def option_key(value: str) -> str:
    """The key a button carries for an option: its value when short and plain, else a digest.

    Stable for one value, whatever else the list holds (a digest starts with ``_``).
    """
    if len(value) <= KEY_MAX and _PLAIN.fullmatch(value):
        return value
    return "_" + hashlib.sha256(value.encode()).hexdigest()[:16]


def choose(incoming: Incoming, nonce: str, step: int, options: Sequence[Option]) -> Option:
    """Pick an option by button (checked against this run and step), number or label.

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
    folded = text.casefold()
    for option in options:
        if option.label.casefold() == folded or option.value.casefold() == folded:
            return option
    raise InvalidInput("dialog.error.not_choice", count=len(options))


def parse_text(text: str, *, min_length: int, max_length: int) -> str:
    """Accept a text between the two lengths."""
    if len(text) < min_length:
        raise InvalidInput("dialog.error.too_short", min=min_length)
    if len(text) > max_length:
        raise InvalidInput("dialog.error.too_long", max=max_length, length=len(text))
    return text


def parse_number(text: str, *, minimum: int, maximum: int) -> int:
    """Accept a whole number in range; thousands separators are allowed."""
    cleaned = text.replace(".", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?\d{1,12}", cleaned):
        raise InvalidInput("dialog.error.not_number")
    value = int(cleaned)
    if not minimum <= value <= maximum:
        raise InvalidInput("dialog.error.out_of_range", min=minimum, max=maximum)
    return value


def parse_date(text: str) -> date:
    """Accept a day/month/year date as Vietnamese people write it."""
    match = _DATE.match(text)
    if match is None:
        raise InvalidInput("dialog.error.not_date")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput("dialog.error.not_date") from None


def parse_file(file: FileRef | None, *, types: frozenset[str], max_bytes: int) -> dict[str, Any]:
    """Accept a file of an allowed type and size; return what is stored about it."""
    if file is None:
        raise InvalidInput("dialog.error.need_file")
    if types and file.mime_type not in types:
        raise InvalidInput("dialog.error.file_type")
    if file.size > max_bytes:
        raise InvalidInput("dialog.error.file_too_big", max_mb=max_bytes // 2**20)
    return {"file_id": file.file_id, "name": file.name, "mime": file.mime_type, "size": file.size}
