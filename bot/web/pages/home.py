"""The dashboard at ``/web/``: the plan's coverage per unit, the pipeline of initiatives,
nominations and unit reports by state, the year's milestones and the leaderboard's charts
(served at ``/web/bieu-do/<name>.png``). Every figure comes from the services, scoped as the
chat scopes it (see :mod:`bot.web.pages.dashboard`)."""

from __future__ import annotations

from aiohttp import web

from bot.roles import REVIEWERS
from bot.web.pages import dashboard
from bot.web.pages.charts import CHARTS, COVERAGE, FRESH, ChartImages
from bot.web.pages_core import NavItem, Pages, Viewer
from bot.web.recent import Recent
from bot.web.security import HEADERS

NAV: tuple[NavItem, ...] = (NavItem("/web/", "web.nav.home"),)

#: A chart may be kept by the member's own browser as long as the server keeps it.
IMAGE_HEADERS = {**HEADERS, "Cache-Control": f"private, max-age={int(FRESH.total_seconds())}"}


def add_routes(pages: Pages) -> None:
    """Serve ``/web/`` and its charts."""
    ctx = pages.ctx
    images = ChartImages(ctx.services, ctx.clock)
    figures = dashboard.CoverageFigures(ctx.services, ctx.clock)
    counted = Recent[tuple[dashboard.Pipeline, ...]](ctx.clock, dashboard.COVERAGE_FRESH)
    dated = Recent[tuple[dashboard.MilestoneRow, ...]](ctx.clock, dashboard.COVERAGE_FRESH)
    by_name = {chart.name: chart for chart in CHARTS}

    async def home(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        member = viewer.member
        coverage = await figures.of(member)
        year = ctx.services.milestones.this_year()
        charts = [
            (chart.name, ctx.texts.t(chart.alt, year=year))
            for chart in CHARTS
            if chart is not COVERAGE or coverage.version is not None
        ]
        return pages.render(
            request,
            viewer,
            "home.html",
            title=ctx.texts.t("web.page.home_title"),
            everyone=member.role in REVIEWERS,
            coverage=coverage,
            pipelines=await counted.get(
                dashboard.pipelines_key(member),
                lambda: dashboard.pipelines(ctx.services, ctx.texts, member),
            ),
            milestones=await dated.get(
                dashboard.milestones_key(member),
                lambda: dashboard.milestones(ctx.services, member),
            ),
            year=year,
            charts=charts,
        )

    async def chart(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        found = by_name.get(request.match_info["name"])
        if found is None:
            return pages.refusal(request, viewer, 404, ctx.texts.t("web.dashboard.no_chart"))
        png = await images.png(found, viewer.member)
        return web.Response(body=png, content_type="image/png", headers=IMAGE_HEADERS)

    pages.get("/web/", home)
    pages.get("/web/bieu-do/{name}.png", chart)
