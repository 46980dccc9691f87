"""Time-triggered jobs: plain async functions of the services, testable without a scheduler."""

from __future__ import annotations

import logging

from bot.services import Services

logger = logging.getLogger(__name__)
UPDATE_MEMORY_DAYS = 2


async def expire_dialogs(services: Services) -> None:
    """Close dialogs left unanswered past the configured time and tell their people."""
    closed = await services.dialog_states.expire()
    if closed:
        logger.info("closed %d expired dialogs", closed)


async def forget_old_updates(services: Services) -> None:
    """Drop remembered update ids once redelivery is no longer possible."""
    await services.members.forget_updates_before(UPDATE_MEMORY_DAYS)


async def tell_inbox_arrivals(services: Services) -> None:
    """Tell people, one message each, of the work that started waiting for them."""
    told = await services.inbox_notices.tell_arrivals()
    if told:
        logger.info("told %d members of newly waiting work", told)


async def send_inbox_digests(services: Services) -> None:
    """Send the digests of what still waits whose slot has come (each slot once)."""
    told = await services.inbox_notices.send_digests()
    if told:
        logger.info("sent %d members a digest of their waiting work", told)


async def tell_periods_closing(services: Services) -> None:
    """Tell the heads of units that have not sent their report that the period closes soon."""
    told = await services.inbox_notices.tell_closing()
    if told:
        logger.info("told %d unit heads that a reporting period closes soon", told)
