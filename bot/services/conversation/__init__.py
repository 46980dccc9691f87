"""Where each person is in a conversation: dialog positions, drafts, numbered choices and the
update log.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.conversation import drafts
from bot.services.conversation.choices import ChoiceService
from bot.services.conversation.dialog_states import DialogStateService
from bot.services.conversation.turn_lock import TurnLock
from bot.services.conversation.update_log import UpdateLog

__all__ = [
    "ChoiceService",
    "DialogStateService",
    "TurnLock",
    "UpdateLog",
    "drafts",
]
