"""Broadcasts (thông báo) on the web: the list, the delivery report with who has not received
a broadcast, and cancelling a scheduled one. Composing: :mod:`.broadcasts_compose`.

Who may use them is who may use ``/thongbao`` in chat (unit heads, the Office, admins); the
service shows a unit head only their own broadcasts, and a forged id is "not found".
"""

from __future__ import annotations

from aiohttp import web

from bot.dates import moment_text
from bot.roles import UNIT_HEADS
from bot.services.broadcasts import (
    OFFICE_AUDIENCES,
    UNIT_AUDIENCES,
    AudienceKind,
    BroadcastSummary,
    NotReached,
    outcome_text,
)
from bot.web.pages.broadcasts_compose import add_compose_routes
from bot.web.pages_core import NavItem, Pages, Viewer, see_other

NAV: tuple[NavItem, ...] = (NavItem("/web/thong-bao", "web.broadcasts.nav", UNIT_HEADS),)
PER_PAGE = 20
PEOPLE_PER_PAGE = 50
#: Names of a broadcast's states (literal keys, so the catalogue test sees them used).
STATES = {
    "scheduled": "broadcast.state.scheduled",
    "sending": "broadcast.state.sending",
    "done": "broadcast.state.done",
    "cancelled": "broadcast.state.cancelled",
}
#: Where a delivery stands, in words.
STATUSES = {
    "pending": "web.broadcasts.status_pending",
    "sending": "web.broadcasts.status_pending",
    "sent": "web.broadcasts.status_sent",
    "blocked": "web.broadcasts.status_blocked",
    "unreachable": "web.broadcasts.status_unreachable",
    "failed": "web.broadcasts.status_failed",
    "waiting": "web.broadcasts.status_waiting",
    "skipped": "web.broadcasts.status_skipped",
}
CHANNELS = {
    "telegram": "web.broadcasts.channel_telegram",
    "zalo": "web.broadcasts.channel_zalo",
    "zalo_oa": "web.broadcasts.channel_zalo_oa",
    "console": "web.broadcasts.channel_console",
}


def _page_number(request: web.Request) -> int:
    raw = request.query.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() and len(raw) < 7 else 1


def add_routes(pages: Pages) -> None:
    """Serve the list, the report, the cancel confirmation and the compose pages."""
    services, texts = pages.ctx.services, pages.ctx.texts
    zone = services.broadcasts.zone

    def audience_name(row: BroadcastSummary) -> str:
        kind = row.audience.kind
        own_unit = bool(row.audience.units) and kind is not AudienceKind.UNITS
        key = (UNIT_AUDIENCES if own_unit else OFFICE_AUDIENCES).get(kind)
        return texts.t(key) if key else texts.t("web.broadcasts.audience_other")

    async def listing(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        page = _page_number(request)
        rows, total = await services.broadcasts.page(
            viewer.member, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
        )
        shown = [
            {
                "row": row,
                "state": texts.t(STATES.get(row.state, STATES["done"])),
                "audience": audience_name(row),
                "starts": moment_text(row.starts_at, zone),
            }
            for row in rows
        ]
        return pages.render(
            request,
            viewer,
            "broadcast_list.html",
            title=texts.t("web.broadcasts.list_title"),
            rows=shown,
            page=page,
            pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        )

    def person(row: NotReached) -> dict[str, str]:
        # Why, where it helps: the platform's refusal of a failed send, or the OA's rule a
        # waiting one is held by; the state says the rest.
        reason = ""
        if row.status == "waiting":
            reason = outcome_text(texts, row.outcome)
        elif row.status == "failed":
            reason = row.error
        return {
            "name": row.full_name,
            "unit": row.unit,
            "status": texts.t(STATUSES.get(row.status, "web.broadcasts.status_pending")),
            "channel": "" if row.status == "unreachable" else channel_name(row.channel),
            "reason": reason,
        }

    def channel_name(value: str) -> str:
        return texts.t(CHANNELS[value]) if value in CHANNELS else value

    async def report(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        broadcast_id = int(request.match_info["id"])
        search = request.query.get("q", "")[:100]
        page = _page_number(request)
        view = await services.broadcasts.view(viewer.member, broadcast_id)
        found = await services.broadcasts.report(
            viewer.member,
            broadcast_id,
            search=search,
            offset=(page - 1) * PEOPLE_PER_PAGE,
            limit=PEOPLE_PER_PAGE,
        )
        counts = view.counts
        return pages.render(
            request,
            viewer,
            "broadcast_report.html",
            title=texts.t("web.broadcasts.report_title", id=broadcast_id),
            view=view,
            state=texts.t(STATES.get(view.state, STATES["done"])),
            starts=moment_text(view.starts_at, zone),
            counts=counts,
            pending=max(counts.total - counts.settled, 0),
            channels=[
                (channel_name(c), texts.t(STATUSES.get(s, STATUSES["pending"])), n)
                for c, s, n in found.by_channel
            ],
            report=found,
            people=[person(p) for p in found.people],
            search=search,
            page=page,
            pages=max((found.matching + PEOPLE_PER_PAGE - 1) // PEOPLE_PER_PAGE, 1),
        )

    async def ask_cancel(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        broadcast_id = int(request.match_info["id"])
        view = await services.broadcasts.view(viewer.member, broadcast_id)
        return pages.render(
            request,
            viewer,
            "broadcast_cancel.html",
            title=texts.t("web.broadcasts.cancel_title", id=broadcast_id),
            view=view,
            scheduled=view.state == "scheduled",
            starts=moment_text(view.starts_at, zone),
        )

    async def cancel(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        broadcast_id = int(request.match_info["id"])
        await services.broadcasts.cancel(viewer.member, broadcast_id)
        raise see_other(f"/web/thong-bao/{broadcast_id}", notice="broadcasts.cancelled")

    pages.get("/web/thong-bao", listing, roles=UNIT_HEADS)
    add_compose_routes(pages)
    pages.get(r"/web/thong-bao/{id:\d{1,9}}", report, roles=UNIT_HEADS)
    pages.get(r"/web/thong-bao/{id:\d{1,9}}/huy", ask_cancel, roles=UNIT_HEADS)
    pages.post(r"/web/thong-bao/{id:\d{1,9}}/huy", cancel, roles=UNIT_HEADS)
