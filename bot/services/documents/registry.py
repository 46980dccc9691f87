"""Which maker writes each kind of document, and for which subjects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.services.documents.achievement import achievement
from bot.services.documents.application import application
from bot.services.documents.records import DocumentKind, Maker, SubjectKind

#: Every kind the bot makes: the subjects it is made for, and its maker.
MAKERS: Final[Mapping[DocumentKind, tuple[frozenset[SubjectKind], Maker]]] = {
    DocumentKind.APPLICATION: (frozenset({SubjectKind.INITIATIVE}), application),
    DocumentKind.ACHIEVEMENT: (frozenset({SubjectKind.NOMINATION}), achievement),
}
