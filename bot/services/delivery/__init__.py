"""Getting messages to people: the outbox, recipients, re-routing, pacing calendars and
channel quotas.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.delivery import outbox
from bot.services.delivery.backlog import Backlog, OutboxBacklog
from bot.services.delivery.channel_quota import ChannelQuotaService, QuotaLimits
from bot.services.delivery.chat_states import ChatStateService
from bot.services.delivery.office_notice import tell_office
from bot.services.delivery.outbox import (
    Claimed,
    OutboxService,
    encode_reply,
    enqueue,
    enqueue_many,
)
from bot.services.delivery.recipients import Address, addresses, preference, reachable
from bot.services.delivery.reply_windows import ReplyWindow, ReplyWindowService
from bot.services.delivery.reroute import Held, channel_name, file_note
from bot.services.delivery.send_calendar import SendCalendar

__all__ = [
    "Address",
    "Backlog",
    "ChannelQuotaService",
    "ChatStateService",
    "Claimed",
    "Held",
    "OutboxBacklog",
    "OutboxService",
    "QuotaLimits",
    "ReplyWindow",
    "ReplyWindowService",
    "SendCalendar",
    "addresses",
    "channel_name",
    "encode_reply",
    "enqueue",
    "enqueue_many",
    "file_note",
    "outbox",
    "preference",
    "reachable",
    "tell_office",
]
