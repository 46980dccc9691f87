"""The minutes of a unit's vote meeting uploaded with the list's table: each file is read up
to the size limit and told by its first bytes (not its name), every problem said next to the
field; the bytes are kept only once the whole form is right, just before the list is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from aiohttp import web
from markupsafe import Markup
from multidict import MultiMapping

from bot.services.common import FileInfo, MemberView
from bot.services.files import FileService, sniff
from bot.texts import Texts
from bot.web.forms import FormState

#: The form's file field (``multiple``).
FIELD = "minutes"
#: The most files one list's minutes take (as chat's attachment loop: ``max_attachments``).
MINUTES_MAX = 5


@dataclass(frozen=True, slots=True)
class Upload:
    """One checked file: its name, the type its bytes are, and the bytes."""

    name: str
    mime_type: str
    content: bytes = field(repr=False)


def read(
    posted: MultiMapping[str | web.FileField | object],
    form: FormState,
    texts: Texts,
    limit: int,
    *,
    required: bool,
) -> list[Upload]:
    """The files chosen in :data:`FIELD`, each checked; a wrong one refuses the field."""
    chosen = [
        part
        for part in posted.getall(FIELD, [])
        if isinstance(part, web.FileField) and (part.filename or _size(part))
    ]
    if not chosen:
        if required:
            form.refuse(FIELD, texts.t("web.vote_lists.create.minutes_required"))
        return []
    if len(chosen) > MINUTES_MAX:
        form.refuse(FIELD, texts.t("web.vote_lists.create.minutes_many", count=MINUTES_MAX))
        return []
    uploads = []
    for part in chosen:
        name = _clean(part.filename) or "bien-ban"
        content = part.file.read(limit + 1)
        if len(content) > limit:
            mb = limit // (1024 * 1024) or 1
            form.refuse(FIELD, _named(texts, "web.vote_lists.create.minutes_size", name, mb=mb))
            continue
        kind = sniff(content, name)
        if kind is None:
            form.refuse(FIELD, _named(texts, "web.vote_lists.create.minutes_type", name))
            continue
        uploads.append(Upload(name, kind.value, content))
    return uploads


async def store(
    files: FileService, uploader: MemberView, uploads: Sequence[Upload]
) -> list[FileInfo]:
    """Keep the checked files' bytes; they are attached as channel ``web``."""
    return [await files.store(uploader, u.name, u.mime_type, u.content) for u in uploads]


def _named(texts: Texts, key: str, name: str, **more: object) -> str:
    """A message naming the file: the catalogue escaped the name, so the page shows it as is."""
    return Markup(texts.t(key, name=name, **more))  # noqa: S704 - the catalogue is ours


def _size(part: web.FileField) -> int:
    part.file.seek(0, 2)
    size = part.file.tell()
    part.file.seek(0)
    return size


def _clean(name: str) -> str:
    """The file's own name without a path a browser may prefix, control characters or
    surrounding blanks."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in base if c.isprintable()).strip()[:200]
