"""Council sessions (``/web/phien-hop``): the sessions a member votes in or the Office runs;
a session's items with a ballot per item for a seated member (one form, all votes or none),
and for the Office the votes so far, the results and closing it. The same service calls as
``/bophieu`` and ``/phienhop`` in chat, so every rule and audit entry is the same."""

from __future__ import annotations

from aiohttp import web

from bot import errors
from bot.roles import OFFICE
from bot.services.councils import (
    CLOSED,
    RESULT_NAMES,
    AgendaItem,
    BallotSession,
    SessionView,
    percent,
)
from bot.web.forms import FormState, typed
from bot.web.pages import council_session_open
from bot.web.pages_core import NavItem, Pages, Viewer, see_other

NAV: tuple[NavItem, ...] = (NavItem("/web/phien-hop", "web.council_sessions.nav"),)

#: A ballot field per item: ``phieu-<item id>`` = ``dong-y`` / ``khong``.
FIELD = "phieu-"
CHOICES = {"dong-y": True, "khong": False}


def add_routes(pages: Pages) -> None:
    """Serve the list, a session, voting and closing."""
    texts = pages.ctx.texts
    service = pages.ctx.services.council_sessions

    async def listing(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        member = viewer.member
        runs: tuple[SessionView, ...] = ()
        if member.role in OFFICE:
            runs = await service.sessions(member)
        ballots = await _ballots(pages, viewer)
        title = texts.t("web.council_sessions.title")
        return pages.render(
            request,
            viewer,
            "council_sessions.html",
            title=title,
            runs=runs,
            ballots=ballots,
            office=member.role in OFFICE,
        )

    async def show(
        request: web.Request, viewer: Viewer, form: FormState | None = None, status: int = 200
    ) -> web.Response:
        session_id = _id(request)
        member = viewer.member
        agenda = await service.agenda(member, session_id)
        ballot = next((b for b in await _ballots(pages, viewer) if b.id == session_id), None)
        progress = results = None
        if member.role in OFFICE:
            progress = await service.progress(member, session_id)
            if progress.session.state == CLOSED:
                results = await service.results(member, session_id)
        head = progress.session if progress else None
        title = texts.t("web.council_sessions.session_title", code=_code(head, ballot))
        return pages.render(
            request,
            viewer,
            "council_session.html",
            status=status,
            title=title,
            session_id=session_id,
            head=head,
            ballot=ballot,
            agenda=agenda,
            votable=[item for item in agenda if item.may_vote] if ballot else [],
            progress=progress,
            results=results,
            result_names=RESULT_NAMES,
            percent=percent,
            form=form or FormState(),
        )

    async def vote(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        session_id = _id(request)
        form = typed(await request.post())
        agenda = await service.agenda(viewer.member, session_id)
        choices = _choices(form, agenda, texts.t("web.council_sessions.bad_choice"))
        if form.ok and not choices:
            form.refuse("ballot", texts.t("web.council_sessions.nothing_chosen"))
        if not form.ok:
            return await show(request, viewer, form, 400)
        await service.vote_many(viewer.member, session_id, choices)
        raise see_other(f"/web/phien-hop/{session_id}", notice="council_sessions.voted")

    async def close(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        await service.close(viewer.member, _id(request))
        raise see_other(f"/web/phien-hop/{_id(request)}", notice="council_sessions.closed")

    pages.get("/web/phien-hop", listing)
    pages.get("/web/phien-hop/{id:\\d+}", show)
    pages.post("/web/phien-hop/{id:\\d+}/bo-phieu", vote)
    pages.post("/web/phien-hop/{id:\\d+}/ket-thuc", close, roles=OFFICE)
    council_session_open.add_routes(pages)


async def _ballots(pages: Pages, viewer: Viewer) -> tuple[BallotSession, ...]:
    """The open sessions of the councils the viewer sits on (none when they sit on none)."""
    try:
        return await pages.ctx.services.council_sessions.open_sessions(viewer.member)
    except errors.NotSeated:
        return ()


def _code(head: SessionView | None, ballot: BallotSession | None) -> str:
    """The session's code, from the Office's view or the member's ballot."""
    return head.code if head else (ballot.code if ballot else "")


def _id(request: web.Request) -> int:
    return int(request.match_info["id"])


def _choices(form: FormState, agenda: tuple[AgendaItem, ...], bad: str) -> dict[int, bool]:
    """The votes chosen, item id → agree; an unknown choice is marked on its item.

    An item the member may not vote on (voted meanwhile, a stake) is passed to the service
    anyway, which refuses the whole ballot with its own reason."""
    known = {str(item.item_id) for item in agenda}
    chosen: dict[int, bool] = {}
    for name, value in form.values.items():
        if not name.startswith(FIELD) or not value:
            continue
        item = name.removeprefix(FIELD)
        if item not in known or value not in CHOICES:
            form.refuse(name if item in known else "ballot", bad)
            continue
        chosen[int(item)] = CHOICES[value]
    return chosen
