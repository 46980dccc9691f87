"""The web app's first routes: using a one-time link, the signed-in page, signing out.

The session lives on the server (:mod:`bot.services.web_access`); the browser holds only its
random id, in an HttpOnly, SameSite=Lax cookie (Secure behind HTTPS). Lax keeps the cookie
off cross-site POSTs, so another site cannot sign a member out; the forms of the pages to
come carry CSRF tokens as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.config_web import Web
from bot.services.web_access import WebAccessService
from bot.texts import Safe, Texts

COOKIE = "thidua_phien"
SIGN_IN = "/web/dang-nhap"
HOME = "/web/"
SIGN_OUT = "/web/dang-xuat"
EXPIRED = "/web/het-han"
SIGNED_OUT = "/web/da-dang-xuat"
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the sign-in token must not leak to other sites
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}


@dataclass(frozen=True, slots=True)
class WebRoutes:
    """The sign-in routes, over the same service the chat's ``/web`` uses."""

    access: WebAccessService
    settings: Web
    texts: Texts

    def add_to(self, app: web.Application) -> None:
        """Serve the routes on ``app``."""
        app.router.add_get(SIGN_IN, self.sign_in)
        app.router.add_get(HOME, self.home)
        app.router.add_post(SIGN_OUT, self.sign_out)
        app.router.add_get(EXPIRED, self.expired)
        app.router.add_get(SIGNED_OUT, self.signed_out)

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        """Use the link's token once; set the session cookie and go to the home page."""
        opened = await self.access.sign_in(request.query.get("t", ""))
        if opened is None:
            raise web.HTTPSeeOther(EXPIRED, headers=_HEADERS)
        response = web.HTTPSeeOther(HOME, headers=_HEADERS)
        response.set_cookie(
            COOKIE,
            opened.session_id,
            max_age=self.settings.session_hours * 3600,
            path="/web",
            httponly=True,
            samesite="Lax",
            secure=self.settings.secure,
        )
        raise response

    async def home(self, request: web.Request) -> web.StreamResponse:
        """The signed-in member's page (for now: who they are, and signing out)."""
        member = await self.access.current(request.cookies.get(COOKIE, ""))
        if member is None:
            raise web.HTTPSeeOther(EXPIRED, headers=_HEADERS)
        body = self.texts.t("web.page.home", name=member.full_name, action=SIGN_OUT)
        return self._page(self.texts.t("web.page.home_title"), body)

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        """End the session and forget the cookie."""
        await self.access.end(request.cookies.get(COOKIE, ""))
        response = web.HTTPSeeOther(SIGNED_OUT, headers=_HEADERS)
        response.del_cookie(COOKIE, path="/web")
        raise response

    async def expired(self, _request: web.Request) -> web.StreamResponse:
        """Where an expired, used or unknown link or session leads."""
        return self._page(self.texts.t("web.page.expired_title"), self.texts.t("web.page.expired"))

    async def signed_out(self, _request: web.Request) -> web.StreamResponse:
        """Said after signing out."""
        title = self.texts.t("web.page.signed_out_title")
        return self._page(title, self.texts.t("web.page.signed_out"))

    def _page(self, title: str, body: str) -> web.Response:
        html = self.texts.t("web.page.frame", title=Safe(title), body=Safe(body))
        return web.Response(text=html, content_type="text/html", headers=_HEADERS)
