"""Files' bytes: those uploaded on the web app (kept in the database) and those sent in chat
(fetched from their platform through the channel that received them).

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.files.kinds import FileKind, sniff
from bot.services.files.service import WEB_CHANNEL, FileContent, FileService

__all__ = ["WEB_CHANNEL", "FileContent", "FileKind", "FileService", "sniff"]
