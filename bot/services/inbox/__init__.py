"""The to-do inbox: what waits for each person's action, and the registry of what waits.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.inbox.notices import InboxNoticeService
from bot.services.inbox.registry import (
    WAITING,
    Entity,
    Waiting,
    Who,
    for_councils,
    for_sessions,
)
from bot.services.inbox.service import Inbox, InboxItem, InboxService

__all__ = [
    "WAITING",
    "Entity",
    "Inbox",
    "InboxItem",
    "InboxNoticeService",
    "InboxService",
    "Waiting",
    "Who",
    "for_councils",
    "for_sessions",
]
