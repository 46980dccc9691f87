"""Every attachment of a dossier, previewed or downloaded: ``<item's address>/tep/<id>`` for
an initiative, a nomination, a report and a vote list's minutes.

Who may open a file is who may see its item: the feature's own call behind the item's page is
asked first (another unit's item is 403, an unknown one 404, as on the page), and the file
must be one that call shows (another item's attachment id is 404). What the bytes are is told
from their first bytes, never from the name or the stored type (both the uploader's to
choose): a PDF, PNG or JPEG opens in the browser, anything else is downloaded as
``application/octet-stream``. A file sent in chat is fetched through its channel, which may
not run in this process: that is the Vietnamese refusal page (409), never an error page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from urllib.parse import quote

from aiohttp import web

from bot import errors
from bot.collation import without_accents
from bot.roles import UNIT_HEADS, WEB, Role
from bot.services.common import AttachmentView, MemberView
from bot.services.files import FileContent, sniff
from bot.web.pages import initiatives, nominations, reports
from bot.web.pages_core import NavItem, Pages, Viewer
from bot.web.security import FILE_HEADERS

NAV: tuple[NavItem, ...] = ()
#: A file's address under its item's.
FILE = "/{id}/tep/{file}"
#: The query asking for a download even of a file the browser could show.
DOWNLOAD = "tai-ve"
#: What a file is served as when it is not one the browser may show.
OPAQUE = "application/octet-stream"
#: The longest plain-letters file name given to browsers that read no RFC 5987 name.
ASCII_NAME_MAX = 150

#: The files of an item as the member may see them (raising the feature's refusals).
FilesOf = Callable[[MemberView, int], Awaitable[Sequence[AttachmentView]]]


def add_routes(pages: Pages) -> None:
    """Serve the files of initiatives, nominations, reports and vote lists' minutes."""
    services = pages.ctx.services

    async def of_initiative(member: MemberView, item: int) -> Sequence[AttachmentView]:
        return (await services.initiatives.dossier(member, item)).files

    async def of_nomination(member: MemberView, item: int) -> Sequence[AttachmentView]:
        return (await services.nominations.dossier(member, item)).files

    async def of_report(member: MemberView, item: int) -> Sequence[AttachmentView]:
        return (await services.reports.dossier(member, item)).files

    served = (
        (initiatives.QUEUE, of_initiative, errors.InitiativeNotFound, initiatives.DESK),
        (nominations.QUEUE, of_nomination, errors.NominationNotFound, WEB),
        (reports.QUEUE, of_report, errors.ReportNotFound, WEB),
        ("/web/binh-xet", services.vote_lists.minutes, errors.VoteListNotFound, UNIT_HEADS),
    )
    for base, files_of, unknown, roles in served:
        _serve(pages, base, files_of, unknown, roles)


def _serve(
    pages: Pages,
    base: str,
    files_of: FilesOf,
    unknown: type[errors.DomainError],
    roles: Collection[Role],
) -> None:
    async def handler(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        item = _number(request.match_info["id"], unknown)
        wanted = _number(request.match_info["file"], errors.AttachmentNotFound)
        files = await files_of(viewer.member, item)
        found = next((f for f in files if f.id == wanted), None)
        if found is None:
            raise errors.AttachmentNotFound
        got = await pages.ctx.services.files.content(found)
        return file_response(got, download=DOWNLOAD in request.query)

    pages.get(base + FILE, handler, roles=roles)


def file_response(got: FileContent, *, download: bool = False) -> web.Response:
    """The file's bytes under a type told from them: shown in the browser when it is a PDF,
    PNG or JPEG and no download was asked, else saved."""
    kind = sniff(got.content, got.name)
    shown = kind is not None and kind.previewable
    disposition = "inline" if shown and not download else "attachment"
    headers = {
        **FILE_HEADERS,
        "Content-Type": kind.value if kind is not None and shown else OPAQUE,
        "Content-Disposition": f"{disposition}; {content_names(got.name)}",
    }
    return web.Response(body=got.content, headers=headers)


def content_names(name: str) -> str:
    """The ``filename`` parameters of a Content-Disposition: plain letters for old browsers,
    the exact Vietnamese name (UTF-8, RFC 5987) for the rest."""
    plain = "".join(
        c if c.isascii() and (c.isalnum() or c in " ._-()") else "_" for c in without_accents(name)
    ).strip()
    plain = plain[:ASCII_NAME_MAX] or "tep"
    return f"filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='') or 'tep'}"


def _number(text: str, unknown: type[errors.DomainError]) -> int:
    """An id of the address; anything but a short number is an unknown one."""
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise unknown
    return int(text)
