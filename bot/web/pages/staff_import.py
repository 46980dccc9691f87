"""Importing the staff list from an .xlsx file: a template to download; an upload (size- and
content-checked) previewed row by row with every problem and nothing written; then "Nhập"
adds the valid rows in one transaction, one personal invite each, and shows their cards.

Between the preview and the confirmation the previewed rows travel in the confirm form,
signed with the session's secret (HMAC-SHA256): what is imported is exactly what was
previewed, and the service checks every row again in the importing transaction."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from dataclasses import asdict

from aiohttp import web

from bot.domain import StaffCategory
from bot.roles import OFFICE
from bot.services.people import NotAWorkbook, StaffPreview, StaffRow, read_staff, template
from bot.services.statistics import CATEGORY_LABELS
from bot.web.pages.invite_cards import render_cards
from bot.web.pages.people import role_names
from bot.web.pages_core import NavItem, Pages, Viewer
from bot.web.security import HEADERS

NAV: tuple[NavItem, ...] = (NavItem("/web/nhap-danh-sach", "web.staff_import.nav", OFFICE),)
PATH = "/web/nhap-danh-sach"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The text of each problem code a row may carry.
PROBLEMS = {
    "missing_name": "web.staff_import.problem_missing_name",
    "missing_unit": "web.staff_import.problem_missing_unit",
    "name_too_long": "web.staff_import.problem_name_too_long",
    "position_too_long": "web.staff_import.problem_position_too_long",
    "bad_role": "web.staff_import.problem_bad_role",
    "bad_category": "web.staff_import.problem_bad_category",
    "unknown_unit": "web.staff_import.problem_unknown_unit",
    "duplicate": "web.staff_import.problem_duplicate",
    "already_member": "web.staff_import.problem_already_member",
    "role_refused": "web.staff_import.problem_role_refused",
}


def add_routes(pages: Pages) -> None:
    """Serve the upload form, the template, the preview and the import."""
    texts = pages.ctx.texts
    limit_mb = pages.ctx.settings.upload_max_mb

    def form_page(
        request: web.Request, viewer: Viewer, problem: str = "", **more: object
    ) -> web.Response:
        return pages.render(
            request,
            viewer,
            "staff_import.html",
            status=400 if problem else 200,
            title=texts.t("web.staff_import.title"),
            problem=problem,
            limit_mb=limit_mb,
            **more,
        )

    async def show(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return form_page(request, viewer)

    async def download(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        body = await asyncio.to_thread(template, texts.t("web.staff_import.sheet"))
        headers = {
            **HEADERS,
            "Content-Disposition": 'attachment; filename="danh-sach-can-bo.xlsx"',
        }
        return web.Response(body=body, content_type=XLSX, headers=headers)

    async def preview(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        upload = (await request.post()).get("file")
        if not isinstance(upload, web.FileField):
            return form_page(request, viewer, texts.t("web.staff_import.no_file"))
        data = upload.file.read(pages.ctx.settings.upload_max_bytes + 1)
        if len(data) > pages.ctx.settings.upload_max_bytes:
            return form_page(request, viewer, texts.t("web.staff_import.too_big", mb=limit_mb))
        try:
            rows = await asyncio.to_thread(read_staff, data, role_names(pages), _categories(pages))
        except NotAWorkbook:
            return form_page(request, viewer, texts.t("web.staff_import.not_xlsx"))
        if not rows:
            return form_page(request, viewer, texts.t("web.staff_import.empty"))
        checked = await pages.ctx.services.staff_import.check(viewer.member, rows)
        return _preview_page(pages, request, viewer, checked)

    async def confirm(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        posted = await request.post()
        rows = _unsealed(viewer, str(posted.get("rows", "")), str(posted.get("sig", "")))
        if rows is None:
            return form_page(request, viewer, texts.t("web.staff_import.stale"))
        result = await pages.ctx.services.staff_import.apply(viewer.member, rows)
        if not result.invites:
            return form_page(request, viewer, texts.t("web.staff_import.nothing"))
        summary = texts.t(
            "web.staff_import.done", count=len(result.invites), skipped=result.skipped
        )
        return render_cards(pages, request, viewer, result.invites, summary=summary)

    pages.get(PATH, show, roles=OFFICE)
    pages.get(f"{PATH}/mau.xlsx", download, roles=OFFICE)
    pages.post(PATH, preview, roles=OFFICE)
    pages.post(f"{PATH}/nhap", confirm, roles=OFFICE)


def _preview_page(
    pages: Pages, request: web.Request, viewer: Viewer, checked: StaffPreview
) -> web.Response:
    texts = pages.ctx.texts
    sealed, signature = _sealed(viewer, checked.valid)
    problems = {
        row.line: [texts.t(PROBLEMS[code]) for code in row.problems] for row in checked.rows
    }
    return pages.render(
        request,
        viewer,
        "staff_import.html",
        title=texts.t("web.staff_import.title"),
        problem="",
        limit_mb=pages.ctx.settings.upload_max_mb,
        preview=checked,
        problems=problems,
        role_names={role.value: name for role, name in role_names(pages).items()},
        sealed=sealed,
        signature=signature,
    )


def _categories(pages: Pages) -> dict[StaffCategory, str]:
    return {category: pages.ctx.texts.t(key) for category, key in CATEGORY_LABELS.items()}


def _sealed(viewer: Viewer, rows: tuple[StaffRow, ...]) -> tuple[str, str]:
    """The rows as text for the confirm form, and their signature under this session."""
    text = base64.urlsafe_b64encode(json.dumps([asdict(r) for r in rows]).encode()).decode()
    return text, _signature(viewer, text)


def _unsealed(viewer: Viewer, text: str, signature: str) -> list[StaffRow] | None:
    """The rows the session previewed, or ``None`` when the text was not signed so."""
    if not text or not hmac.compare_digest(_signature(viewer, text), signature):
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(text.encode()))
        return [StaffRow(**{**r, "problems": tuple(r["problems"])}) for r in raw]
    except (ValueError, TypeError, KeyError):
        return None


def _signature(viewer: Viewer, text: str) -> str:
    key = f"staff-import:{viewer.csrf}".encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
