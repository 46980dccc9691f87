"""What a document will say before it is rendered: its template, its file name, the values of
its fields and which of them are blank because the bot does not hold the datum."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.documents.typography import BLANK, long_date, money, short_date


@dataclass(frozen=True, slots=True)
class Draft:
    """One document ready to render.

    ``missing`` holds the text keys (``documents.field.*``) of the fields shown as blanks, so
    the Office can be told before the dossier goes out.
    """

    template: str
    file_name: str
    context: Mapping[str, object]
    missing: tuple[str, ...] = ()


@dataclass(slots=True)
class Fields:
    """Collects a document's values, turning each missing one into :data:`BLANK` and noting
    the text key that names it."""

    missing: list[str] = field(default_factory=list)

    def _blank(self, key: str) -> str:
        if key not in self.missing:
            self.missing.append(key)
        return BLANK

    def text(self, key: str, value: str | None) -> str:
        """``value``, or a blank noted under ``key`` when it is empty."""
        return value.strip() if value and value.strip() else self._blank(key)

    def day(self, key: str, value: date | None, *, long: bool = False) -> str:
        """A date as "05/12/2026" (``long``: "ngày 05 tháng 12 năm 2026"), or a blank."""
        if value is None:
            self._blank(key)
            return long_date(None) if long else BLANK
        return long_date(value) if long else short_date(value)

    def amount(self, key: str, value: int | None) -> str:
        """An amount in đồng as "1.404.000", or a blank."""
        if value is None:
            return self._blank(key)
        return money(value)

    def count(self, key: str, value: int | None) -> str:
        """A count, or a blank."""
        return self._blank(key) if value is None else str(value)

    def note(self, key: str) -> None:
        """Note a blank that the template shows by itself (a number the clerk gives …)."""
        self._blank(key)

    def done(self, template: str, file_name: str, context: Mapping[str, object]) -> Draft:
        """The draft with every blank noted so far."""
        return Draft(template, file_name, dict(context), tuple(self.missing))


def paragraphs(text: str | None) -> list[str]:
    """A long text as the paragraphs a template loops over (``{%p for p in … %}``)."""
    if not text:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]
