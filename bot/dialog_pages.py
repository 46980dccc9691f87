"""Long choice lists of a dialog: a page at a time, with buttons to turn the page.

A step with more options than :data:`PAGE_SIZE` shows one page of them (a list of thirty units is
never printed whole, nor again after each pick of a several-unit choice). The page buttons carry
the page in the option key (``_p2``), which no option's key can be: keys of values start with a
letter, digit, dot or hyphen, and digests are ``_`` and sixteen hex digits. Typing words of a
label narrows the list instead (:func:`bot.dialog_inputs.containing`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.callbacks import DialogChoice, unpack
from bot.dialog_inputs import Option, option_key
from bot.numbered import page_number
from bot.ports import Button, Incoming
from bot.texts import Texts

#: Options shown at once.
PAGE_SIZE = 10
_PAGE_KEY = re.compile(r"^_p(\d{1,4})$")


@dataclass(frozen=True, slots=True)
class ChoicePage:
    """What one page of a step's options shows: its buttons, and a line saying where it is
    (empty for a list that fits one page)."""

    rows: tuple[tuple[Button, ...], ...]
    note: str


def turned_page(incoming: Incoming, nonce: str, step: int) -> int | None:
    """The page (0-based) a press of a page button of this run's step, or a typed "trang 2",
    asks for; ``None`` for any other answer."""
    if incoming.callback is None:
        typed = page_number(incoming.text or "")
        return None if typed is None else typed - 1
    payload = unpack(incoming.callback)
    if not isinstance(payload, DialogChoice) or (payload.nonce, payload.step) != (nonce, step):
        return None
    match = _PAGE_KEY.fullmatch(payload.option)
    return None if match is None else int(match[1])


def choice_page(
    texts: Texts, nonce: str, step: int, options: Sequence[Option], page: int = 0
) -> ChoicePage:
    """The buttons of page ``page`` of ``options`` (clamped to the pages there are)."""
    pages = max(1, math.ceil(len(options) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = options[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]

    def button(label: str, key: str) -> Button:
        return Button(label, DialogChoice(nonce, step, key).pack())

    rows: list[tuple[Button, ...]] = [(button(o.label, option_key(o.value)),) for o in shown]
    if pages == 1:
        return ChoicePage(tuple(rows), "")
    turns = []
    if page > 0:
        turns.append(button(texts.t("dialog.page.previous"), f"_p{page - 1}"))
    if page < pages - 1:
        turns.append(button(texts.t("dialog.page.next"), f"_p{page + 1}"))
    rows.append(tuple(turns))
    note = texts.t("dialog.page.note", page=page + 1, pages=pages, count=len(options))
    return ChoicePage(tuple(rows), note)
