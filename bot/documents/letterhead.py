"""The letterhead every document shares (thể thức, NĐ 30/2020/NĐ-CP): the governing and
issuing bodies, the number line, the place and date, and the head who signs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.config_documents import Documents
from bot.documents.draft import Fields
from bot.documents.typography import number_line, place_date


@dataclass(frozen=True, slots=True)
class Letterhead:
    """``[documents]`` with the organisation's name filled in where the issuing body is unset."""

    governing_body: str
    issuing_body: str
    abbreviation: str
    place: str
    head_title: str
    head_name: str
    office_name: str

    @classmethod
    def of(cls, settings: Documents, organisation: str) -> Letterhead:
        """The letterhead of ``settings``; the issuing body defaults to ``organisation``."""
        return cls(
            governing_body=settings.governing_body,
            issuing_body=settings.issuing_body or organisation,
            abbreviation=settings.abbreviation,
            place=settings.place,
            head_title=settings.head_title,
            head_name=settings.head_name,
            office_name=settings.office_name,
        )

    def context(
        self, fields: Fields, *, symbol: str, number: str = "", day: date | None = None
    ) -> dict[str, object]:
        """The letterhead's fields; configuration left unset is noted as missing.

        ``symbol`` is the document's kind in its number ("QĐ", "TTr", "TB", "BB"); ``number``
        and ``day`` stay blank on a draft the clerk numbers and dates when it is signed.
        """
        for key, value in (
            ("documents.field.abbreviation", self.abbreviation),
            ("documents.field.place", self.place),
            ("documents.field.head_title", self.head_title),
            ("documents.field.head_name", self.head_name),
        ):
            if not value:
                fields.note(key)
        return {
            "governing_body": self.governing_body.upper(),
            "issuing_body": self.issuing_body.upper(),
            "issuing_body_name": self.issuing_body,
            "number_line": number_line(number, symbol, self.abbreviation),
            "place_date": place_date(self.place, day),
            "head_title": fields.text("documents.field.head_title", self.head_title).upper(),
            "head_name": fields.text("documents.field.head_name", self.head_name),
            "office_name": fields.text("documents.field.office_name", self.office_name),
        }
