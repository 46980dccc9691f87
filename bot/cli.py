"""The command-line actions behind ``python -m bot``; each returns an exit code."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from datetime import date
from pathlib import Path

from bot.app import open_app
from bot.channels.console import ConsoleChannel, ConsoleMessenger, Screens, terminal_input
from bot.cli_channels import Channels
from bot.config import INVITE_DAYS_RANGE, INVITE_USES_RANGE, Settings
from bot.dates import moment_text
from bot.dialog_inputs import InvalidInput, parse_date
from bot.errors import DomainError
from bot.formatting import strip_html
from bot.ports import Channel
from bot.process_roles import ProcessRole
from bot.roles import Role
from bot.services.common import CLI
from bot.services.people import UnitImportError, parse_units_csv
from bot.texts import Texts

EXIT_USAGE = 2
DEFAULT_CONSOLE_PERSON = "quantri"
EXPORT_YEAR_RANGE = (2000, 2100)


class UsageError(Exception):
    """The command cannot run as asked; the message says why (exit code 2)."""


async def run_bot(
    settings: Settings, texts: Texts, *, webhook: bool, role: ProcessRole = ProcessRole.ALL
) -> int:
    """Run the bot on every configured channel (Telegram, Zalo, the Zalo OA) until
    SIGINT/SIGTERM, doing the work of ``role``.

    Telegram uses webhook mode when ``telegram.mode = "webhook"`` or ``webhook`` forces it.
    """
    webhook = webhook or settings.telegram.mode == "webhook"
    telegram, zalo = settings.telegram.token is not None, settings.zalo.token is not None
    zalo_oa = settings.zalo_oa.enabled
    if not telegram and not zalo and not zalo_oa:
        raise UsageError(texts.t("cli.no_token"))
    if telegram and webhook and not settings.telegram.webhook_url:
        raise UsageError(texts.t("cli.webhook_needs_url"))
    if telegram and webhook and settings.telegram.webhook_secret is None:
        raise UsageError(texts.t("cli.webhook_needs_secret"))
    if (
        zalo
        and settings.zalo.mode == "webhook"
        and not (settings.zalo.webhook_url and settings.zalo.webhook_secret)
    ):
        raise UsageError(texts.t("cli.zalo_webhook_needs_url"))
    if (
        zalo
        and settings.zalo.mode == "webhook"
        and not settings.zalo.webhook_url.startswith("https://")
    ):
        url = settings.zalo.webhook_url
        raise UsageError(strip_html(texts.t("zalo_plan.webhook_needs_https", url=url)))
    app = await open_app(settings, texts=texts)
    channels = Channels(app, settings, texts)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        chats = role is not ProcessRole.SCHEDULER  # the timed jobs only write to the outbox
        names = await channels.start(
            telegram=telegram and chats,
            zalo=zalo and chats,
            webhook=webhook,
            zalo_oa=zalo_oa and chats,
            receive=role.receives,
        )
        await app.start_background(role)
        print(_started(texts, role, names), file=sys.stderr)
        await channels.wait(stop)
    finally:
        await channels.stop()
        await app.close()
    return 0


def _started(texts: Texts, role: ProcessRole, names: list[str]) -> str:
    if role is ProcessRole.ALL:
        return texts.t("cli.started", channels=", ".join(names))
    channels = ", ".join(names) or texts.t("cli.roles.no_channel")
    return texts.t("cli.roles.started", role=role.value, channels=channels)


async def run_console(settings: Settings, texts: Texts, *, person: str | None) -> int:
    """Talk to the bot in the terminal."""
    app = await open_app(settings, texts=texts)
    console_admins = frozenset(a.id for a in settings.admins if a.channel == "console")
    default = next((a.id for a in settings.admins if a.channel == "console"), None)
    screens = Screens()  # the outbox prints for console people; they press its buttons
    app.messengers[Channel.CONSOLE] = ConsoleMessenger(texts, sys.stdout, screens)
    await app.start_background()
    try:
        with terminal_input(sys.stdin, sys.stdout) as reader:
            await ConsoleChannel(
                app.router,
                texts,
                person=person or default or DEFAULT_CONSOLE_PERSON,
                organisation=settings.organisation.name,
                output=sys.stdout,
                reader=reader,
                members=app.services.members,
                clock=app.clock,
                screens=screens,
                bootstrap_admins=console_admins,
            ).run()
        if app.worker is not None:
            await app.worker.drain()
        if app.runner is not None:
            # Show the delivery report of what was just sent before the console closes.
            await app.runner.tick(last=True)
    finally:
        await app.close()
    return 0


async def run_migrate(settings: Settings, texts: Texts) -> int:
    """Bring the schema up to date and sync units from the config."""
    app = await open_app(settings, texts=texts)
    await app.close()
    print(texts.t("cli.migrated"))
    return 0


async def run_invite(
    settings: Settings, texts: Texts, unit: str, role: Role, uses: int | None, days: int | None
) -> int:
    """Create an invite and print how to use it.

    ``uses`` and ``days`` default to ``[invites]``; given, they must lie in
    :data:`INVITE_USES_RANGE` and :data:`INVITE_DAYS_RANGE`.
    """
    check_range(texts, "--uses", uses, INVITE_USES_RANGE)
    check_range(texts, "--days", days, INVITE_DAYS_RANGE)
    app = await open_app(settings, texts=texts)
    try:
        created = await app.services.invites.create(
            None,
            unit_code=unit,
            role=role,
            uses=settings.invites.default_uses if uses is None else uses,
            days=settings.invites.default_days if days is None else days,
        )
    except DomainError as exc:
        raise UsageError(texts.t(exc.text_key, **exc.params)) from None
    finally:
        await app.close()
    params = {
        "unit": created.unit.name,
        "role": texts.t(f"roles.{role.value}"),
        "uses": created.max_uses,
        "expires": moment_text(created.expires_at, settings.organisation.zone),
    }
    username = await _bot_username(settings)
    if username:
        print(texts.t("cli.invite_link", **params))
        print(f"https://t.me/{username}?start={created.token}")
    else:
        print(texts.t("cli.invite_command", **params))
        print(f"thamgia {created.token}")
    return 0


def check_range(texts: Texts, option: str, value: int | None, bounds: tuple[int, int]) -> None:
    """Refuse a command-line number outside ``bounds`` (inclusive); ``None`` is not given."""
    low, high = bounds
    if value is not None and not low <= value <= high:
        raise UsageError(
            texts.t("cli.out_of_range", option=option, value=value, min=low, max=high)
        )


async def run_import_units(settings: Settings, texts: Texts, file: Path) -> int:
    """Add or update units from a CSV file."""
    try:
        units = parse_units_csv(await asyncio.to_thread(file.read_text, encoding="utf-8"))
    except (OSError, UnicodeDecodeError, UnitImportError) as exc:
        raise UsageError(texts.t("cli.import_error", problem=exc)) from None
    kinds = [kind.code for kind in settings.unit_kinds]
    for unit in units:
        if unit.kind not in kinds:
            problem = f"{unit.code}: unknown kind {unit.kind!r}; one of {', '.join(kinds)}"
            raise UsageError(texts.t("cli.import_error", problem=problem))
    app = await open_app(settings, texts=texts)
    try:
        result = await app.services.units.sync(units, actor=CLI)
    finally:
        await app.close()
    print(texts.t("cli.imported", added=result.added, updated=result.updated))
    return 0


def cli_date(texts: Texts, option: str, value: str | None) -> date | None:
    """Parse a ``DD/MM/YYYY`` option; a malformed one is a :class:`UsageError`."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except InvalidInput:
        problem = texts.t("export.cli.bad_date", option=option, value=value)
        raise UsageError(strip_html(problem)) from None


async def _bot_username(settings: Settings) -> str:
    """Return the bot's username: from config, else from ``getMe`` when a token is set."""
    if settings.telegram.bot_username:
        return settings.telegram.bot_username
    if settings.telegram.token is None:
        return ""
    from telegram import Bot

    bot = Bot(
        settings.telegram.token.get_secret_value(),
        base_url=settings.telegram.base_url,
        base_file_url=settings.telegram.base_file_url,
    )
    async with bot:
        return bot.username
