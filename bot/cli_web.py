"""``python -m bot web``: the web app alone, for trying it on a fresh machine.

No chat channel, no token and no network: it serves the web app on ``[web] listen:port``,
makes sure the bootstrap admin (the first of ``[[admins]]``) is a member, and prints the
address and a one-time sign-in link for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from bot.app import App, open_app
from bot.channels.webhook import DEFAULT_MAX_BODY_BYTES, HttpServers
from bot.cli import UsageError
from bot.cli_channels import web_context
from bot.config import Settings
from bot.ports import Channel
from bot.roles import WEB
from bot.services.common import MemberView
from bot.services.people import Applicant
from bot.texts import Texts
from bot.web import add_web_app
from handlers.web import SIGN_IN_PATH


async def run_web(settings: Settings, texts: Texts) -> int:
    """Serve the web app until SIGINT/SIGTERM; print where and how to sign in."""
    if not settings.admins:
        raise UsageError(texts.t("cli.web.no_admin"))
    web = settings.web
    app = await open_app(settings, texts=texts)
    servers = HttpServers(max(web.upload_max_bytes, DEFAULT_MAX_BODY_BYTES))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        admin = await bootstrap_admin(app, settings, texts)
        context = web_context(app, settings, texts, settings.telegram.bot_username)
        add_web_app(servers.app(web.listen, web.port), context)
        try:
            await servers.start()
        except OSError as problem:  # the port is taken (the bot itself?) or not ours to bind
            where = f"{web.listen}:{web.port}"
            raise UsageError(
                texts.t("cli.web.port_busy", address=where, problem=problem)
            ) from None
        address = web.base_url or f"http://{web.listen}:{servers.port(web.listen, web.port)}"
        link = await app.services.web_access.issue_link(admin.id)
        _say(texts.t("cli.web.started", address=f"{address}/web/"))
        _say(texts.t("cli.web.link", name=admin.full_name, minutes=link.minutes))
        _say(f"{address}{SIGN_IN_PATH}?t={link.token}")
        await stop.wait()
    finally:
        await servers.stop()
        await app.close()
    return 0


async def bootstrap_admin(app: App, settings: Settings, texts: Texts) -> MemberView:
    """The member of the first ``[[admins]]`` account, registered now (in the Office, as
    chat's bootstrap registration does) when the database does not know them yet."""
    account = settings.admins[0]
    channel = Channel(account.channel)
    member = await app.services.members.find(channel, account.id)
    if member is None:
        applicant = Applicant(
            channel=channel,
            user_id=account.id,
            chat_id=account.id,
            full_name=texts.t("cli.web.admin_name"),
            position="",
        )
        member = (await app.services.registration.register(applicant, invite_id=None)).member
    if member.role not in WEB:
        raise UsageError(texts.t("cli.web.not_web_role", name=member.full_name))
    return member


def _say(line: str) -> None:
    # Flushed at once: whoever reads the pipe (a test, a terminal) needs the link now.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
