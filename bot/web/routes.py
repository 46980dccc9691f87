"""The web app's first routes: using a one-time link, the signed-in page, signing out.

The session lives on the server (:mod:`bot.services.web_access`); the browser holds only its
random id, in an HttpOnly, SameSite=Lax cookie (Secure behind HTTPS). Lax keeps the cookie
off cross-site POSTs, so another site cannot sign a member out; the forms of the pages to
come carry CSRF tokens as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.clock import Clock
from bot.config_web import Web
from bot.ports import Channel
from bot.services.people import MemberService
from bot.services.web_access import NewSession, WebAccessService
from bot.texts import Safe, Texts
from bot.web.telegram_init_data import verified_user_id

COOKIE = "thidua_phien"
SIGN_IN = "/web/dang-nhap"
HOME = "/web/"
SIGN_OUT = "/web/dang-xuat"
EXPIRED = "/web/het-han"
SIGNED_OUT = "/web/da-dang-xuat"
MINI_APP = "/web/mini-app"
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the sign-in token must not leak to other sites
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}


@dataclass(frozen=True, slots=True)
class MiniApp:
    """What signing in from the Telegram Mini App needs: the bot's token and its members."""

    members: MemberService
    bot_token: str
    clock: Clock


@dataclass(frozen=True, slots=True)
class WebRoutes:
    """The sign-in routes, over the same service the chat's ``/web`` uses."""

    access: WebAccessService
    settings: Web
    texts: Texts
    mini_app: MiniApp | None = None

    def add_to(self, app: web.Application) -> None:
        """Serve the routes on ``app``."""
        app.router.add_get(SIGN_IN, self.sign_in)
        app.router.add_get(HOME, self.home)
        app.router.add_post(SIGN_OUT, self.sign_out)
        app.router.add_get(EXPIRED, self.expired)
        app.router.add_get(SIGNED_OUT, self.signed_out)
        if self.mini_app is not None:
            app.router.add_post(MINI_APP, self.sign_in_mini_app)

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        """Use the link's token once; set the session cookie and go to the home page."""
        opened = await self.access.sign_in(request.query.get("t", ""))
        if opened is None:
            raise web.HTTPSeeOther(EXPIRED, headers=_HEADERS)
        raise self._signed_in(opened)

    async def sign_in_mini_app(self, request: web.Request) -> web.StreamResponse:
        """Sign in the member whose Telegram account a verified ``initData`` names (403 for
        a wrongly signed or stale one, an unknown account, or a role without the web app)."""
        assert self.mini_app is not None
        mini = self.mini_app
        init_data = (await request.post()).get("init_data", "")
        user_id = verified_user_id(
            init_data if isinstance(init_data, str) else "",
            mini.bot_token,
            now=mini.clock.now(),
            max_age_seconds=self.settings.init_data_max_age_seconds,
        )
        member = (
            None if user_id is None else await mini.members.find(Channel.TELEGRAM, str(user_id))
        )
        opened = None if member is None else await self.access.sign_in_member(member.id)
        if opened is None:
            raise web.HTTPForbidden(headers=_HEADERS)
        raise self._signed_in(opened)

    def _signed_in(self, opened: NewSession) -> web.HTTPSeeOther:
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
        return response

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
