"""``python -m bot run --role``: which role may run on this database, and the one poller.

On SQLite one process does everything (``all``): the database is one file on one machine and
the one-process lock of :mod:`models.process_lock` refuses a second one. On PostgreSQL any
number of processes share the work by role; a chat platform gives a bot's new messages to one
poller only, so a process that would poll a platform another process already polls is
refused (several receiving processes need webhooks).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from bot.cli import UsageError
from bot.config import Settings
from bot.formatting import strip_html
from bot.process_roles import ProcessRole, parse_process_role
from bot.texts import Texts
from models.advisory import POLLER, holder, try_lock
from models.process_lock import NAME_PREFIX


def check_role(settings: Settings, texts: Texts, value: str) -> ProcessRole:
    """The role asked for; an unknown one, or one other than ``all`` on SQLite, is refused."""
    role = parse_process_role(value)
    if role is None:
        roles = ", ".join(r.value for r in ProcessRole)
        raise UsageError(_plain(texts, "cli.roles.unknown", role=value[:40], roles=roles))
    if role is not ProcessRole.ALL and not settings.database.url.startswith("postgresql"):
        raise UsageError(_plain(texts, "cli.roles.needs_postgresql", role=role.value))
    return role


def polled(settings: Settings, role: ProcessRole, *, webhook: bool) -> list[str]:
    """The platforms a process of ``role`` would poll for new messages."""
    if not role.receives:
        return []
    platforms = []
    telegram_webhook = webhook or settings.telegram.mode == "webhook"
    if settings.telegram.token is not None and not telegram_webhook:
        platforms.append("Telegram")
    if settings.zalo.token is not None and settings.zalo.mode != "webhook":
        platforms.append("Zalo")
    return platforms


@asynccontextmanager
async def polling(settings: Settings, texts: Texts, platforms: list[str]) -> AsyncIterator[None]:
    """Be the one poller of each of ``platforms`` on a PostgreSQL database while inside."""
    url = settings.database.url
    async with AsyncExitStack() as held:
        if url.startswith("postgresql"):
            for platform in platforms:
                lock = await try_lock(url, POLLER, platform.lower())
                if lock is None:
                    who = await holder(url, POLLER, platform.lower())
                    raise UsageError(_busy(texts, platform, who))
                held.push_async_callback(lock.release)
        yield


def _busy(texts: Texts, platform: str, who: str) -> str:
    pid, _, host = who.removeprefix(NAME_PREFIX).partition(" ")
    known = who.startswith(NAME_PREFIX) and pid.isdigit()
    where = texts.t("cli.lock.holder", pid=pid, host=host) if known else ""
    return _plain(texts, "cli.roles.polling_busy", platform=platform, holder=where)


def _plain(texts: Texts, key: str, **params: object) -> str:
    return strip_html(texts.t(key, **params))
