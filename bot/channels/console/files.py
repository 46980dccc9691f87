"""Files between the console and the bot: a file of this machine sent with ``!tep``, and
the files and images the bot sends, saved to disk."""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
from pathlib import Path

from bot.formatting import strip_html
from bot.ports import Document, FileRef, Photo
from bot.texts import Texts


def local_file(path_text: str) -> FileRef | None:
    """Describe a file of this machine as a chat app would, or ``None`` if there is none."""
    path = Path(path_text).expanduser()
    if not path.is_file():
        return None
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileRef(str(path.resolve()), path.name, mime, path.stat().st_size)


async def keep_document(texts: Texts, folder: Path, document: Document) -> str:
    """Show where a file the bot sent can be opened (new files are saved to ``folder``)."""
    if document.file_id:
        return texts.t("console.file_at", path=document.file_id)
    path = await asyncio.to_thread(_save, folder, document)
    return texts.t("console.file_saved", path=path)


async def keep_photo(texts: Texts, folder: Path, photo: Photo) -> str:
    """Save an image the bot sent (a chart) beside the files and say where."""
    if photo.file_id and not photo.content:
        return texts.t("console.photo.at", path=photo.file_id)
    name = f"anh-{hashlib.sha256(photo.content).hexdigest()[:12]}.png"
    path = await asyncio.to_thread(_save, folder, Document(name, photo.content))
    return texts.t("console.photo.saved", caption=strip_html(photo.caption), path=path)


def _save(folder: Path, document: Document) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(document.name).name  # never outside the folder
    path.write_bytes(document.content)
    return path
