"""Units' vote lists (``/web/binh-xet``): the lists a unit head or the Office may see, and a
list as one table — editable and sent again in one POST while the Office has returned it,
read-only otherwise, new minutes replacing the old when uploaded — with the Office's receiving
and returning; a unit's first list is made in :mod:`~bot.web.pages.vote_list_create`. The same
service calls as ``/binhxet`` in chat, so the rules, the audit entries and the notices are the
same."""

from __future__ import annotations

from aiohttp import web

from bot import errors
from bot.dates import examples
from bot.roles import OFFICE, UNIT_HEADS
from bot.services.vote_lists import ListState
from bot.web.forms import FormState, typed
from bot.web.pages import vote_list_create, vote_list_minutes
from bot.web.pages import vote_list_table as cells
from bot.web.pages_core import NavItem, Pages, Viewer, see_other

NAV: tuple[NavItem, ...] = (NavItem("/web/binh-xet", "web.vote_lists.nav", UNIT_HEADS),)

#: What each state of a list is called (the chat's words).
STATES: dict[ListState, str] = {
    ListState.SUBMITTED: "vote_list.state.submitted",
    ListState.RECEIVED: "vote_list.state.received",
    ListState.RETURNED: "vote_list.state.returned",
}
REASON_MAX = 1000


def add_routes(pages: Pages) -> None:
    """Serve the lists, a list, sending it again, receiving and returning it."""
    desk = _Desk(pages)
    pages.get("/web/binh-xet", desk.listing, roles=UNIT_HEADS)
    pages.get("/web/binh-xet/{id:\\d+}", desk.list_page, roles=UNIT_HEADS)
    pages.post("/web/binh-xet/{id:\\d+}", desk.save, roles=UNIT_HEADS)
    pages.post("/web/binh-xet/{id:\\d+}/tiep-nhan", desk.receive, roles=OFFICE)
    pages.post("/web/binh-xet/{id:\\d+}/tra-lai", desk.give_back, roles=OFFICE)
    vote_list_create.add_routes(pages)


class _Desk:
    """The handlers of the vote-list pages over one application's services."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.texts = pages.ctx.texts
        self.service = pages.ctx.services.vote_lists

    async def listing(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """The viewer's unit's list of the year, and every unit's for the Office."""
        years = self.service.year_choices()
        asked = request.query.get("nam", "")
        year = int(asked) if asked.isascii() and asked.isdigit() else years[0]
        year = year if year in years else years[0]
        member = viewer.member
        units = await self.service.lists(member, year) if member.role in OFFICE else ()
        own = await self.service.current(member, year)
        return self.pages.render(
            request,
            viewer,
            "vote_lists.html",
            title=self.texts.t("web.vote_lists.title", year=year),
            year=year,
            years=years,
            units=units,
            own=own,
            states=STATES,
        )

    async def show(
        self,
        request: web.Request,
        viewer: Viewer,
        *,
        form: FormState | None = None,
        status: int = 200,
        problem: str = "",
    ) -> web.Response:
        """A list: the editable table while returned, its rows and checks otherwise."""
        service = self.service
        view = await service.view(viewer.member, _id(request))
        minutes = await service.minutes(viewer.member, view.id)
        table = None
        if view.state is ListState.RETURNED and view.year in service.year_choices():
            table = cells.Table(await service.form(viewer.member, view.year, view.unit_id))
        return self.pages.render(
            request,
            viewer,
            "vote_list.html",
            status=status,
            title=self.texts.t("web.vote_lists.list_title", code=view.code, unit=view.unit_name),
            view=view,
            minutes=minutes,
            table=table,
            form=form or cells.initial(view),
            states=STATES,
            bases=cells.BASES,
            office=viewer.member.role in OFFICE,
            problem=problem,
            share_text=cells.share_text,
            upload_mb=self.pages.ctx.settings.upload_max_mb,
            minutes_max=vote_list_minutes.MINUTES_MAX,
            example_today=examples(service.today(), {"example_today"})["example_today"],
        )

    async def list_page(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """GET a list."""
        return await self.show(request, viewer)

    async def save(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """Send a returned list again from the table: every cell and file right, or nothing
        written; uploaded minutes replace those sent before (required when it has none)."""
        member, service = viewer.member, self.service
        view = await service.view(member, _id(request))
        posted = await request.post()
        form = typed(posted)
        if view.state is not ListState.RETURNED or form.value(cells.VERSION) != str(view.version):
            return await self.changed(request, viewer)
        table = cells.Table(await service.form(member, view.year, view.unit_id))
        rows, meeting = cells.read(form, table, self.texts, service.today())
        limit = self.pages.ctx.settings.upload_max_bytes
        uploads = vote_list_minutes.read(
            posted, form, self.texts, limit, required=not view.minutes
        )
        if form.ok:
            checked = await service.check(member, view.year, rows, view.unit_id)
            cells.mark_problems(form, table, checked, self.texts)
        if not form.ok:
            return await self.show(request, viewer, form=form, status=400)
        files = await vote_list_minutes.store(self.pages.ctx.services.files, member, uploads)
        try:
            await service.submit(
                member,
                view.year,
                rows,
                meeting,
                files,
                unit_id=view.unit_id,
                seen_version=view.version,
            )
        except (errors.VoteListChanged, errors.VoteListLocked):
            return await self.changed(request, viewer)
        raise see_other(f"/web/binh-xet/{view.id}", notice="vote_lists.sent")

    async def changed(self, request: web.Request, viewer: Viewer) -> web.Response:
        """The list as it is now, saying it changed since the viewer loaded it."""
        message = self.texts.t("vote_list.error.changed")
        return await self.show(request, viewer, status=409, problem=message)

    async def receive(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """The Office takes the list in."""
        form = typed(await request.post())
        try:
            await self.service.receive(viewer.member, _id(request), _version(form))
        except errors.VoteListChanged:
            return await self.changed(request, viewer)
        raise see_other(f"/web/binh-xet/{_id(request)}", notice="vote_lists.received")

    async def give_back(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """The Office returns the whole list with a reason."""
        form = typed(await request.post())
        reason = " ".join(form.value("reason").split())
        if not reason or len(reason) > REASON_MAX:
            current = cells.initial(await self.service.view(viewer.member, _id(request)))
            current.values["reason"] = form.value("reason")
            current.refuse("reason", self.texts.t("web.vote_lists.bad_reason", limit=REASON_MAX))
            return await self.show(request, viewer, form=current, status=400)
        try:
            await self.service.return_list(viewer.member, _id(request), reason, _version(form))
        except errors.VoteListChanged:
            return await self.changed(request, viewer)
        raise see_other(f"/web/binh-xet/{_id(request)}", notice="vote_lists.returned")


def _id(request: web.Request) -> int:
    return int(request.match_info["id"])


def _version(form: FormState) -> int:
    typed_version = form.value(cells.VERSION)
    return int(typed_version) if typed_version.isascii() and typed_version.isdigit() else -1
