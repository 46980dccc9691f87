"""The signed-in pages' common path: who is asking, may they, is the form genuine, and how a
refusal of the services is shown.

Every page handler is registered through :class:`Pages`, which resolves the session cookie to
the member (the same services and role checks as the chat), refuses a role the page is not
for (403), checks the CSRF token of every POST (403), maps the services' refusals once — a
``NotAllowed`` to 403, an unknown item to 404, any other refusal to 409 with its Vietnamese
text — and puts the security headers on every answer, errors included. A form acting on an
item names the item's page: its 409 (the item moved meanwhile) is that page as it is now, with
the reason at the top, so nothing stale is acted on again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web

from bot import errors
from bot.roles import WEB, Role
from bot.services.common import MemberView
from bot.web.context import WebContext
from bot.web.security import CSRF_FIELD, CSRF_HEADER, HEADERS, csrf_token, csrf_valid

COOKIE = "thidua_phien"
EXPIRED = "/web/het-han"
#: A notice shown once after an action (``?tb=<name>``): only names under ``web.notice``.
NOTICE = "tb"

NOT_FOUND: tuple[type[errors.DomainError], ...] = (
    errors.InitiativeNotFound,
    errors.NominationNotFound,
    errors.ReportNotFound,
    errors.SessionNotFound,
    errors.BroadcastNotFound,
    errors.VoteListNotFound,
    errors.ListingNotFound,
    errors.MemberNotFound,
    errors.DocumentSubjectNotFound,
    errors.UnknownUnit,
    errors.AttachmentNotFound,
)


_TITLES = {
    403: "web.refused.title_forbidden",
    404: "web.refused.title_not_found",
    409: "web.refused.title_refused",
    413: "web.refused.title_too_large",
}


@dataclass(frozen=True, slots=True)
class NavItem:
    """A link of the top menu, shown to ``roles``."""

    path: str
    label: str  # a text key
    roles: frozenset[Role] = WEB


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in member of a request, the CSRF token their forms carry, and why their
    form was refused when the page is shown again instead (its item as it is now)."""

    member: MemberView
    csrf: str
    refused: str = ""


PageHandler = Callable[[web.Request, Viewer], Awaitable[web.StreamResponse]]


class Pages:
    """Registers the signed-in pages of one application and renders them."""

    def __init__(self, app: web.Application, ctx: WebContext, nav: tuple[NavItem, ...]) -> None:
        """Pages are added to ``app``; ``nav`` is the whole top menu."""
        self._app = app
        self.ctx = ctx
        self._nav = nav

    def get(self, path: str, handler: PageHandler, *, roles: Collection[Role] = WEB) -> None:
        """Serve ``handler`` for GET ``path`` to ``roles``."""
        self._app.router.add_get(path, self._guarded(handler, frozenset(roles), post=False))

    def post(
        self,
        path: str,
        handler: PageHandler,
        *,
        roles: Collection[Role] = WEB,
        item: PageHandler | None = None,
    ) -> None:
        """Serve ``handler`` for POST ``path`` to ``roles``; the form must carry the token.

        ``item`` is the page of the item the form acts on (same address parameters): a 409
        refusal shows it refreshed with the reason at the top instead of a bare refusal.
        """
        guarded = self._guarded(handler, frozenset(roles), post=True, item=item)
        self._app.router.add_post(path, guarded)

    def render(
        self,
        request: web.Request,
        viewer: Viewer | None,
        template: str,
        *,
        status: int = 200,
        **context: Any,
    ) -> web.Response:
        """The page ``template`` with the menu, the member, the token and a one-time notice."""
        role = None if viewer is None else viewer.member.role
        nav = [item for item in self._nav if role is not None and role in item.roles]
        notice_key = f"web.notice.{request.query.get(NOTICE, '')}"
        notice = self.ctx.texts.t(notice_key) if self.ctx.texts.has(notice_key) else ""
        html = self.ctx.renderer.render(
            template,
            {
                "viewer": None if viewer is None else viewer.member,
                "csrf": "" if viewer is None else viewer.csrf,
                "nav": nav,
                "here": request.path,
                "notice": notice,
                "refused": "" if viewer is None else viewer.refused,
                **context,
            },
        )
        return web.Response(text=html, content_type="text/html", status=status, headers=HEADERS)

    def refusal(
        self, request: web.Request, viewer: Viewer | None, status: int, message: str
    ) -> web.Response:
        """A page saying why the request was refused."""
        title = self.ctx.texts.t(_TITLES.get(status, "web.refused.title_refused"))
        return self.render(
            request, viewer, "refused.html", status=status, title=title, message=message
        )

    async def _fresh(
        self, item: PageHandler, request: web.Request, viewer: Viewer, message: str
    ) -> web.StreamResponse:
        """The item's page as it is now, saying at the top why the form was refused (409)."""
        try:
            page = await item(request, replace(viewer, refused=message))
        except errors.DomainError:  # gone or out of reach meanwhile: the bare refusal
            return self.refusal(request, viewer, 409, message)
        page.set_status(409)
        return page

    def _guarded(
        self,
        handler: PageHandler,
        roles: frozenset[Role],
        *,
        post: bool,
        item: PageHandler | None = None,
    ) -> Any:
        async def guarded(request: web.Request) -> web.StreamResponse:
            session_id = request.cookies.get(COOKIE, "")
            signed = await self.ctx.services.web_access.current(session_id) if session_id else None
            if signed is None:
                if post:
                    raise web.HTTPForbidden(headers=HEADERS)
                raise web.HTTPSeeOther(EXPIRED, headers=HEADERS)
            viewer = Viewer(signed.member, csrf_token(session_id))
            texts = self.ctx.texts
            try:
                if signed.member.role not in roles:
                    return self.refusal(request, viewer, 403, texts.t("web.refused.role"))
                if post and not await _genuine(request, session_id):
                    return self.refusal(request, viewer, 403, texts.t("web.refused.csrf"))
                return await handler(request, viewer)
            except web.HTTPRequestEntityTooLarge:
                limit = self.ctx.settings.upload_max_mb
                return self.refusal(
                    request, viewer, 413, texts.t("web.refused.too_large", mb=limit)
                )
            except errors.DomainError as problem:
                message = texts.t(problem.text_key, **problem.params)
                if item is not None and _status(problem) == 409:
                    return await self._fresh(item, request, viewer, message)
                return self.refusal(request, viewer, _status(problem), message)

        return guarded


def _status(problem: errors.DomainError) -> int:
    """403 for a refused role or another unit's item, 404 for an unknown one, else 409."""
    if isinstance(problem, errors.NotAllowed):
        return 403
    return 404 if isinstance(problem, NOT_FOUND) else 409


async def _genuine(request: web.Request, session_id: str) -> bool:
    """Whether the POST carries the session's CSRF token (form field or header)."""
    token = request.headers.get(CSRF_HEADER, "")
    if not token and request.content_type in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        posted = (await request.post()).get(CSRF_FIELD, "")
        token = posted if isinstance(posted, str) else ""
    return csrf_valid(session_id, token)


def see_other(path: str, notice: str = "") -> web.HTTPSeeOther:
    """Redirect after a successful POST, with a one-time notice (a name under
    ``web.notice``)."""
    location = f"{path}{'&' if '?' in path else '?'}{NOTICE}={notice}" if notice else path
    return web.HTTPSeeOther(location, headers=HEADERS)
