"""The initiatives desk: the review queue ``/web/sang-kien`` and an item's whole dossier
``/web/sang-kien/{id}``; the forms acting on it are in :mod:`bot.web.pages.initiative_actions`.

Who sees what is the chat's rule, checked by the services: reviewers the whole queue and any
item, a unit head their own unit's (another unit's item by a forged address is refused with
403, an unknown one is 404).
"""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from bot.domain import InitiativeState
from bot.roles import REVIEWERS, Role
from bot.services.initiatives import DeskFilter
from bot.web.pages import initiative_actions
from bot.web.pages.initiative_dossier import item_id, show_dossier
from bot.web.pages_core import NavItem, Pages, Viewer

QUEUE = "/web/sang-kien"
#: Who uses the desk: reviewers and unit heads (the chat's ``/duyet`` and ``/cuatoi``).
DESK: frozenset[Role] = REVIEWERS | {Role.UNIT_HEAD}
NAV: tuple[NavItem, ...] = (NavItem(QUEUE, "web.initiatives.nav", DESK),)
PAGE_SIZE = 25
#: The states offered as filters, in the order of the review (withdrawn ones last).
STATES = (
    InitiativeState.SUBMITTED,
    InitiativeState.RECEIVED,
    InitiativeState.RESUBMITTED,
    InitiativeState.RETURNED,
    InitiativeState.UNDER_REVIEW,
    InitiativeState.EVALUATED,
    InitiativeState.RECOGNIZED,
    InitiativeState.NOT_RECOGNIZED,
    InitiativeState.APPLIED,
    InitiativeState.WITHDRAWN,
)


def add_routes(pages: Pages) -> None:
    """Serve the queue, the dossier and the forms acting on it."""

    async def queue(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await show_queue(pages, request, viewer)

    async def item(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await show_dossier(pages, request, viewer, item_id(request))

    pages.get(QUEUE, queue, roles=DESK)
    pages.get(QUEUE + "/{id}", item, roles=DESK)
    initiative_actions.add_routes(pages, DESK, item)


def _whole(text: str) -> int | None:
    return int(text) if text.isdecimal() and len(text) <= 9 else None


async def show_queue(pages: Pages, request: web.Request, viewer: Viewer) -> web.Response:
    """One page of the queue under the filters of the address (unknown values are ignored)."""
    query = request.query
    state_value = query.get("trang-thai", "")
    state = next((s for s in STATES if s.value == state_value), None)
    head = viewer.member.role not in REVIEWERS
    units = [] if head else await pages.ctx.services.units.list_active()
    unit_id = _whole(query.get("don-vi", ""))
    unit = next((u for u in units if u.id == unit_id), None)
    search = " ".join(query.get("q", "").split())[:100]
    page_number = _whole(query.get("page", "")) or 1
    where = DeskFilter(state=state, unit_id=None if unit is None else unit.id, search=search)
    found = await pages.ctx.services.initiatives.desk(
        viewer.member, where, page_number - 1, PAGE_SIZE
    )
    kept = {
        "trang-thai": "" if state is None else state.value,
        "don-vi": "" if unit is None else str(unit.id),
        "q": search,
    }
    params = urlencode({name: value for name, value in kept.items() if value})
    return pages.render(
        request,
        viewer,
        "initiatives.html",
        title=pages.ctx.texts.t("web.initiatives.title"),
        found=found,
        states=STATES,
        units=units,
        chosen=kept,
        head=head,
        pager_url=f"{QUEUE}?{params}{'&' if params else ''}page=",
        filtered=bool(params),
    )
