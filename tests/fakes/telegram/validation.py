"""Validation of what the bot sends: text and parse mode, keyboards, command menus."""

from __future__ import annotations

import re
from typing import Any, Final

from tests.fakes.telegram.html import TelegramHtmlError, parse_telegram_html, utf16_length
from tests.fakes.telegram.params import decode_param
from tests.fakes.telegram.protocol import (
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_COMMAND_DESCRIPTION,
    MAX_COMMANDS,
    MAX_TEXT_LENGTH,
    JsonDict,
    ScopeKey,
    bad_request,
)

_BUTTON_ACTIONS: Final = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_BUTTON_URL_PREFIXES: Final = ("http://", "https://", "tg://")
_REPLY_MARKUP_KINDS: Final = ("keyboard", "remove_keyboard", "force_reply")
_COMMAND_NAME_RE: Final = re.compile(r"[a-z0-9_]{1,32}")

_SIMPLE_SCOPES: Final = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}
)
_CHAT_SCOPES: Final = frozenset({"chat", "chat_administrators"})

_PARSE_MODES: Final = frozenset({"html", "markdown", "markdownv2"})


def inline_keyboard(markup: JsonDict | None) -> list[list[JsonDict]] | None:
    if markup is None:
        return None
    keyboard = markup.get("inline_keyboard")
    return keyboard if isinstance(keyboard, list) and keyboard else None


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: Object expected as a button")
    text = button.get("text")
    if not isinstance(text, str) or not text:
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be a non-empty String'
        )
    if not any(action in button for action in _BUTTON_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(_BUTTON_URL_PREFIXES):
            raise bad_request("BUTTON_URL_INVALID")


def validate_markup(markup: Any, *, inline_only: bool) -> JsonDict | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'can\'t parse inline keyboard markup: Field "inline_keyboard" must be an Array'
                " of Arrays"
            )
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        return markup if rows else None
    if inline_only:
        raise bad_request("inline keyboard expected")
    if not any(kind in markup for kind in _REPLY_MARKUP_KINDS):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def scope_key_of(scope: Any) -> ScopeKey:
    if scope is None:
        return ("default",)
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind in _SIMPLE_SCOPES:
        return (kind,)
    chat_id = decode_param("chat_id", scope.get("chat_id"))
    if not isinstance(chat_id, int):
        raise bad_request("chat not found")
    if kind in _CHAT_SCOPES:
        return (kind, chat_id)
    user_id = scope.get("user_id")
    if kind == "chat_member" and isinstance(user_id, int):
        return (kind, chat_id, user_id)
    raise bad_request("wrong scope type specified")


def validate_commands(commands: Any) -> list[tuple[str, str]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[tuple[str, str]] = []
    for command in commands:
        name = command.get("command") if isinstance(command, dict) else None
        if not isinstance(name, str) or not _COMMAND_NAME_RE.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        description = command.get("description")
        if (
            not isinstance(description, str)
            or not description.strip()
            or len(description) > MAX_COMMAND_DESCRIPTION
        ):
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append((name, description))
    return result


def render_text(
    text: Any, parse_mode: Any, entities: Any, *, caption: bool
) -> tuple[str, list[Any]]:
    """Apply the parse mode and Telegram's length rules; return the plain text and entities."""
    if text is None and caption:
        return "", []
    if not isinstance(text, str):
        raise bad_request("message text is empty")
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        try:
            plain, parsed = parse_telegram_html(text)
        except TelegramHtmlError as err:
            raise bad_request(f"can't parse entities: {err}") from None
    else:
        # Markdown modes are not parsed: their markup counts towards the length.
        plain, parsed = text, entities if isinstance(entities, list) else []
    if not caption and not plain.strip():
        raise bad_request("message text is empty")
    limit = MAX_CAPTION_LENGTH if caption else MAX_TEXT_LENGTH
    if utf16_length(plain) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return plain, parsed


def parse_mode_of(params: JsonDict) -> str | None:
    mode = params.get("parse_mode")
    if mode is None or mode == "":
        return None
    if not isinstance(mode, str) or mode.lower() not in _PARSE_MODES:
        raise bad_request("unsupported parse_mode")
    return mode
