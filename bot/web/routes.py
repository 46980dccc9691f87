"""Signing in and out: a one-time link from ``/web``, the Telegram Mini App, and the pages
an expired link or a signed-out member sees.

The session lives on the server (:mod:`bot.services.web_access`); the browser holds only its
random id in an HttpOnly cookie (Secure behind HTTPS). A link's cookie is SameSite=Lax. The
Mini App's is SameSite=None and Partitioned behind HTTPS, because Telegram Web opens the Mini
App in an iframe of web.telegram.org, where a Lax cookie is never sent; the CSRF token of
every form is then what keeps other sites' posts out.
"""

from __future__ import annotations

from aiohttp import web

from bot.ports import Channel
from bot.services.web_access import NewSession
from bot.web.pages_core import COOKIE, EXPIRED, Pages
from bot.web.security import CSRF_FIELD, HEADERS, TELEGRAM_SCRIPT, csrf_valid
from bot.web.telegram_init_data import verified_user_id

SIGN_IN = "/web/dang-nhap"
HOME = "/web/"
SIGN_OUT = "/web/dang-xuat"
SIGNED_OUT = "/web/da-dang-xuat"
MINI_APP = "/web/mini-app"


class SignInRoutes:
    """The routes that open and end sessions, over the same service the chat's ``/web``
    uses."""

    def __init__(self, pages: Pages) -> None:
        """Serve through ``pages`` (its context has the services and settings)."""
        self._pages = pages
        self._ctx = pages.ctx

    def add_to(self, app: web.Application) -> None:
        """Serve the routes on ``app``."""
        app.router.add_get(SIGN_IN, self.sign_in)
        app.router.add_post(SIGN_OUT, self.sign_out)
        app.router.add_get(EXPIRED, self.expired)
        app.router.add_get(SIGNED_OUT, self.signed_out)
        if self._ctx.bot_token:
            app.router.add_get(MINI_APP, self.mini_app_page)
            app.router.add_post(MINI_APP, self.sign_in_mini_app)

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        """Use the link's token once; set the session cookie and go to the home page."""
        opened = await self._ctx.services.web_access.sign_in(request.query.get("t", ""))
        if opened is None:
            raise web.HTTPSeeOther(EXPIRED, headers=HEADERS)
        raise self._signed_in(opened, framed=False)

    async def mini_app_page(self, request: web.Request) -> web.StreamResponse:
        """The page Telegram opens as the Mini App: its script posts the signed initData."""
        return self._pages.render(
            request,
            None,
            "mini_app.html",
            title=self._ctx.texts.t("web.mini_app.title"),
            telegram_script=TELEGRAM_SCRIPT,
            action=MINI_APP,
        )

    async def sign_in_mini_app(self, request: web.Request) -> web.StreamResponse:
        """Sign in the member whose Telegram account a verified ``initData`` names (403 for
        a wrongly signed or stale one, an unknown account, or a role without the web app)."""
        ctx = self._ctx
        init_data = (await request.post()).get("init_data", "")
        user_id = verified_user_id(
            init_data if isinstance(init_data, str) else "",
            ctx.bot_token or "",
            now=ctx.clock.now(),
            max_age_seconds=ctx.settings.init_data_max_age_seconds,
        )
        services = ctx.services
        member = (
            None
            if user_id is None
            else await services.members.find(Channel.TELEGRAM, str(user_id))
        )
        opened = None if member is None else await services.web_access.sign_in_member(member.id)
        if opened is None:
            message = ctx.texts.t("web.mini_app.refused")
            return self._pages.refusal(request, None, 403, message)
        raise self._signed_in(opened, framed=True)

    def _signed_in(self, opened: NewSession, *, framed: bool) -> web.HTTPSeeOther:
        settings = self._ctx.settings
        response = web.HTTPSeeOther(HOME, headers=HEADERS)
        cross_site = framed and settings.secure
        response.set_cookie(
            COOKIE,
            opened.session_id,
            max_age=settings.session_hours * 3600,
            path="/web",
            httponly=True,
            samesite="None" if cross_site else "Lax",
            secure=settings.secure,
            partitioned=True if cross_site else None,
        )
        return response

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        """End the session (the form's CSRF token must match) and forget the cookie."""
        session_id = request.cookies.get(COOKIE, "")
        token = (await request.post()).get(CSRF_FIELD, "")
        if session_id and not csrf_valid(session_id, token if isinstance(token, str) else ""):
            message = self._ctx.texts.t("web.refused.csrf")
            return self._pages.refusal(request, None, 403, message)
        await self._ctx.services.web_access.end(session_id)
        response = web.HTTPSeeOther(SIGNED_OUT, headers=HEADERS)
        response.del_cookie(COOKIE, path="/web")
        raise response

    async def expired(self, request: web.Request) -> web.StreamResponse:
        """Where an expired, used or unknown link or session leads."""
        texts = self._ctx.texts
        return self._pages.render(
            request,
            None,
            "message.html",
            title=texts.t("web.page.expired_title"),
            message=texts.t("web.page.expired"),
        )

    async def signed_out(self, request: web.Request) -> web.StreamResponse:
        """Said after signing out."""
        texts = self._ctx.texts
        return self._pages.render(
            request,
            None,
            "message.html",
            title=texts.t("web.page.signed_out_title"),
            message=texts.t("web.page.signed_out"),
        )
