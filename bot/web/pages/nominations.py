"""The nominations desk (khen thưởng): the queue with filters and accent-free search, and one
nomination's whole dossier with the actions the chat offers (:mod:`bot.web.pages.nominations_act`).

Who sees what is the chat's rule, checked in the service: reviewers see every nomination, a
unit head their unit's and those they filed; another unit's item by a forged address is 403.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup

from bot import errors
from bot.domain import NominationState, NomineeKind
from bot.roles import OFFICE
from bot.services.documents import SubjectKind
from bot.services.nominations import (
    ACTION_LABELS,
    DECIDED,
    KINDS,
    SEARCH_MAX,
    STATE_NAMES,
    TRACK_NAMES,
    WAITING_FOR_DECISION,
    NominationQuery,
    NominationView,
    actions_for,
    stake_in,
)
from bot.web.forms import FormState
from bot.web.pages import nominations_act
from bot.web.pages_core import NavItem, Pages, Viewer

QUEUE = "/web/khen-thuong"
PAGE_SIZE = 20
#: The states the queue filters by, in the order of the review.
FILTER_STATES = tuple(s for s in STATE_NAMES if s is not NominationState.WITHDRAWN)

NAV: tuple[NavItem, ...] = (NavItem(QUEUE, "web.nominations.nav"),)


def add_routes(pages: Pages) -> None:
    """Serve the queue, a dossier and its actions."""

    async def queue(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        query = request.query
        filters = FormState(
            values={
                "trang-thai": query.get("trang-thai", ""),
                "don-vi": query.get("don-vi", ""),
                "danh-hieu": query.get("danh-hieu", ""),
                "q": query.get("q", "")[:SEARCH_MAX],
            }
        )
        wanted = NominationQuery(
            state=_state(filters.value("trang-thai")),
            unit_id=_number(filters.value("don-vi")),
            award_code=filters.value("danh-hieu"),
            text=filters.value("q"),
            page=(_number(query.get("trang", "")) or 1) - 1,
            size=PAGE_SIZE,
        )
        services = pages.ctx.services
        found = await services.nominations.browse(viewer.member, wanted)
        units, awards = await services.nominations.filter_choices(viewer.member)
        kept = {k: v for k, v in filters.values.items() if v}
        texts = pages.ctx.texts
        every = texts.t("web.nominations.any")
        return pages.render(
            request,
            viewer,
            "nominations.html",
            title=texts.t("web.nominations.title"),
            filters=filters,
            found=found,
            states=[("", every), *((s.value, texts.t(STATE_NAMES[s])) for s in FILTER_STATES)],
            units=[("", every), *((u.value, u.name) for u in units)],
            awards=[("", every), *((a.value, a.name) for a in awards)],
            state_names={s.value: k for s, k in STATE_NAMES.items()},
            track_names={t.value: k for t, k in TRACK_NAMES.items()},
            pager_url=f"{QUEUE}?{urlencode({**kept, 'trang': ''})}",
        )

    async def item(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        view = await pages.ctx.services.nominations.dossier(viewer.member, _id(request))
        return pages.render(
            request,
            viewer,
            "nomination.html",
            title=Markup(pages.ctx.texts.t("web.nominations.item_title", code=view.code)),  # noqa: S704
            **dossier_context(pages, viewer, view),
        )

    pages.get(QUEUE, queue)
    pages.get(QUEUE + "/{id:\\d+}", item)
    nominations_act.add_routes(pages, item)


def dossier_context(pages: Pages, viewer: Viewer, view: NominationView) -> dict[str, Any]:
    """What the dossier page shows of ``view`` to ``viewer``: fields, names, actions, links."""
    member = viewer.member
    services = pages.ctx.services
    stake = stake_in(member, view)
    actions = actions_for(
        view.state,
        member.role,
        is_nominator=member.id == view.nominator_id,
        has_stake=stake,
        by_session=services.nominations.by_session(view.award_code),
    )
    documents = services.documents.shows_documents(
        member, SubjectKind.NOMINATION, unit_id=view.unit_id
    )
    return {
        "item": view,
        "state_key": STATE_NAMES[view.state],
        "track_key": TRACK_NAMES[view.track],
        "kind_key": KINDS[NomineeKind(view.nominee_kind)],
        "state_names": {s.value: k for s, k in STATE_NAMES.items()},
        "decided": DECIDED,
        "actions": [(a.value, ACTION_LABELS[a]) for a in actions],
        "decision_due": member.role in OFFICE and view.state in WAITING_FOR_DECISION,
        "documents_url": f"/web/van-ban/{view.code}" if documents else "",
    }


def _state(value: str) -> NominationState | None:
    known = {s.value: s for s in FILTER_STATES}
    return known.get(value)


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def _id(request: web.Request) -> int:
    value = _number(request.match_info["id"])
    if value is None:
        raise errors.NominationNotFound
    return value
