"""Making a unit's first vote list of the year on the web (``/web/binh-xet/lap``), as
``/binhxet`` does in chat: the table of the unit's members with the titles they registered
already ticked, the meeting, and its minutes uploaded. Nothing is kept until every cell and
every file is right; then the files are stored and the list sent by the same service call as
chat, so the rules, the audit entry and the Office's notice are the same."""

from __future__ import annotations

from aiohttp import web

from bot import errors
from bot.dates import examples
from bot.roles import UNIT_HEADS
from bot.services.vote_lists import ListForm
from bot.web.forms import FormState, typed
from bot.web.pages import vote_list_minutes as minutes
from bot.web.pages import vote_list_table as cells
from bot.web.pages_core import Pages, Viewer, see_other

PATH = "/web/binh-xet/lap"
#: The form's hidden fields: the year and (the Office's choice) the unit.
YEAR, UNIT = "year", "unit"


def add_routes(pages: Pages) -> None:
    """Serve the new list's table and its sending."""
    maker = _Maker(pages)
    pages.get(PATH, maker.page, roles=UNIT_HEADS)
    pages.post(PATH, maker.send, roles=UNIT_HEADS)


def prefilled(form: ListForm, unit: int | None) -> FormState:
    """The table as chat starts it: the titles registered for the year ticked, the unit's
    registered collective title chosen; shares and the meeting left to type."""
    values = {YEAR: str(form.year), UNIT: "" if unit is None else str(unit)}
    columns = {a.code for a in form.individual}
    for member in form.members:
        for code in member.registered:
            if code in columns:
                values[cells.tick(member.id, code)] = cells.TICK
    collective = {a.code for a in form.collective}
    chosen = next((c for c in form.unit_registered if c in collective), None)
    if chosen is not None:
        values[cells.COLLECTIVE] = chosen
    return FormState(values=values)


class _Maker:
    """The handlers of the new-list page over one application's services."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.texts = pages.ctx.texts
        self.service = pages.ctx.services.vote_lists

    async def page(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """GET the empty table (or the list, when the unit already has one)."""
        year = _number(request.query.get("nam", "")) or self.service.year_choices()[0]
        unit = _number(request.query.get("don-vi", ""))
        await self._refuse_existing(viewer, year, unit)
        form = await self.service.form(viewer.member, year, unit)
        return self.show(request, viewer, form, prefilled(form, unit))

    async def send(self, request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """Check the whole form, then store the minutes and send the list."""
        member, service = viewer.member, self.service
        posted = await request.post()
        form = typed(posted)
        year, unit = _number(form.value(YEAR)) or 0, _number(form.value(UNIT))
        await self._refuse_existing(viewer, year, unit)
        listing = await service.form(member, year, unit)
        table = cells.Table(listing)
        rows, meeting = cells.read(form, table, self.texts, service.today())
        limit = self.pages.ctx.settings.upload_max_bytes
        uploads = minutes.read(posted, form, self.texts, limit, required=True)
        if form.ok:
            cells.mark_problems(
                form, table, await service.check(member, year, rows, unit), self.texts
            )
        if not form.ok:
            return self.show(request, viewer, listing, form, status=400)
        files = await minutes.store(self.pages.ctx.services.files, member, uploads)
        try:
            view = await service.submit(member, year, rows, meeting, files, unit_id=unit)
        except errors.VoteListLocked:
            # Sent meanwhile (another head, or chat): that list stands, this one is not sent.
            await self._refuse_existing(viewer, year, unit)
            raise
        raise see_other(f"/web/binh-xet/{view.id}", notice="vote_lists_create.sent")

    async def _refuse_existing(self, viewer: Viewer, year: int, unit: int | None) -> None:
        """Go to the unit's list when it has one: a list is made once a year, then edited."""
        current = await self.service.current(viewer.member, year, unit)
        if current is not None:
            raise see_other(f"/web/binh-xet/{current.id}", notice="vote_lists_create.exists")

    def show(
        self,
        request: web.Request,
        viewer: Viewer,
        listing: ListForm,
        form: FormState,
        *,
        status: int = 200,
    ) -> web.Response:
        """The table with what was typed and what is wrong."""
        settings = self.pages.ctx.settings
        title = self.texts.t(
            "web.vote_lists.create.title", year=listing.year, unit=listing.unit_name
        )
        return self.pages.render(
            request,
            viewer,
            "vote_list_create.html",
            status=status,
            title=title,
            listing=listing,
            table=cells.Table(listing),
            form=form,
            bases=cells.BASES,
            upload_mb=settings.upload_max_mb,
            minutes_max=minutes.MINUTES_MAX,
            example_today=examples(self.service.today(), {"example_today"})["example_today"],
        )


def _number(typed_value: str) -> int | None:
    return int(typed_value) if typed_value.isascii() and typed_value.isdigit() else None
