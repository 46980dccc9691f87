"""Opening a council session from the web (``/web/phien-hop/mo``, the Office): an emulation
council, the groups of items under review it advises on (all chosen at first, as in chat), a
title. The items are those the page showed; if one was handled or put on another session
meanwhile the service refuses and nothing is opened."""

from __future__ import annotations

from aiohttp import web

from bot.roles import OFFICE
from bot.services.councils import TITLE_MAX, TITLE_MIN, ReviewGroup
from bot.web.forms import FormState, typed
from bot.web.pages_core import Pages, Viewer, see_other

PATH = "/web/phien-hop/mo"
TITLE, COUNCIL, CHOSEN, IDS = "title", "hd", "nhom-", "ids-"


def add_routes(pages: Pages) -> None:
    """Serve the opening form and open the session."""
    texts = pages.ctx.texts
    service = pages.ctx.services.council_sessions

    async def show(
        request: web.Request, viewer: Viewer, form: FormState | None = None, status: int = 200
    ) -> web.Response:
        councils = service.emulation_councils(viewer.member)
        wanted = form.value(COUNCIL) if form else request.query.get(COUNCIL, "")
        council = next(
            (c for c in councils if c.code == wanted), councils[0] if councils else None
        )
        groups = await service.reviewable(viewer.member, council.code) if council else ()
        if form is None:
            form = FormState(values={f"{CHOSEN}{g.award_code}": "1" for g in groups})
        return pages.render(
            request,
            viewer,
            "council_session_open.html",
            status=status,
            title=texts.t("web.council_sessions.open_title"),
            councils=councils,
            council=council,
            groups=groups,
            form=form,
            title_max=TITLE_MAX,
        )

    async def open_session(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = typed(await request.post())
        council = form.value(COUNCIL)
        groups = await service.reviewable(viewer.member, council)
        title = " ".join(form.value(TITLE).split())
        if not TITLE_MIN <= len(title) <= TITLE_MAX:
            form.refuse(TITLE, texts.t("council.session.error.title"))
        items = _items(form, groups)
        if not items:
            form.refuse("groups", texts.t("web.council_sessions.none_chosen"))
        if not form.ok:
            return await show(request, viewer, form, 400)
        opened = await service.open(viewer.member, council, title, items)
        raise see_other(f"/web/phien-hop/{opened.id}", notice="council_sessions.opened")

    pages.get(PATH, show, roles=OFFICE)
    pages.post(PATH, open_session, roles=OFFICE)


def _items(form: FormState, groups: tuple[ReviewGroup, ...]) -> list[int]:
    """The items of the groups chosen, as the page showed them (the service checks each is
    still under review and free)."""
    items: list[int] = []
    for group in groups:
        if form.value(f"{CHOSEN}{group.award_code}") != "1":
            continue
        shown = form.value(f"{IDS}{group.award_code}").split(",")
        items += [int(i) for i in shown if i.isascii() and i.isdigit()]
    return items
