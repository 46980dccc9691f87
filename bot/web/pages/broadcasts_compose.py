"""Composing a broadcast on the web: the form, the head count, the preview as recipients see
it, and the confirmation that queues it — through the same service calls as ``/thongbao``.

The confirmation form carries a one-time key minted with the preview; the service queues one
broadcast per key, so posting the same form again (a double click without scripts, a resubmit
after Back, a second tab) leads to the broadcast already queued with a notice.
"""

from __future__ import annotations

import re
import secrets

from aiohttp import web
from markupsafe import Markup

from bot import errors
from bot.dates import moment_text
from bot.roles import OFFICE, ROLE_NAMES, UNIT_HEADS
from bot.services.broadcasts import AudienceKind, BroadcastPreview
from bot.web.forms import FormState
from bot.web.pages.broadcasts_form import Composed, Limits, audiences_for, read
from bot.web.pages_core import Pages, Viewer, see_other

NEW = "/web/thong-bao/moi"
#: The confirmation's one-time key as the preview mints it (``secrets.token_urlsafe``).
ONCE = "once"
_ONCE_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class Compose:
    """The compose pages of one web app."""

    def __init__(self, pages: Pages) -> None:
        """Compose through ``pages``' services."""
        self._pages = pages
        self._services = pages.ctx.services
        self._texts = pages.ctx.texts

    async def _limits(self, viewer: Viewer) -> Limits:
        units = await self._services.units.list_active() if viewer.member.role in OFFICE else []
        return Limits(
            member=viewer.member,
            units=tuple(units),
            max_text=self._services.broadcasts.max_text,
            zone=self._services.broadcasts.zone,
            now=self._pages.ctx.clock.now(),
            texts=self._texts,
        )

    def _form_page(
        self,
        request: web.Request,
        viewer: Viewer,
        given: Limits,
        composed: Composed,
        *,
        status: int = 200,
        count: BroadcastPreview | None = None,
        counted: bool = False,
    ) -> web.Response:
        return self._pages.render(
            request,
            viewer,
            "broadcast_compose.html",
            status=status,
            title=self._texts.t("web.broadcasts.compose_title"),
            form=composed.form,
            chosen_units=composed.units,
            chosen_roles=[r.value for r in composed.roles],
            audiences=[
                (k.value, self._texts.t(v)) for k, v in audiences_for(viewer.member).items()
            ],
            units=given.units,
            roles=[(r.value, self._texts.t(k)) for r, k in ROLE_NAMES.items()],
            office=viewer.member.role in OFFICE,
            max_text=given.max_text,
            count=count,
            counted=counted,
        )

    async def new(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """The empty form (everyone, now)."""
        given = await self._limits(viewer)
        blank = FormState(values={"audience": "everyone", "when": "now"})
        return self._form_page(request, viewer, given, Composed(blank, (), (), None))

    async def posted(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """The form posted: count the audience, preview, go back to edit, or send."""
        given = await self._limits(viewer)
        data = await request.post()
        action = str(data.get("action", "preview"))
        if action == "count":
            return await self._head_count(request, viewer, given, read(data, given, whole=False))
        composed = read(data, given, whole=True)
        if action == "edit" or composed.draft is None:
            status = 200 if action == "edit" else 400
            return self._form_page(request, viewer, given, composed, status=status)
        if action == "send":
            return await self._send(request, viewer, given, composed)
        return await self._preview(request, viewer, given, composed)

    async def _head_count(
        self, request: web.Request, viewer: Viewer, given: Limits, composed: Composed
    ) -> web.Response:
        if composed.draft is None:
            return self._form_page(request, viewer, given, composed, status=400)
        try:
            count = await self._services.broadcasts.preview(viewer.member, composed.draft)
        except errors.EmptyAudience:
            count = None
        return self._form_page(request, viewer, given, composed, count=count, counted=True)

    async def _preview(
        self, request: web.Request, viewer: Viewer, given: Limits, composed: Composed
    ) -> web.Response:
        assert composed.draft is not None
        try:
            shown = await self._services.broadcasts.preview(viewer.member, composed.draft)
        except (errors.EmptyAudience, errors.SendTimeInPast) as problem:
            return self._refused(request, viewer, given, composed, problem)
        return self._pages.render(
            request,
            viewer,
            "broadcast_confirm.html",
            title=self._texts.t("web.broadcasts.confirm_title"),
            form=composed.form,
            chosen_units=composed.units,
            chosen_roles=[r.value for r in composed.roles],
            # The catalogue's markup with the sender's values escaped, as chat shows it.
            message=Markup(shown.message),  # noqa: S704
            preview=shown,
            audience=self._audience_name(viewer, composed, given),
            starts=moment_text(shown.starts_at, given.zone),
            scheduled=composed.draft.send_at is not None,
            once=secrets.token_urlsafe(16),
        )

    async def _send(
        self, request: web.Request, viewer: Viewer, given: Limits, composed: Composed
    ) -> web.StreamResponse:
        assert composed.draft is not None
        once = str(composed.form.value(ONCE))
        if not _ONCE_KEY.fullmatch(once):
            # Not from a confirmation page: show one, whose key makes the sending once.
            return await self._preview(request, viewer, given, composed)
        broadcasts = self._services.broadcasts
        try:
            made = await broadcasts.create(viewer.member, composed.draft, None, once=once)
        except (errors.EmptyAudience, errors.SendTimeInPast) as problem:
            return self._refused(request, viewer, given, composed, problem)
        except errors.BroadcastAlreadyQueued as repeated:
            earlier = repeated.params["id"]
            raise see_other(
                f"/web/thong-bao/{earlier}", notice="broadcasts_once.repeated"
            ) from None
        raise see_other(f"/web/thong-bao/{made.id}", notice="broadcasts.queued")

    def _refused(
        self,
        request: web.Request,
        viewer: Viewer,
        given: Limits,
        composed: Composed,
        problem: errors.DomainError,
    ) -> web.Response:
        field = "day" if isinstance(problem, errors.SendTimeInPast) else "audience"
        key = (
            "web.broadcasts.error_past"
            if isinstance(problem, errors.SendTimeInPast)
            else problem.text_key
        )
        composed.form.refuse(field, self._texts.t(key))
        return self._form_page(request, viewer, given, composed, status=400)

    def _audience_name(self, viewer: Viewer, composed: Composed, given: Limits) -> str:
        # The audience as the preview names it, with the units or roles chosen.
        assert composed.draft is not None
        audience = composed.draft.audience
        name = self._texts.t(audiences_for(viewer.member)[audience.kind])
        named: list[str] = []
        if audience.kind is AudienceKind.UNITS:
            names = {u.id: u.name for u in given.units}
            named = [names[u] for u in audience.units if u in names]
        elif audience.kind is AudienceKind.ROLES:
            named = [self._texts.t(ROLE_NAMES[r]) for r in audience.roles]
        return f"{name}: {', '.join(named)}" if named else name


def add_compose_routes(pages: Pages) -> None:
    """Serve ``/web/thong-bao/moi`` (GET: the form; POST: count, preview, edit or send)."""
    compose = Compose(pages)
    pages.get(NEW, compose.new, roles=UNIT_HEADS)
    pages.post(NEW, compose.posted, roles=UNIT_HEADS)
