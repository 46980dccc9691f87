"""Sending on Telegram, with platform errors mapped to the core's delivery errors."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from telegram import (
    Bot,
    BotCommandScopeChat,
    MenuButtonDefault,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.mapping import bot_commands, keyboard
from bot.formatting import split_html
from bot.ports import (
    TEXT_LIMITS,
    Capabilities,
    Channel,
    Command,
    PermanentFailure,
    RecipientBlocked,
    Reply,
    RetryLater,
    TransientFailure,
)

TEXT_LIMIT = TEXT_LIMITS[Channel.TELEGRAM]
CAPTION_LIMIT = 1024
MENU_MEMORY = 50_000


@asynccontextmanager
async def delivery_errors() -> AsyncIterator[None]:
    """Translate python-telegram-bot errors into :class:`bot.ports.DeliveryError` values."""
    try:
        yield
    except Forbidden as exc:
        never = "initiate conversation" in exc.message
        raise RecipientBlocked(exc.message, never_started=never) from exc
    except RetryAfter as exc:
        wait = exc.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        raise RetryLater(seconds) from exc
    except BadRequest as exc:
        if "chat not found" in exc.message.lower():
            raise RecipientBlocked(exc.message, never_started=True) from exc
        raise PermanentFailure(exc.message) from exc
    except (NetworkError, TelegramError) as exc:
        raise TransientFailure(str(exc)) from exc


@dataclass(frozen=True, slots=True)
class MiniAppButton:
    """The chat's menu button that opens the Mini App at ``url``, labelled ``text``, for
    the people whose command menu has ``command`` (the web app's own command)."""

    text: str
    url: str
    command: str = "web"


class TelegramMessenger:
    """Implements :class:`bot.ports.Messenger` for Telegram."""

    capabilities = Capabilities(buttons=True, edit=True, html=True, max_text=TEXT_LIMIT)

    def __init__(self, bot: Bot, mini_app: MiniAppButton | None = None) -> None:
        """``mini_app``: the menu button set, with each person's command menu, for those
        who may use the web app (none: Telegram's default button for everyone)."""
        self._bot = bot
        self._mini_app = mini_app
        # The menu last set per chat: setting the same one again is a wasted API call.
        self._menus: OrderedDict[str, tuple[Command, ...]] = OrderedDict()
        # What each recent message shows: editing it into the same screen (a double tap) is
        # refused by Telegram with a 400, so it is not asked.
        self._shown: OrderedDict[tuple[str, str], int] = OrderedDict()

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Send a reply (split if too long; buttons go with the last part)."""
        chunks = split_html(reply.text, TEXT_LIMIT) or [reply.text]
        if reply.photo is not None and not reply.text.strip():
            chunks = []  # a photo alone: its caption says it all, the buttons go with it
        message_id = ""
        async with delivery_errors():
            # The menu first, so it is in place when the person reads the message.
            if reply.commands is not None and self._menus.get(chat_id) != reply.commands:
                await self._bot.set_my_commands(
                    bot_commands(reply.commands), scope=BotCommandScopeChat(int(chat_id))
                )
                await self._set_menu_button(chat_id, reply.commands)
                self._remember_menu(chat_id, reply.commands)
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                sent = await self._bot.send_message(
                    chat_id=int(chat_id),
                    text=chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(reply) if last else None,
                )
                message_id = str(sent.message_id)
            if chunks:
                self._remember_shown((chat_id, message_id), hash((chunks[-1], reply.buttons)))
            if reply.document is not None:
                await self._bot.send_document(
                    chat_id=int(chat_id),
                    document=reply.document.file_id or reply.document.content,
                    filename=None if reply.document.file_id else reply.document.name,
                    caption=reply.document.caption[:CAPTION_LIMIT] or None,
                    parse_mode=ParseMode.HTML,
                )
            if reply.photo is not None:
                photo = await self._bot.send_photo(
                    chat_id=int(chat_id),
                    photo=reply.photo.file_id or reply.photo.content,
                    caption=reply.photo.caption[:CAPTION_LIMIT] or None,
                    parse_mode=ParseMode.HTML,
                    reply_markup=None if chunks else keyboard(reply),
                )
                message_id = message_id or str(photo.message_id)
        return message_id

    async def _set_menu_button(self, chat_id: str, commands: tuple[Command, ...]) -> None:
        """The Mini App button with a menu that has the web app's command; back to the
        default when the menu this process last set had it (the role changed)."""
        button = self._mini_app
        if button is None:
            return
        if any(command.name == button.command for command in commands):
            web_app = MenuButtonWebApp(button.text, WebAppInfo(button.url))
            await self._bot.set_chat_menu_button(chat_id=int(chat_id), menu_button=web_app)
            return
        before = self._menus.get(chat_id, ())
        if any(command.name == button.command for command in before):
            default = MenuButtonDefault()
            await self._bot.set_chat_menu_button(chat_id=int(chat_id), menu_button=default)

    async def download(self, file_id: str) -> bytes:
        """Fetch a file a person sent (``getFile``, then the file URL)."""
        async with delivery_errors():
            file = await self._bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())

    def _remember_menu(self, chat_id: str, commands: tuple[Command, ...]) -> None:
        self._menus[chat_id] = commands
        self._menus.move_to_end(chat_id)
        if len(self._menus) > MENU_MEMORY:
            self._menus.popitem(last=False)

    def _remember_shown(self, key: tuple[str, str], screen: int) -> None:
        self._shown[key] = screen
        self._shown.move_to_end(key)
        if len(self._shown) > MENU_MEMORY:
            self._shown.popitem(last=False)

    def _forget_shown(self, key: tuple[str, str], before: int | None) -> None:
        if before is None:
            self._shown.pop(key, None)
        else:
            self._shown[key] = before

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Replace the text and buttons of a message the bot sent."""
        if reply.photo is not None or len(split_html(reply.text, TEXT_LIMIT)) > 1:
            await self.send(chat_id, reply)
            return
        key, screen = (chat_id, message_id), hash((reply.text, reply.buttons))
        if self._shown.get(key) == screen:
            return
        # Remembered before the call: a second tap handled meanwhile sees it and asks nothing.
        before = self._shown.get(key)
        self._remember_shown(key, screen)
        try:
            async with delivery_errors():
                await self._bot.edit_message_text(
                    chat_id=int(chat_id),
                    message_id=int(message_id),
                    text=reply.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(reply),
                )
        except PermanentFailure as exc:
            # The same screen shown by an earlier run of the bot (forgotten at the restart).
            if "message is not modified" in str(exc).lower():
                return
            self._forget_shown(key, before)
            # The message is too old or gone: say it in a new one.
            await self.send(chat_id, reply)
        except BaseException:
            self._forget_shown(key, before)
            raise
