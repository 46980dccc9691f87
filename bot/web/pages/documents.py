"""The official documents of a subject (văn bản): what ``/vanban CODE`` offers in chat, one
page per kind listing the fields its files leave blank before the download, the download
itself (``.docx``/``.xlsx``, or a ``.zip`` when a kind makes several files), and for the Office
a session's or decision's whole dossier (``.zip``) after the list of its blanks.

The service decides who may have what and re-checks it on every request, so a forged address
gets 403 and an unknown code 404.
"""

from __future__ import annotations

import asyncio
import mimetypes
from urllib.parse import quote

from aiohttp import web
from markupsafe import Markup

from bot import errors
from bot.documents import file_name, pack
from bot.services.documents import KIND_NAMES, SUBJECT_NAMES, Blanks, DocumentKind
from bot.web.pages_core import NavItem, Pages, Viewer
from bot.web.security import HEADERS

BASE = "/web/van-ban"
#: A code is short ASCII (DC-2026-0001, PH-2026-001, 1/QĐ-…): longer is not a code.
CODE_MAX = 80

#: Reached from an item's page, not from the menu.
NAV: tuple[NavItem, ...] = ()


def add_routes(pages: Pages) -> None:
    """Serve the list, a kind's check, its download and the dossier."""
    documents = pages.ctx.services.documents
    t = pages.ctx.texts.t

    async def offer(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        code = _code(request)
        found = await documents.offer(viewer.member, code)
        plan = await documents.plan(viewer.member, code) if found.dossier else None
        return pages.render(
            request,
            viewer,
            "documents.html",
            title=Markup(t("web.documents.title", code=found.subject.code)),  # noqa: S704
            subject_key=SUBJECT_NAMES[found.subject.kind],
            found=found,
            code=quote(code, safe=""),
            kinds=[(k.value, KIND_NAMES[k]) for k in found.kinds],
            blanks=_blanks(pages, plan.documents) if plan else [],
            planned=len(plan.documents) if plan else 0,
        )

    async def check(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        code, kind = _code(request), _kind(request)
        result = await documents.files(viewer.member, code, kind)
        made = tuple(Blanks(f.name, f.missing) for f in result.files)
        return pages.render(
            request,
            viewer,
            "document.html",
            title=t(KIND_NAMES[kind]),
            subject=result.subject,
            subject_key=SUBJECT_NAMES[result.subject.kind],
            code=quote(code, safe=""),
            kind=kind.value,
            count=len(made),
            blanks=_blanks(pages, made),
        )

    async def download(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        code, kind = _code(request), _kind(request)
        result = await documents.files(viewer.member, code, kind)
        if not result.files:
            raise errors.DocumentKindUnavailable(code=result.subject.code)
        if len(result.files) == 1:
            only = result.files[0]
            return _attachment(only.name, only.content)
        notes = documents.notes(result.subject, (Blanks(f.name, f.missing) for f in result.files))
        content = await asyncio.to_thread(pack, result.files, notes=notes)
        return _attachment(file_name(kind.value, result.subject.code, suffix=".zip"), content)

    async def dossier(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        found = await documents.dossier(viewer.member, _code(request))
        return _attachment(found.name, found.content)

    pages.get(BASE + "/{code:[^/]+}", offer)
    pages.get(BASE + "/{code:[^/]+}/ho-so.zip", dossier)
    pages.get(BASE + "/{code:[^/]+}/loai/{kind}", check)
    pages.get(BASE + "/{code:[^/]+}/loai/{kind}/tai", download)


def _blanks(pages: Pages, documents: tuple[Blanks, ...]) -> list[tuple[str, str]]:
    """``(file name, its blank fields)`` of each document that leaves some blank."""
    field = pages.ctx.services.documents.field
    return [(d.name, "; ".join(field(k) for k in d.missing)) for d in documents if d.missing]


def _attachment(name: str, content: bytes) -> web.Response:
    """``content`` to save as ``name`` (an ASCII name the service made)."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    headers = {**HEADERS, "Content-Disposition": disposition}
    return web.Response(body=content, content_type=kind, headers=headers)


def _code(request: web.Request) -> str:
    code = request.match_info["code"].strip()
    if not code or len(code) > CODE_MAX:
        raise errors.DocumentSubjectNotFound(code=code[:CODE_MAX])
    return code


def _kind(request: web.Request) -> DocumentKind:
    try:
        return DocumentKind(request.match_info["kind"])
    except ValueError:
        raise errors.DocumentKindUnavailable(code=request.match_info["code"][:CODE_MAX]) from None
