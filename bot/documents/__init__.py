"""The dossier's official documents (DESIGN §3.12): ``.docx`` templates the Office can edit,
filled from what services report, and whole dossiers packed as one ``.zip``.

Nothing here reads the database: services gather the facts, the modules of each document turn
them into a :class:`Draft`, and :func:`render` fills the template. A datum the bot does not hold
is a visible blank (:data:`BLANK`), never an invented value.

This module is the package's public API.
"""

from __future__ import annotations

from bot.documents.dossier import Rendered, file_name, pack, render
from bot.documents.draft import Draft, Fields, paragraphs
from bot.documents.letterhead import Letterhead
from bot.documents.render import CompiledTemplate, TemplateStore, shipped_templates
from bot.documents.typography import (
    BLANK,
    NBSP,
    long_date,
    money,
    multiple,
    number_line,
    place_date,
    share,
    short_date,
)

__all__ = [
    "BLANK",
    "NBSP",
    "CompiledTemplate",
    "Draft",
    "Fields",
    "Letterhead",
    "Rendered",
    "TemplateStore",
    "file_name",
    "long_date",
    "money",
    "multiple",
    "number_line",
    "pack",
    "paragraphs",
    "place_date",
    "render",
    "share",
    "shipped_templates",
    "short_date",
]
