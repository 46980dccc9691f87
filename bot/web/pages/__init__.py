"""The web app's pages, one module per feature; each has ``NAV`` (its links in the top menu)
and ``add_routes(pages)``. The menu shows the features in this order."""

from __future__ import annotations

from types import ModuleType

from bot.web.pages import council_sessions, home, vote_lists

FEATURES: tuple[ModuleType, ...] = (home, vote_lists, council_sessions)
