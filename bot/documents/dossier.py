"""Rendering drafts into files and packing a dossier (hồ sơ) as one ``.zip``."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from bot.collation import without_accents
from bot.documents.draft import Draft
from bot.documents.render import TemplateStore


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished document: its file name, its bytes and the fields it leaves blank."""

    name: str
    content: bytes
    missing: tuple[str, ...] = ()


def render(store: TemplateStore, draft: Draft) -> Rendered:
    """``draft`` filled into its template."""
    content = store.get(draft.template).render(draft.context)
    return Rendered(draft.file_name, content, draft.missing)


def file_name(*parts: str, suffix: str = ".docx") -> str:
    """An ASCII file name from ``parts`` ("Bao-cao-thanh-tich-DC-2026-0001.docx"): a dossier
    is opened on machines whose zip tools garble accented names."""
    text = "-".join(p for p in parts if p)
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", without_accents(text)).strip("-")
    return f"{slug[:120] or 'van-ban'}{suffix}"


def pack(files: Sequence[Rendered], *, notes: str = "") -> bytes:
    """One ``.zip`` of ``files`` (same names numbered apart) and, when given, a ``notes`` text
    saying which fields are blank."""
    out = io.BytesIO()
    seen: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for document in files:
            count = seen.get(document.name, 0)
            seen[document.name] = count + 1
            name = document.name
            if count:
                stem, dot, ext = name.rpartition(".")
                name = f"{stem}-{count + 1}{dot}{ext}"
            archive.writestr(name, document.content)
        if notes:
            archive.writestr("THIEU-DU-LIEU.txt", notes.encode("utf-8-sig"))
    return out.getvalue()
