"""What an uploaded file is, told from its first bytes rather than from its name or the
browser's word for it (both are the uploader's to choose)."""

from __future__ import annotations

import enum


class FileKind(enum.Enum):
    """The kinds of file the web app takes as evidence or minutes; the value is the MIME type
    it is served with."""

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @property
    def previewable(self) -> bool:
        """Whether a browser shows it inline (the rest are downloaded)."""
        return self in {FileKind.PDF, FileKind.PNG, FileKind.JPEG}


_SUFFIX_OF_ZIP = {".docx": FileKind.DOCX, ".xlsx": FileKind.XLSX}


def sniff(content: bytes, name: str) -> FileKind | None:
    """The file's kind from its magic bytes (a ZIP container by the name's suffix), or
    ``None`` when it is none the web app takes."""
    if content.startswith(b"%PDF-"):
        return FileKind.PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if content.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if content.startswith(b"PK\x03\x04"):
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        return _SUFFIX_OF_ZIP.get(suffix)
    return None
