"""Members and units: the list of who works where (search with or without diacritics, filter
by unit and role, a page at a time), a member's page with the move and leave forms the chat
has (the same service, audit and notices), and the units with their head counts."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from aiohttp import web

from bot.dates import day_text, read_day
from bot.domain import LeaveReason
from bot.roles import OFFICE, ROLE_NAMES, Role
from bot.services.common import UnitView
from bot.services.people import MemberQuery, MemberRow
from bot.web.forms import LINE_MAX, FormState, typed
from bot.web.pages_core import NavItem, Pages, Viewer, see_other

#: The Office (and administrators) and unit heads: the roster's readers (``RosterService``).
READERS = frozenset(OFFICE | {Role.UNIT_HEAD})
PAGE_SIZE = 50

NAV: tuple[NavItem, ...] = (
    NavItem("/web/can-bo", "web.people.nav", READERS),
    NavItem("/web/don-vi", "web.units.nav", READERS),
)


def add_routes(pages: Pages) -> None:
    """Serve ``/web/can-bo``, ``/web/can-bo/{id}`` (+ its two forms) and ``/web/don-vi``."""
    texts = pages.ctx.texts

    async def members(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        query = member_query(request, PAGE_SIZE)
        found = await pages.ctx.services.directory.members(viewer.member, query)
        units = await pages.ctx.services.directory.units(viewer.member)
        names = ("q", "don_vi", "vai_tro")
        filters = FormState(values={k: request.query.get(k, "") for k in names})
        return pages.render(
            request,
            viewer,
            "members.html",
            title=texts.t("web.people.title"),
            found=found,
            form=filters,
            units=units,
            roles=list(Role),
            role_names=role_names(pages),
            pager_url=pager_url(request),
        )

    async def member(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await _member_page(pages, request, viewer, FormState(), FormState(), 200)

    async def move(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = typed(await request.post())
        unit, day = form.value("unit"), _day(form, texts.t("web.people.bad_day"))
        if not unit:
            form.refuse("unit", texts.t("web.people.pick_unit"))
        _limit(form, "reason", texts.t("web.people.too_long", max=LINE_MAX))
        if not form.ok or day is None:
            return await _member_page(pages, request, viewer, form, FormState(), 400)
        member_id = int(request.match_info["id"])
        await pages.ctx.services.member_changes.move(
            viewer.member, member_id, unit, day, form.value("reason")
        )
        raise see_other(f"/web/can-bo/{member_id}", notice="people.moved")

    async def leave(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = typed(await request.post())
        day = _day(form, texts.t("web.people.bad_day"))
        reasons = {reason.value: reason for reason in LeaveReason}
        if form.value("why") not in reasons:
            form.refuse("why", texts.t("web.people.pick_reason"))
        _limit(form, "note", texts.t("web.people.too_long", max=LINE_MAX))
        if not form.ok or day is None:
            return await _member_page(pages, request, viewer, FormState(), form, 400)
        member_id = int(request.match_info["id"])
        await pages.ctx.services.member_changes.leave(
            viewer.member, member_id, reasons[form.value("why")], day, form.value("note")
        )
        raise see_other("/web/can-bo", notice="people.left")

    async def units(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        rows = await pages.ctx.services.directory.units(viewer.member)
        title = texts.t("web.units.title")
        return pages.render(request, viewer, "units.html", title=title, units=rows)

    pages.get("/web/can-bo", members, roles=READERS)
    pages.get(r"/web/can-bo/{id:\d{1,12}}", member, roles=READERS)
    pages.post(r"/web/can-bo/{id:\d{1,12}}/chuyen", move, roles=READERS)
    pages.post(r"/web/can-bo/{id:\d{1,12}}/nghi", leave, roles=READERS)
    pages.get("/web/don-vi", units, roles=READERS)


def member_query(request: web.Request, size: int, *, without_account: bool = False) -> MemberQuery:
    """The list's filters as the address gives them (anything unreadable is ignored)."""
    roles = {role.value: role for role in Role}
    page = request.query.get("page", "1")
    return MemberQuery(
        text=request.query.get("q", "")[:LINE_MAX],
        unit=request.query.get("don_vi", "")[:32],
        role=roles.get(request.query.get("vai_tro", "")),
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
        size=size,
        without_account=without_account,
    )


async def filter_units(pages: Pages, viewer: Viewer) -> list[UnitView]:
    """The units the list may be filtered by: every open unit, or a head's own."""
    if viewer.member.role in OFFICE:
        return await pages.ctx.services.units.list_active()
    return [viewer.member.unit]


def role_names(pages: Pages) -> dict[Role, str]:
    """Each role's Vietnamese name."""
    return {role: pages.ctx.texts.t(key) for role, key in ROLE_NAMES.items()}


def pager_url(request: web.Request) -> str:
    """The list's address with its filters, ready for ``page=<n>``."""
    kept = [(k, v) for k, v in request.query.items() if k not in ("page", "tb")]
    query = urlencode(kept)
    return f"{request.path}?{query}&page=" if query else f"{request.path}?page="


async def _member_page(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    move_form: FormState,
    leave_form: FormState,
    status: int,
) -> web.Response:
    member_id = int(request.match_info["id"])
    shown = await pages.ctx.services.directory.member(viewer.member, member_id)
    today = day_text(pages.ctx.clock.now().date())
    for form in (move_form, leave_form):
        form.values.setdefault("day", today)
    # A unit head moves their staff to any open unit, as in chat: the service decides.
    units = await pages.ctx.services.units.list_active()
    return pages.render(
        request,
        viewer,
        "member.html",
        status=status,
        title=pages.ctx.texts.t("web.people.member_title", name=shown.full_name),
        shown=shown,
        move_form=move_form,
        leave_form=leave_form,
        units=[u for u in units if u.code != shown.unit_code],
        reasons=list(LeaveReason),
        role_names=role_names(pages),
        reason_names={r: pages.ctx.texts.t(f"org.leave_reason.{r.value}") for r in LeaveReason},
        may_act=_may_act(viewer, shown),
    )


def _may_act(viewer: Viewer, shown: MemberRow) -> bool:
    """Whether the chat lets the viewer move this member or record their leaving."""
    if viewer.member.role in OFFICE:
        return shown.id != viewer.member.id
    return viewer.member.role is Role.UNIT_HEAD and shown.role is Role.STAFF


def _day(form: FormState, message: str) -> date | None:
    typed_day = read_day(form.value("day"))
    day = None if typed_day is None else typed_day.date()
    if day is None:
        form.refuse("day", message)
    return day


def _limit(form: FormState, name: str, message: str) -> None:
    if len(form.value(name)) > LINE_MAX:
        form.refuse(name, message)
