"""Printable invite cards: the members who have no account yet, chosen on a list, each get a
new personal invite printed as a card — name, unit, a QR code of the Telegram deep link and
the ``thamgia <code>`` line for Zalo — several cards to an A4 page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import segno
from aiohttp import web

from bot.dates import day_text
from bot.services.people import PersonalInvite
from bot.web.forms import FormState
from bot.web.pages.people import READERS, filter_units, member_query, pager_url
from bot.web.pages_core import NavItem, Pages, Viewer

#: The most cards one print may make (a training session's worth, many times over).
CARDS_MAX = 500
PAGE_SIZE = 100

NAV: tuple[NavItem, ...] = (NavItem("/web/loi-moi", "web.invite_cards.nav", READERS),)


@dataclass(frozen=True, slots=True)
class Card:
    """One printed invite."""

    full_name: str
    unit: str
    code: str
    expires: str
    #: The Telegram deep link and its QR code as a ``data:`` URI ("" when the bot's name
    #: is unknown).
    link: str
    qr: str


def cards(pages: Pages, invites: Sequence[PersonalInvite]) -> list[Card]:
    """The cards of ``invites`` (their codes are shown now and never again)."""
    username = pages.ctx.bot_username
    made: list[Card] = []
    for invite in invites:
        link = f"https://t.me/{username}?start={invite.token}" if username else ""
        qr = segno.make(link, error="m").svg_data_uri(scale=3, border=2) if link else ""
        expires = day_text(invite.expires_at.date())
        made.append(Card(invite.full_name, invite.unit.name, invite.token, expires, link, qr))
    return made


def render_cards(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    invites: Sequence[PersonalInvite],
    summary: str = "",
) -> web.Response:
    """The print page of ``invites``."""
    return pages.render(
        request,
        viewer,
        "invite_cards.html",
        title=pages.ctx.texts.t("web.invite_cards.cards_title"),
        cards=cards(pages, invites),
        username=pages.ctx.bot_username,
        summary=summary,
    )


def add_routes(pages: Pages) -> None:
    """Serve ``/web/loi-moi`` (choose) and ``/web/loi-moi/in`` (make and print)."""
    texts = pages.ctx.texts

    async def choose(request: web.Request, viewer: Viewer, problem: str = "") -> web.Response:
        query = member_query(request, PAGE_SIZE, without_account=True)
        found = await pages.ctx.services.directory.members(viewer.member, query)
        units = await filter_units(pages, viewer)
        names = ("q", "don_vi")
        return pages.render(
            request,
            viewer,
            "invite_choose.html",
            status=400 if problem else 200,
            title=texts.t("web.invite_cards.title"),
            found=found,
            units=units,
            form=FormState(values={k: request.query.get(k, "") for k in names}),
            pager_url=pager_url(request),
            problem=problem,
        )

    async def show(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await choose(request, viewer)

    async def make(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        posted = await request.post()
        ids = [int(v) for v in posted.getall("m", []) if isinstance(v, str) and v.isdigit()]
        if not ids or len(ids) > CARDS_MAX:
            return await choose(request, viewer, texts.t("web.invite_cards.nobody"))
        invites = await pages.ctx.services.staff_import.invite(viewer.member, ids)
        return render_cards(pages, request, viewer, invites)

    pages.get("/web/loi-moi", show, roles=READERS)
    pages.post("/web/loi-moi/in", make, roles=READERS)
