"""Which files people may attach: the configured types, never programs or scripts."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_ACCEPTED = (
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt",
    "csv", "jpg", "jpeg", "png", "gif", "webp", "heic", "zip", "rar", "7z", "mp4", "mov",
    "mp3", "m4a",
)  # fmt: skip
#: Files that run code when opened (or carry macros), refused whatever the configuration says.
DANGEROUS_EXTENSIONS = frozenset(
    {
        "exe", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "dll", "lnk", "reg",
        "hta", "ps1", "psm1", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh", "sh", "bash",
        "jar", "apk", "app", "dmg", "deb", "rpm", "docm", "xlsm", "pptm",
    }
)  # fmt: skip
#: The same by the type the messenger reports, for a program renamed ``bao-cao.pdf``.
DANGEROUS_MIME_TYPES = frozenset(
    {
        "application/x-msdownload", "application/x-msdos-program", "application/x-dosexec",
        "application/x-executable", "application/vnd.microsoft.portable-executable",
        "application/x-msi", "application/x-ms-installer", "application/x-bat",
        "application/x-sh", "application/x-shellscript", "text/x-shellscript",
        "application/javascript", "text/javascript", "application/x-javascript",
        "application/java-archive", "application/vnd.android.package-archive",
        "application/hta", "application/x-ms-shortcut", "application/x-powershell",
    }
)  # fmt: skip


class FileSettings(BaseModel):
    """The types of file accepted as attachments (initiatives, nominations, reports,
    broadcasts), by extension."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    accepted: tuple[str, ...] = Field(default=DEFAULT_ACCEPTED, min_length=1)

    @field_validator("accepted")
    @classmethod
    def _no_programs(cls, accepted: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(dict.fromkeys(e.strip().lstrip(".").casefold() for e in accepted))
        refused = sorted(e for e in cleaned if e in DANGEROUS_EXTENSIONS or not e.isalnum())
        if refused:
            msg = f"not file types that may be accepted: {', '.join(refused)}"
            raise ValueError(msg)
        return cleaned

    def accepts(self, name: str, mime_type: str) -> bool:
        """Tell whether a file called ``name`` of type ``mime_type`` may be attached (a name
        without extension is judged by its type)."""
        suffix = PurePosixPath(name.casefold()).suffix or mimetypes.guess_extension(mime_type)
        extension = (suffix or "").lstrip(".")
        return (
            extension in self.accepted
            and extension not in DANGEROUS_EXTENSIONS
            and mime_type.casefold() not in DANGEROUS_MIME_TYPES
        )

    def listing(self) -> str:
        """The accepted types as people read them: ``.pdf, .doc, …``."""
        return ", ".join(f".{extension}" for extension in self.accepted)
