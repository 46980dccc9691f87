"""The web app's routes on an aiohttp application: signing in, the static files and every
feature's pages (:mod:`bot.web.pages`)."""

from __future__ import annotations

from aiohttp import web

from bot.web.context import WebContext
from bot.web.pages import FEATURES
from bot.web.pages_core import Pages
from bot.web.routes import SignInRoutes
from bot.web.static import StaticFiles

STATIC = "/web/static/{name}"


def add_web_app(app: web.Application, ctx: WebContext) -> Pages:
    """Serve the whole web app on ``app`` (which may also serve the chat's webhooks)."""
    nav = tuple(item for feature in FEATURES for item in feature.NAV)
    pages = Pages(app, ctx, nav)
    SignInRoutes(pages).add_to(app)
    app.router.add_get(STATIC, StaticFiles().serve)
    for feature in FEATURES:
        feature.add_routes(pages)
    return pages
