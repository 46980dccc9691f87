"""The home page: who is signed in (the dashboard replaces it)."""

from __future__ import annotations

from aiohttp import web

from bot.web.pages_core import NavItem, Pages, Viewer

NAV: tuple[NavItem, ...] = (NavItem("/web/", "web.nav.home"),)


def add_routes(pages: Pages) -> None:
    """Serve ``/web/``."""

    async def home(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        title = pages.ctx.texts.t("web.page.home_title")
        return pages.render(request, viewer, "home.html", title=title)

    pages.get("/web/", home)
