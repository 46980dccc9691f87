"""Broadcasts: composing, audiences, sending through the outbox, and delivery reports.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.broadcasts.audiences import BOARD_POSTS, Audience, AudienceKind, Reach, resolve
from bot.services.broadcasts.delivery_counts import DeliveryCounts, Undelivered, outcome_text
from bot.services.broadcasts.labels import OFFICE_AUDIENCES, UNIT_AUDIENCES
from bot.services.broadcasts.pending import PendingUnits, YearTask, pending_units
from bot.services.broadcasts.records import (
    PLACEHOLDERS,
    Attachment,
    BroadcastDraft,
    BroadcastPreview,
    BroadcastView,
    StatusNote,
    unfilled_placeholders,
    unknown_placeholders,
)
from bot.services.broadcasts.report import BroadcastSummary, DeliveryReport, NotReached, folded
from bot.services.broadcasts.service import BroadcastService

__all__ = [
    "BOARD_POSTS",
    "OFFICE_AUDIENCES",
    "PLACEHOLDERS",
    "UNIT_AUDIENCES",
    "Attachment",
    "Audience",
    "AudienceKind",
    "BroadcastDraft",
    "BroadcastPreview",
    "BroadcastService",
    "BroadcastSummary",
    "BroadcastView",
    "DeliveryCounts",
    "DeliveryReport",
    "NotReached",
    "PendingUnits",
    "Reach",
    "StatusNote",
    "Undelivered",
    "YearTask",
    "folded",
    "outcome_text",
    "pending_units",
    "resolve",
    "unfilled_placeholders",
    "unknown_placeholders",
]
