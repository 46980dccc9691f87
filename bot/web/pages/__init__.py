"""The web app's pages, one module per feature; each has ``NAV`` (its links in the top menu)
and ``add_routes(pages)``. The menu shows the features in this order."""

from __future__ import annotations

from types import ModuleType

from bot.web.pages import (
    attachments,
    broadcasts,
    council_sessions,
    decisions,
    documents,
    home,
    initiatives,
    invite_cards,
    nominations,
    people,
    reports,
    staff_import,
    vote_lists,
)

FEATURES: tuple[ModuleType, ...] = (
    home,
    initiatives,
    nominations,
    decisions,
    reports,
    vote_lists,
    council_sessions,
    documents,
    broadcasts,
    people,
    staff_import,
    invite_cards,
    attachments,
)
