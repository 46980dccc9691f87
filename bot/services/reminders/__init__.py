"""Reminders: scheduled messages with cron rules.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.reminders import cron
from bot.services.reminders.keyed import KeyedReminder
from bot.services.reminders.service import ReminderDraft, ReminderService, ReminderView

__all__ = [
    "KeyedReminder",
    "ReminderDraft",
    "ReminderService",
    "ReminderView",
    "cron",
]
