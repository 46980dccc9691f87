"""The unit reports desk (báo cáo): every sent report with filters, one report with its files
and history, and the Office's review as in chat (:mod:`handlers.reports.review`): accept, or
return with a reason (5–1000 characters).

Reviewers see every report, a unit head their unit's; another unit's report by a forged
address is 403. Every form carries the version seen ("already handled" when it changed, at the
top of the report as it is now).
"""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup

from bot import errors
from bot.roles import OFFICE
from bot.services.reports import REASON_MIN, STATE_KEYS, ReportQuery, ReportView, UnitStatus
from bot.services.workflow import REASON_MAX
from bot.web.forms import FormState, typed
from bot.web.pages_core import NavItem, Pages, Viewer, see_other

QUEUE = "/web/bao-cao"
PAGE_SIZE = 20
#: The field that says the reason page was seen and the return is confirmed.
CONFIRMED = "xac-nhan"
ACCEPT, RETURN = "accept", "return"

NAV: tuple[NavItem, ...] = (NavItem(QUEUE, "web.reports.nav"),)


def add_routes(pages: Pages) -> None:
    """Serve the list, a report and its review."""

    async def queue(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        query = request.query
        filters = FormState(
            values={k: query.get(k, "")[:20] for k in ("trang-thai", "ky", "don-vi")}
        )
        known = {s.value: s for s in STATE_KEYS}
        wanted = ReportQuery(
            status=known.get(filters.value("trang-thai")),
            period_id=_number(filters.value("ky")),
            unit_id=_number(filters.value("don-vi")),
            page=(_number(query.get("trang", "")) or 1) - 1,
            size=PAGE_SIZE,
        )
        services = pages.ctx.services
        found = await services.reports.browse(viewer.member, wanted)
        periods = await services.reports.periods()
        units, _ = await services.nominations.filter_choices(viewer.member)
        kept = {k: v for k, v in filters.values.items() if v}
        t = pages.ctx.texts.t
        every = t("web.reports.any")
        return pages.render(
            request,
            viewer,
            "reports.html",
            title=t("web.reports.title"),
            filters=filters,
            found=found,
            states=[("", every), *((s.value, t(k)) for s, k in STATE_KEYS.items())],
            periods=[("", every), *((str(p.id), p.name) for p in periods)],
            units=[("", every), *((u.value, u.name) for u in units)],
            state_keys={s.value: k for s, k in STATE_KEYS.items()},
            pager_url=f"{QUEUE}?{urlencode({**kept, 'trang': ''})}",
        )

    async def item(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        view = await pages.ctx.services.reports.dossier(viewer.member, _id(request))
        return _page(pages, request, viewer, view, FormState())

    async def act(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        report_id = _id(request)
        form = typed(await request.post())
        member = viewer.member
        services = pages.ctx.services
        view = await services.reports.dossier(member, report_id)
        if member.role not in OFFICE or form.value("action") not in (ACCEPT, RETURN):
            raise errors.NotAllowed
        if form.value("version") != str(view.version):
            raise errors.ReportAlreadyHandled
        if form.value("action") == ACCEPT:
            await services.report_review.accept(member, report_id, view.version)
            raise see_other(f"{QUEUE}/{report_id}", notice="reports.accepted")
        if not form.value(CONFIRMED):
            return _page(pages, request, viewer, view, form, asking=True)
        reason = form.value("reason").strip()
        if not REASON_MIN <= len(reason) <= REASON_MAX:
            message = pages.ctx.texts.t(
                "web.reports.reason_length", low=REASON_MIN, high=REASON_MAX
            )
            form.refuse("reason", message)
            return _page(pages, request, viewer, view, form, asking=True, status=400)
        await services.report_review.return_(member, report_id, reason, view.version)
        raise see_other(f"{QUEUE}/{report_id}", notice="reports.returned")

    pages.get(QUEUE, queue)
    pages.get(QUEUE + "/{id:\\d+}", item)
    pages.post(QUEUE + "/{id:\\d+}/xu-ly", act, item=item)


def _page(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    view: ReportView,
    form: FormState,
    *,
    asking: bool = False,
    status: int = 200,
) -> web.Response:
    """The report, with the review forms for the Office while it waits, or the reason form."""
    status_now = _status(view)
    waiting = status_now in (UnitStatus.SUBMITTED, UnitStatus.LATE)
    returned = next((c.reason for c in reversed(view.history) if c.to_state == "returned"), "")
    return pages.render(
        request,
        viewer,
        "report.html",
        status=status,
        # The catalogue's text with escaped values: markup, not to be escaped again.
        title=Markup(  # noqa: S704
            pages.ctx.texts.t("web.reports.item_title", unit=view.unit, period=view.period)
        ),
        item=view,
        state_key=STATE_KEYS[status_now],
        reviewable=waiting and viewer.member.role in OFFICE,
        asking=asking,
        form=form,
        returned_reason=returned if status_now is UnitStatus.RETURNED else "",
        state_keys={s.value: k for s, k in STATE_KEYS.items()},
        reason_max=REASON_MAX,
    )


def _status(view: ReportView) -> UnitStatus:
    if view.state.value == UnitStatus.SUBMITTED:
        return UnitStatus.LATE if view.late else UnitStatus.SUBMITTED
    return UnitStatus(view.state.value)


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def _id(request: web.Request) -> int:
    value = _number(request.match_info["id"])
    if value is None:
        raise errors.ReportNotFound
    return value
