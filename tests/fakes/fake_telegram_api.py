"""A fake Telegram Bot API HTTP server for tests, bound to 127.0.0.1.

python-telegram-bot (PTB) is pointed at it with
``ApplicationBuilder().base_url(fake.base_url).base_file_url(fake.base_file_url)`` (or the same
arguments of ``telegram.Bot``), so the real PTB request/response code runs against an in-process
server that behaves like Telegram for the methods the bot uses: the same JSON envelopes, HTTP
statuses, error descriptions, HTML validation, limits, long polling and file downloads.

Tests inject user activity with the ``push_*`` methods, inspect what the bot sent through
``sent``/``calls`` and the query helpers, and make Telegram misbehave with ``block``,
``never_started`` and ``fail_next``. Calls to methods the fake does not implement answer 404 (as
Telegram does for unknown methods) and are kept in ``unknown_calls`` so a test notices them.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any, Final, Self, TypeAlias

from aiohttp import web

__all__ = [
    "MAX_CALLBACK_ANSWER_LENGTH",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "ApiCall",
    "FakeTelegramApi",
    "SentMessage",
    "TelegramHtmlError",
    "UploadedFile",
    "parse_telegram_html",
    "utf16_length",
]

JsonDict: TypeAlias = dict[str, Any]
ScopeKey: TypeAlias = tuple[str | int, ...]

MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_CALLBACK_ANSWER_LENGTH: Final = 200
MAX_COMMANDS: Final = 100
MAX_COMMAND_DESCRIPTION: Final = 256
MAX_UPDATES_PER_POLL: Final = 100

# With record=False the per-chat message store is the only thing that would still grow with
# traffic; edits and callbacks only ever target recent messages, so older ones are dropped.
_UNRECORDED_HISTORY: Final = 200
# Long polls are woken on stop(), so the graceful shutdown never needs long; the bound only
# protects a test run from a hung client connection.
_SHUTDOWN_TIMEOUT: Final = 2.0
_MAX_REQUEST_BYTES: Final = 64 * 1024 * 1024
_RECENT_CALLS: Final = 8

_HANDLED_METHODS: Final = (
    "getMe",
    "getUpdates",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendPhoto",
    "sendDocument",
    "getFile",
    "sendChatAction",
    "close",
    "logOut",
)
# The Bot API treats method names case-insensitively.
_CANONICAL_METHODS: Final = {name.lower(): name for name in _HANDLED_METHODS}

# PTB (like most clients) sends every parameter as a form field: strings verbatim, everything
# else JSON-encoded. The field names alone tell which fields need decoding (types from the
# Bot API spec for the implemented methods).
_CHAT_ID_PARAMS: Final = frozenset({"chat_id", "from_chat_id"})
_INT_PARAMS: Final = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "cache_time",
        "max_connections",
        "message_thread_id",
        "direct_messages_topic_id",
        "reply_to_message_id",
        "user_id",
        "width",
        "height",
        "duration",
    }
)
_NUMBER_PARAMS: Final = frozenset({"timeout"})
_BOOL_PARAMS: Final = frozenset(
    {
        "allow_paid_broadcast",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "disable_notification",
        "disable_web_page_preview",
        "drop_pending_updates",
        "has_spoiler",
        "protect_content",
        "show_alert",
        "show_caption_above_media",
    }
)
_JSON_PARAMS: Final = frozenset(
    {
        "allowed_updates",
        "caption_entities",
        "commands",
        "entities",
        "link_preview_options",
        "media",
        "reply_markup",
        "reply_parameters",
        "scope",
        "suggested_post_parameters",
    }
)
_INT_RE: Final = re.compile(r"-?\d+")
_ATTACH_PREFIX: Final = "attach://"

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
_INCOMING_COMMAND_RE: Final = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")
_SIMPLE_SCOPES: Final = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}
)
_CHAT_SCOPES: Final = frozenset({"chat", "chat_administrators"})
_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_PARSE_MODES: Final = frozenset({"html", "markdown", "markdownv2"})
_STATUS_DESCRIPTIONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_DEFAULT_PHOTO_SIZE: Final = (1280, 720)

NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)
BLOCKED: Final = "Forbidden: bot was blocked by the user"
NEVER_STARTED: Final = "Forbidden: bot can't initiate conversation with a user"
_POLL_CONFLICT: Final = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is"
    " running"
)
_WEBHOOK_CONFLICT: Final = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete"
    " the webhook first"
)
_QUERY_INVALID: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)


# --------------------------------------------------------------------------- public records


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request.

    Attributes:
        field_name: Name of the multipart field the file came in.
        file_name: File name given by the client.
        content: The uploaded bytes.
        mime_type: Content type given by the client.
    """

    field_name: str
    file_name: str
    content: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One Bot API request the fake answered.

    Attributes:
        method: Canonical method name as the Bot API spells it (e.g. ``sendMessage``); for
            unknown methods, the name as requested.
        params: Decoded parameters: numbers, booleans and JSON-encoded objects are decoded,
            uploaded files are ``UploadedFile``.
        status: HTTP status of the answer (200 on success, else Telegram's ``error_code``).
    """

    method: str
    params: JsonDict
    status: int


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot sent or edited successfully.

    Attributes:
        chat_id: Chat the message is in.
        message_id: Message id in that chat.
        text: Text (or caption) exactly as the bot sent it, markup included; ``None`` for a
            media message without caption.
        parse_mode: The ``parse_mode`` parameter, if any.
        reply_markup: Decoded ``reply_markup`` now attached to the message, if any.
        method: Bot API method that produced this record.
        edited: Whether the record is an edit of an earlier message.
        plain_text: Text as the user sees it (HTML tags removed, entities unescaped).
        file_name: For documents and photos, the uploaded (or referenced) file name.
        file_content: For documents and photos, the file bytes.
    """

    chat_id: int
    message_id: int
    text: str | None
    parse_mode: str | None
    reply_markup: JsonDict | None
    method: str
    edited: bool
    plain_text: str | None = None
    file_name: str | None = None
    file_content: bytes | None = None


# --------------------------------------------------------------------------- HTML parse mode


class TelegramHtmlError(ValueError):
    """Raised by ``parse_telegram_html`` for text that Telegram's HTML parser would reject."""


_HTML_TAG_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE: Final = re.compile(
    r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7}));"
)
_PLAIN_RUN_RE: Final = re.compile(r"[^<>&]+")
_START_TAG_RE: Final = re.compile(r"<([^\s>]*)")
_END_TAG_RE: Final = re.compile(r"</([^\s>]*)\s*>")
_ATTRIBUTE_RE: Final = re.compile(r"([^\s=>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_WHITESPACE_RE: Final = re.compile(r"\s*")
_MAX_CODE_POINT: Final = 0x10FFFF
_SURROGATES: Final = range(0xD800, 0xE000)


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's length limits.

    Args:
        text: Any string.

    Returns:
        Number of UTF-16 code units (characters outside the BMP count twice).
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


def _decode_entity(match: re.Match[str]) -> str | None:
    named, decimal, hexadecimal = match.groups()
    if named is not None:
        return _NAMED_ENTITIES[named]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > _MAX_CODE_POINT or code in _SURROGATES:
        return None
    return chr(code)


def _unescape(source: str, start: int, end: int) -> str:
    """Decode the HTML entities of ``source[start:end]``, rejecting a bare ``&``."""
    parts: list[str] = []
    index = start
    while index < end:
        amp = source.find("&", index, end)
        if amp < 0:
            parts.append(source[index:end])
            break
        parts.append(source[index:amp])
        match = _HTML_ENTITY_RE.match(source, amp, end)
        decoded = _decode_entity(match) if match else None
        if match is None or decoded is None:
            raise TelegramHtmlError(
                f'Unescaped "&" at byte offset {_byte_offset(source, amp)}; use "&amp;"'
            )
        parts.append(decoded)
        index = match.end()
    return "".join(parts)


@dataclass(slots=True)
class _OpenTag:
    name: str
    entity: JsonDict | None
    offset: int


class _HtmlParser:
    """Telegram's HTML parse mode (tdlib's ``parse_html``), stricter about bare ``>``/``&``.

    tdlib keeps a stray ``>`` or an ``&`` that starts no entity literally; the Bot API docs
    require escaping them, so the fake rejects them to catch unescaped user values early.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.offset = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JsonDict] = []

    def parse(self) -> tuple[str, list[JsonDict]]:
        source = self.source
        index = 0
        while index < len(source):
            char = source[index]
            if char == "<":
                index = self._tag(index)
            elif char in "&>":
                index = self._special(index)
            else:
                match = _PLAIN_RUN_RE.match(source, index)
                assert match is not None
                self._append(match.group())
                index = match.end()
        if self.stack:
            raise TelegramHtmlError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.parts), self.entities

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_length(text)

    def _error(self, message: str, index: int) -> TelegramHtmlError:
        return TelegramHtmlError(f"{message} at byte offset {_byte_offset(self.source, index)}")

    def _special(self, index: int) -> int:
        if self.source[index] == ">":
            raise self._error('Unescaped ">" (use "&gt;")', index)
        match = _HTML_ENTITY_RE.match(self.source, index)
        decoded = _decode_entity(match) if match else None
        if match is None or decoded is None:
            raise self._error('Unescaped "&" (use "&amp;")', index)
        self._append(decoded)
        return match.end()

    def _tag(self, index: int) -> int:
        if self.source.startswith("</", index):
            return self._end_tag(index)
        match = _START_TAG_RE.match(self.source, index)
        assert match is not None
        name = match.group(1).lower()
        if name not in _HTML_TAG_TYPES:
            raise self._error(f'Unsupported start tag "{match.group(1)}"', index)
        attributes, end = self._attributes(match.end(), index)
        self.stack.append(_OpenTag(name, self._entity_for(name, attributes, index), self.offset))
        return end

    def _attributes(self, position: int, tag_index: int) -> tuple[dict[str, str], int]:
        source = self.source
        attributes: dict[str, str] = {}
        while True:
            space = _WHITESPACE_RE.match(source, position)
            position = space.end() if space else position
            if position >= len(source):
                raise self._error("Unclosed start tag", tag_index)
            if source[position] == ">":
                return attributes, position + 1
            match = _ATTRIBUTE_RE.match(source, position)
            if match is None:
                raise self._error("Empty attribute name in the tag", tag_index)
            value = match.group(2) or ""
            start, end = match.start(2), match.end(2)
            if value[:1] in {'"', "'"}:
                start, end = start + 1, end - 1
            attributes[match.group(1).lower()] = _unescape(source, start, end) if value else ""
            position = match.end()

    def _entity_for(self, name: str, attributes: dict[str, str], index: int) -> JsonDict | None:
        entity_type = _HTML_TAG_TYPES[name]
        if name == "a":
            href = attributes.get("href", "")
            return {"type": entity_type, "url": href} if href else None
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise self._error('Tag "span" must have class "tg-spoiler"', index)
        if name == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise self._error('Tag "tg-emoji" must have a numeric "emoji-id"', index)
            return {"type": entity_type, "custom_emoji_id": emoji_id}
        if name == "blockquote" and "expandable" in attributes:
            return {"type": "expandable_blockquote"}
        language = attributes.get("class", "")
        if name == "code" and language.startswith("language-") and self.stack:
            parent = self.stack[-1]
            if parent.name == "pre" and parent.entity is not None and parent.offset == self.offset:
                # <pre><code class="language-x"> is one pre entity with a language, as in tdlib.
                parent.entity["language"] = language.removeprefix("language-")
                return None
        return {"type": entity_type}

    def _end_tag(self, index: int) -> int:
        match = _END_TAG_RE.match(self.source, index)
        if match is None:
            raise self._error("Unclosed end tag", index)
        name = match.group(1).lower()
        if not self.stack:
            raise self._error("Unexpected end tag", index)
        top = self.stack[-1]
        if name != top.name:
            raise self._error(
                f'Unmatched end tag, expected "</{top.name}>", found "</{match.group(1)}>"', index
            )
        self.stack.pop()
        length = self.offset - top.offset
        if top.entity is not None and length > 0:
            self.entities.append({**top.entity, "offset": top.offset, "length": length})
        return match.end()


def parse_telegram_html(text: str) -> tuple[str, list[JsonDict]]:
    """Parse text in Telegram's HTML parse mode the way the Bot API does.

    Args:
        text: Message text with HTML markup.

    Returns:
        The plain text the user sees and its ``MessageEntity`` dicts (offsets in UTF-16 units).

    Raises:
        TelegramHtmlError: For unsupported tags, unclosed or mismatched tags, and a ``<``, ``>``
            or ``&`` that is neither part of a tag nor a valid entity.
    """
    return _HtmlParser(text).parse()


# --------------------------------------------------------------------------- internals


class _ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": status, ...}`` with that HTTP status."""

    def __init__(self, status: int, description: str, parameters: JsonDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JsonDict:
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(reason: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {reason}")


@dataclass(slots=True)
class _Failure:
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    remaining: int

    def error(self) -> _ApiError:
        parameters = {"retry_after": self.retry_after} if self.retry_after is not None else None
        return _ApiError(self.status, self.description, parameters)


@dataclass(frozen=True, slots=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None
    mime_type: str | None
    width: int
    height: int

    def file_json(self) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }

    def message_fields(self, kind: str) -> JsonDict:
        base = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if kind == "photo":
            return {"photo": [{**base, "width": self.width, "height": self.height}]}
        document = dict(base)
        if self.file_name is not None:
            document["file_name"] = self.file_name
        if self.mime_type is not None:
            document["mime_type"] = self.mime_type
        return {"document": document}


@dataclass(slots=True)
class _StoredMessage:
    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    sender: JsonDict
    kind: str
    text: str | None = None
    plain_text: str = ""
    entities: list[JsonDict] = field(default_factory=list)
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    file: _StoredFile | None = None
    reply_to: int | None = None
    edit_date: int | None = None


def _now() -> int:
    return int(time.time())


def _decode_chat_id(value: str) -> int | str:
    return int(value) if _INT_RE.fullmatch(value) else value


def _decode_number(value: str) -> int | float:
    return float(value) if "." in value else int(value)


def _decode_bool(value: str) -> bool:
    return value.lower() in {"true", "1"}


_DECODERS: Final[dict[str, Callable[[str], Any]]] = {
    **dict.fromkeys(_CHAT_ID_PARAMS, _decode_chat_id),
    **dict.fromkeys(_INT_PARAMS, int),
    **dict.fromkeys(_NUMBER_PARAMS, _decode_number),
    **dict.fromkeys(_BOOL_PARAMS, _decode_bool),
    **dict.fromkeys(_JSON_PARAMS, json.loads),
}


def _decode_param(name: str, value: Any) -> Any:
    """Turn one form/query field back into the JSON value the client meant."""
    if not isinstance(value, str):
        return value
    decoder = _DECODERS.get(name)
    if decoder is not None:
        try:
            return decoder(value)
        except ValueError:
            reason = f"can't parse {name} JSON object" if name in _JSON_PARAMS else None
            raise _bad_request(reason or f"invalid {name} specified") from None
    if value[:1] in {"{", "["}:
        # Unknown parameters: clients JSON-encode objects and arrays, never plain strings.
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def _read_params(request: web.Request) -> JsonDict:
    raw: JsonDict = dict(request.query)
    uploads: dict[str, UploadedFile] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad_request("can't parse JSON request body") from None
            if not isinstance(body, dict):
                raise _bad_request("JSON request body must be an object")
            raw.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    content = value.file.read()
                    uploads[key] = UploadedFile(key, value.filename, content, value.content_type)
                elif isinstance(value, str):
                    raw[key] = value
                else:
                    raw[key] = bytes(value).decode()
    params = {key: _decode_param(key, value) for key, value in raw.items()}
    for key, value in params.items():
        # Files that a parameter references as attach://<field> take that parameter's name.
        if isinstance(value, str) and value.startswith(_ATTACH_PREFIX):
            upload = uploads.pop(value.removeprefix(_ATTACH_PREFIX), None)
            if upload is not None:
                params[key] = upload
    params.update(uploads)
    return params


def _chat_of(params: JsonDict) -> int | None:
    chat_id = params.get("chat_id")
    return chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None


def _default_description(status: int, retry_after: int | None) -> str:
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        return f"Too Many Requests: retry after {retry_after}"
    if status in _STATUS_DESCRIPTIONS:
        return _STATUS_DESCRIPTIONS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def _inline_keyboard(markup: JsonDict | None) -> list[list[JsonDict]] | None:
    if markup is None:
        return None
    keyboard = markup.get("inline_keyboard")
    return keyboard if isinstance(keyboard, list) and keyboard else None


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad_request("can't parse inline keyboard button: Object expected as a button")
    text = button.get("text")
    if not isinstance(text, str) or not text:
        raise _bad_request(
            'can\'t parse inline keyboard button: Field "text" must be a non-empty String'
        )
    if not any(action in button for action in _BUTTON_ACTIONS):
        raise _bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise _bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(_BUTTON_URL_PREFIXES):
            raise _bad_request("BUTTON_URL_INVALID")


def _validate_markup(markup: Any, *, inline_only: bool) -> JsonDict | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'can\'t parse inline keyboard markup: Field "inline_keyboard" must be an Array'
                " of Arrays"
            )
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        return markup if rows else None
    if inline_only:
        raise _bad_request("inline keyboard expected")
    if not any(kind in markup for kind in _REPLY_MARKUP_KINDS):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _scope_key(scope: Any) -> ScopeKey:
    if scope is None:
        return ("default",)
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise _bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind in _SIMPLE_SCOPES:
        return (kind,)
    chat_id = _decode_param("chat_id", scope.get("chat_id"))
    if not isinstance(chat_id, int):
        raise _bad_request("chat not found")
    if kind in _CHAT_SCOPES:
        return (kind, chat_id)
    user_id = scope.get("user_id")
    if kind == "chat_member" and isinstance(user_id, int):
        return (kind, chat_id, user_id)
    raise _bad_request("wrong scope type specified")


def _validate_commands(commands: Any) -> list[tuple[str, str]]:
    if not isinstance(commands, list):
        raise _bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise _bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[tuple[str, str]] = []
    for command in commands:
        name = command.get("command") if isinstance(command, dict) else None
        if not isinstance(name, str) or not _COMMAND_NAME_RE.fullmatch(name):
            raise _bad_request("BOT_COMMAND_INVALID")
        description = command.get("description")
        if (
            not isinstance(description, str)
            or not description.strip()
            or len(description) > MAX_COMMAND_DESCRIPTION
        ):
            raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append((name, description))
    return result


def _render(text: Any, parse_mode: Any, entities: Any, *, caption: bool) -> tuple[str, list[Any]]:
    """Apply the parse mode and Telegram's length rules; return the plain text and entities."""
    if text is None and caption:
        return "", []
    if not isinstance(text, str):
        raise _bad_request("message text is empty")
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        try:
            plain, parsed = parse_telegram_html(text)
        except TelegramHtmlError as err:
            raise _bad_request(f"can't parse entities: {err}") from None
    else:
        # Markdown modes are not parsed: their markup counts towards the length.
        plain, parsed = text, entities if isinstance(entities, list) else []
    if not caption and not plain.strip():
        raise _bad_request("message text is empty")
    limit = MAX_CAPTION_LENGTH if caption else MAX_TEXT_LENGTH
    if utf16_length(plain) > limit:
        raise _bad_request("message caption is too long" if caption else "message is too long")
    return plain, parsed


def _parse_mode(params: JsonDict) -> str | None:
    mode = params.get("parse_mode")
    if mode is None or mode == "":
        return None
    if not isinstance(mode, str) or mode.lower() not in _PARSE_MODES:
        raise _bad_request("unsupported parse_mode")
    return mode


def _png_size(content: bytes) -> tuple[int, int] | None:
    if content.startswith(_PNG_SIGNATURE) and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return None


def _swap(event: asyncio.Event) -> asyncio.Event:
    """Wake everyone waiting on ``event`` and return a fresh event for the next change.

    Swapping events instead of notifying a Condition lets the synchronous ``push_*`` methods
    wake waiters without taking an asyncio lock.
    """
    event.set()
    return asyncio.Event()


# --------------------------------------------------------------------------- the fake


class FakeTelegramApi:
    """In-process fake of the Telegram Bot API for PTB-based tests and benchmarks.

    Deliberate differences from Telegram: sends to chats the fake never saw succeed (use
    ``never_started``/``block`` for refusals); HTML is validated more strictly (see
    ``parse_telegram_html``); Markdown parse modes are not parsed, so their markup counts
    towards the length limits; inline messages and URL downloads are not supported.

    Args:
        bot_username: Username ``getMe`` reports.
        bot_id: User id ``getMe`` reports (also the ``from`` of the bot's messages).
        record: Keep ``calls``, ``sent`` and callback answers. Pass ``False`` in benchmarks so
            memory stays flat; counters (``sent_count``, ``sent_count_to``) still work.

    Attributes:
        calls: Every answered request of an implemented method, in completion order.
        sent: Every message the bot sent or edited successfully, in order.
        unknown_calls: Requests of methods the fake does not implement (answered 404).
        callback_answers: ``answerCallbackQuery`` parameters by callback query id.
        internal_errors: Descriptions of crashes inside the fake (answered 500).
    """

    def __init__(
        self,
        bot_username: str = "thidua_test_bot",
        bot_id: int = 7000001,
        *,
        record: bool = True,
    ) -> None:
        self.bot_username = bot_username
        self.bot_id = bot_id
        self._record = record
        self._bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Thi đua bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[ApiCall] = []
        self.sent: list[SentMessage] = []
        self.unknown_calls: list[ApiCall] = []
        self.callback_answers: dict[str, JsonDict] = {}
        self.internal_errors: list[str] = []
        #: Called with the chat id after every message sent or edited (benchmarks time replies).
        self.on_sent: Callable[[int], None] | None = None
        #: Called with ``(method, chat_id, status)`` after every answered API call.
        self.on_call: Callable[[str, int | None, int], None] | None = None
        self._recent_calls: deque[ApiCall] = deque(maxlen=_RECENT_CALLS)

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._changed = asyncio.Event()
        self._update_arrived = asyncio.Event()

        self._pending: deque[JsonDict] = deque()
        self._last_update_id = 0
        self._confirmed_offset = 0
        self._poll_generation = 0
        self._active_polls = 0
        self._webhook: JsonDict = {}

        self._users: dict[int, JsonDict] = {}
        self._chats: dict[int, JsonDict] = {}
        self._message_seq: Counter[int] = Counter()
        self._messages: dict[int, dict[int, _StoredMessage]] = {}
        self._last_bot_message: dict[int, int] = {}
        self._sent_by_chat: dict[int, list[SentMessage]] = {}
        self._sent_total = 0
        self._sent_counts: Counter[int] = Counter()
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._file_seq = 0
        self._callback_seq = 0
        self._open_queries: set[str] = set()
        self._commands: dict[tuple[ScopeKey, str], list[tuple[str, str]]] = {}

        self._blocked: set[int] = set()
        self._never_started: set[int] = set()
        self._failures: dict[str, list[_Failure]] = {}

        self._handlers: dict[str, Callable[[JsonDict], Any]] = {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "close": self._ok,
            "logOut": self._ok,
        }

    # ----------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Start serving on an ephemeral port of 127.0.0.1."""
        if self._runner is not None:
            return
        app = web.Application(client_max_size=_MAX_REQUEST_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._closing = False
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Answer pending long polls with ``[]`` and shut the server down."""
        if self._runner is None:
            return
        self._closing = True
        self._update_arrived = _swap(self._update_arrived)
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """TCP port the server listens on (only after ``start``)."""
        if self._port is None:
            raise RuntimeError("FakeTelegramApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's ``base_file_url`` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> JsonDict:
        """The ``User`` dict ``getMe`` answers."""
        return dict(self._bot_user)

    # ----------------------------------------------------------------------- failure injection

    def block(self, chat_id: int) -> None:
        """Make every send/edit to ``chat_id`` fail with 403 "bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Undo ``block`` and ``never_started`` for ``chat_id``."""
        self._blocked.discard(chat_id)
        self._never_started.discard(chat_id)

    def never_started(self, chat_id: int) -> None:
        """Make sends to ``chat_id`` fail with 403 "bot can't initiate conversation"."""
        self._never_started.add(chat_id)

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer an error.

        Args:
            method: Bot API method name (any case); must be one the fake implements.
            status: HTTP status and ``error_code``, e.g. 429, 500, 502.
            description: Error description; defaults to Telegram's wording for the status
                ("Too Many Requests: retry after N" for 429).
            retry_after: ``parameters.retry_after``; defaults to 1 for status 429.
            chat_id: Only fail calls for this chat (other calls pass untouched).
            times: How many calls fail.

        Raises:
            ValueError: For a method the fake does not implement or ``times < 1``.
        """
        canonical = _CANONICAL_METHODS.get(method.lower())
        if canonical is None:
            raise ValueError(f"FakeTelegramApi does not implement {method!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        if retry_after is None and status == HTTPStatus.TOO_MANY_REQUESTS:
            retry_after = 1
        text = description or _default_description(status, retry_after)
        failure = _Failure(status, text, retry_after, chat_id, times)
        self._failures.setdefault(canonical, []).append(failure)

    def _take_failure(self, method: str, chat_id: int | None) -> _ApiError | None:
        failures = self._failures.get(method)
        if not failures:
            return None
        for index, failure in enumerate(failures):
            if failure.chat_id is None or failure.chat_id == chat_id:
                failure.remaining -= 1
                if failure.remaining == 0:
                    del failures[index]
                return failure.error()
        return None

    # ----------------------------------------------------------------------- update injection

    def push_message(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Người dùng",
        last_name: str | None = None,
        username: str | None = None,
        queue: bool = True,
    ) -> JsonDict:
        """Inject a text message from a user.

        A leading command (``/start``, ``/top@bot``) gets a ``bot_command`` entity as Telegram
        adds it.

        Args:
            user_id: Sender's user id.
            text: Message text.
            chat_id: Chat id; defaults to ``user_id``, required for non-private chats.
            chat_type: "private", "group" or "supergroup".
            first_name: Sender's first name.
            last_name: Sender's last name.
            username: Sender's username (without @).
            queue: Queue the update for ``getUpdates``.

        Returns:
            The ``Update`` dict, JSON-shaped as Telegram sends it.
        """
        sender = self._remember_user(user_id, first_name, last_name, username)
        chat = self._remember_chat(user_id if chat_id is None else chat_id, chat_type, sender)
        entities: list[JsonDict] = []
        command = _INCOMING_COMMAND_RE.match(text)
        if command is not None:
            entities.append(
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group())}
            )
        message = _StoredMessage(
            chat_id=chat,
            message_id=self._next_message_id(chat),
            date=_now(),
            from_bot=False,
            sender=sender,
            kind="text",
            text=text,
            plain_text=text,
            entities=entities,
        )
        return self._push_user_message(message, queue=queue)

    def push_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Người dùng",
        last_name: str | None = None,
        username: str | None = None,
        queue: bool = True,
    ) -> JsonDict:
        """Inject a document message; its bytes become downloadable via ``getFile``.

        Args:
            user_id: Sender's user id.
            file_name: Document file name.
            content: Document bytes.
            mime_type: Document MIME type.
            caption: Optional caption.
            chat_id: Chat id; defaults to ``user_id``.
            chat_type: "private", "group" or "supergroup".
            first_name: Sender's first name.
            last_name: Sender's last name.
            username: Sender's username.
            queue: Queue the update for ``getUpdates``.

        Returns:
            The ``Update`` dict.
        """
        stored = self._register_file(content, "document", file_name=file_name, mime_type=mime_type)
        sender = self._remember_user(user_id, first_name, last_name, username)
        chat = self._remember_chat(user_id if chat_id is None else chat_id, chat_type, sender)
        return self._push_user_message(
            self._user_media(chat, sender, "document", stored, caption), queue=queue
        )

    def push_photo(
        self,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Người dùng",
        last_name: str | None = None,
        username: str | None = None,
        queue: bool = True,
    ) -> JsonDict:
        """Inject a photo message (one size); its bytes become downloadable via ``getFile``.

        Args:
            user_id: Sender's user id.
            content: Image bytes (PNG dimensions are read from the header).
            caption: Optional caption.
            chat_id: Chat id; defaults to ``user_id``.
            chat_type: "private", "group" or "supergroup".
            first_name: Sender's first name.
            last_name: Sender's last name.
            username: Sender's username.
            queue: Queue the update for ``getUpdates``.

        Returns:
            The ``Update`` dict.
        """
        stored = self._register_file(content, "photo")
        sender = self._remember_user(user_id, first_name, last_name, username)
        chat = self._remember_chat(user_id if chat_id is None else chat_id, chat_type, sender)
        return self._push_user_message(
            self._user_media(chat, sender, "photo", stored, caption), queue=queue
        )

    def push_callback(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        queue: bool = True,
    ) -> JsonDict:
        """Inject a callback query (a press on an inline button).

        ``data`` is not checked against the message's buttons: forged or stale data is a
        legitimate test input. Use ``button_data`` to press a real button.

        Args:
            user_id: User pressing the button.
            data: The callback data.
            message_id: Bot message carrying the button; defaults to the bot's last message in
                the chat. An unknown id yields an inaccessible message (``date`` 0).
            chat_id: Chat of the message; defaults to ``user_id``.
            queue: Queue the update for ``getUpdates``.

        Returns:
            The ``Update`` dict.

        Raises:
            AssertionError: If ``message_id`` is omitted and the bot sent nothing to the chat.
        """
        chat = user_id if chat_id is None else chat_id
        sender = self._users.get(user_id) or self._remember_user(user_id, "Người dùng", None, None)
        if message_id is None:
            last = self._last_bot_message_in(chat)
            if last is None:
                raise AssertionError(f"bot sent no message to chat {chat} to press a button on")
            message_id = last.message_id
        stored = self._messages.get(chat, {}).get(message_id)
        message = (
            self._message_json(stored)
            if stored is not None
            else {"chat": self._chat_json(chat), "message_id": message_id, "date": 0}
        )
        self._callback_seq += 1
        query_id = str(self.bot_id * 1_000_000 + self._callback_seq)
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": dict(sender),
            "message": message,
            "chat_instance": str(-chat if chat < 0 else chat * 7919),
            "data": data,
        }
        return self._emit({"callback_query": query}, queue=queue)

    def _remember_user(
        self, user_id: int, first_name: str, last_name: str | None, username: str | None
    ) -> JsonDict:
        user: JsonDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        self._users[user_id] = user
        return user

    def _remember_chat(self, chat_id: int, chat_type: str, user: JsonDict) -> int:
        if chat_type == "private":
            chat = {key: value for key, value in user.items() if key != "is_bot"}
            self._chats[chat_id] = {**chat, "id": chat_id, "type": "private"}
        elif chat_id == user["id"]:
            raise ValueError(f"a {chat_type} chat needs an explicit (negative) chat_id")
        else:
            known = self._chats.get(chat_id)
            title = known.get("title", f"Nhóm {chat_id}") if known else f"Nhóm {chat_id}"
            self._chats[chat_id] = {"id": chat_id, "type": chat_type, "title": title}
        return chat_id

    def _user_media(
        self,
        chat_id: int,
        sender: JsonDict,
        kind: str,
        stored: _StoredFile,
        caption: str | None,
    ) -> _StoredMessage:
        return _StoredMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            date=_now(),
            from_bot=False,
            sender=sender,
            kind=kind,
            text=caption,
            plain_text=caption or "",
            file=stored,
        )

    def _push_user_message(self, message: _StoredMessage, *, queue: bool) -> JsonDict:
        self._store_message(message)
        return self._emit({"message": self._message_json(message)}, queue=queue)

    def _emit(self, payload: JsonDict, *, queue: bool) -> JsonDict:
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, **payload}
        if queue:
            self._pending.append(update)
            self._update_arrived = _swap(self._update_arrived)
        self._notify()
        return update

    # ----------------------------------------------------------------------- inspection

    @property
    def confirmed_offset(self) -> int:
        """Highest ``offset`` any ``getUpdates`` call has passed (0 before the first)."""
        return self._confirmed_offset

    @property
    def pending_updates(self) -> int:
        """Number of queued updates not yet confirmed by a ``getUpdates`` offset."""
        return len(self._pending)

    @property
    def active_polls(self) -> int:
        """Number of ``getUpdates`` requests currently waiting (long polling)."""
        return self._active_polls

    @property
    def sent_count(self) -> int:
        """Number of messages sent or edited successfully (kept even with ``record=False``)."""
        return self._sent_total

    def sent_count_to(self, chat_id: int) -> int:
        """Number of messages sent or edited successfully in ``chat_id``.

        Args:
            chat_id: Chat id.

        Returns:
            The count (0 for an unknown chat).
        """
        return self._sent_counts[chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method.

        Args:
            method: Method name, any case.

        Returns:
            The matching ``ApiCall`` records in order.
        """
        canonical = _CANONICAL_METHODS.get(method.lower(), method)
        return [call for call in self.calls if call.method == canonical]

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent or edited in ``chat_id``, in order.

        Args:
            chat_id: Chat id.

        Returns:
            The ``SentMessage`` records (edits are separate records with ``edited=True``).

        Raises:
            RuntimeError: If the fake was created with ``record=False``.
        """
        if not self._record:
            raise RuntimeError("messages_to needs FakeTelegramApi(record=True)")
        return list(self._sent_by_chat.get(chat_id, ()))

    def last_text(self, chat_id: int) -> str:
        """Current text (or caption) of the bot's most recent message in ``chat_id``.

        Edits are reflected. The text is returned as the bot sent it, HTML markup included.

        Args:
            chat_id: Chat id.

        Returns:
            The text ("" for a media message without caption).

        Raises:
            AssertionError: If the bot sent nothing to the chat.
        """
        message = self._last_bot_message_in(chat_id)
        if message is None:
            raise AssertionError(f"bot sent no message to chat {chat_id}")
        return message.text or ""

    def buttons(self, chat_id: int) -> list[list[tuple[str, str]]]:
        """Inline keyboard of the bot's last message in ``chat_id`` that still has one.

        Args:
            chat_id: Chat id.

        Returns:
            Rows of ``(label, callback_data)``; ``callback_data`` is "" for buttons without it
            (e.g. URL buttons). Empty if no message in the chat has a keyboard.
        """
        for message in self._bot_messages_newest_first(chat_id):
            keyboard = _inline_keyboard(message.reply_markup)
            if keyboard is not None:
                return [
                    [(button["text"], button.get("callback_data", "")) for button in row]
                    for row in keyboard
                ]
        return []

    def button_data(self, chat_id: int, label: str) -> str:
        """Callback data of the button labelled ``label`` on the last keyboard in the chat.

        Args:
            chat_id: Chat id.
            label: Exact label, or else a case-insensitive substring matching one button only.

        Returns:
            The button's callback data.

        Raises:
            AssertionError: If there is no keyboard, no matching button, or several match.
        """
        rows = self.buttons(chat_id)
        if not rows:
            raise AssertionError(f"no bot message with an inline keyboard in chat {chat_id}")
        flat = [button for row in rows for button in row]
        exact = [data for text, data in flat if text == label]
        if exact:
            return exact[0]
        folded = label.casefold()
        partial = [(text, data) for text, data in flat if folded in text.casefold()]
        if len(partial) == 1:
            return partial[0][1]
        labels = [text for text, _ in flat]
        problem = "several buttons match" if partial else "no button matches"
        raise AssertionError(f"{problem} {label!r} in chat {chat_id}; buttons: {labels}")

    def commands_for(self, scope_key: ScopeKey, language_code: str = "") -> list[tuple[str, str]]:
        """Commands stored by ``setMyCommands`` for exactly this scope and language.

        Args:
            scope_key: ``("default",)``, ``("all_private_chats",)``, ``("chat", chat_id)``,
                ``("chat_member", chat_id, user_id)``, ...
            language_code: Two-letter language code, "" for the fallback list.

        Returns:
            ``(command, description)`` pairs; empty if none are set.
        """
        return list(self._commands.get((scope_key, language_code), ()))

    def visible_commands(self, chat_id: int, language_code: str = "") -> list[tuple[str, str]]:
        """Commands a user sees in the private chat ``chat_id``, resolved as Telegram does.

        Order: chat scope, all private chats, default; at each level the ``language_code``
        list before the fallback list. The first list that is set wins.

        Args:
            chat_id: Private chat id.
            language_code: The user's language.

        Returns:
            ``(command, description)`` pairs; empty if none apply.
        """
        scopes: tuple[ScopeKey, ...] = (("chat", chat_id), ("all_private_chats",), ("default",))
        languages = (language_code, "") if language_code else ("",)
        for scope in scopes:
            for language in languages:
                commands = self._commands.get((scope, language))
                if commands:
                    return list(commands)
        return []

    def assert_no_unknown_calls(self) -> None:
        """Fail if the bot called methods the fake does not implement.

        Raises:
            AssertionError: Listing the unknown methods and their parameters.
        """
        if self.unknown_calls:
            listed = ", ".join(f"{call.method}({call.params})" for call in self.unknown_calls)
            raise AssertionError(f"bot called Bot API methods the fake does not know: {listed}")

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a plain argument keeps test code short
        *,
        description: str = "",
    ) -> None:
        """Wait until ``predicate()`` is true, re-checking after every request and update.

        Args:
            predicate: Condition on the fake's (or the test's) state.
            timeout: Seconds to wait.
            description: What is awaited, for the failure message.

        Raises:
            AssertionError: If the predicate is still false after ``timeout`` seconds.
        """
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    await self._changed.wait()
        except TimeoutError:
            what = description or getattr(predicate, "__qualname__", repr(predicate))
            recent = "; ".join(f"{c.method}->{c.status}" for c in self._recent_calls)
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; recent calls: [{recent}]"
            ) from None

    async def wait_sent(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - same style as wait_for
    ) -> None:
        """Wait until at least ``count`` messages were sent or edited in ``chat_id``.

        Args:
            chat_id: Chat id.
            count: Minimum value of ``sent_count_to(chat_id)``.
            timeout: Seconds to wait.

        Raises:
            AssertionError: On timeout, with the count reached.
        """
        try:
            await self.wait_for(
                lambda: self._sent_counts[chat_id] >= count,
                timeout,
                description=f"{count} message(s) sent/edited in chat {chat_id}",
            )
        except AssertionError as err:
            got = self._sent_counts[chat_id]
            raise AssertionError(f"{err} (got {got})") from None

    # ----------------------------------------------------------------------- HTTP layer

    def _notify(self) -> None:
        self._changed = _swap(self._changed)

    async def _handle_api(self, request: web.Request) -> web.Response:
        requested = request.match_info["method"]
        method = _CANONICAL_METHODS.get(requested.lower())
        params: JsonDict = {}
        try:
            params = await _read_params(request)
            if method is None:
                raise _ApiError(404, "Not Found: method not found")
            failure = self._take_failure(method, _chat_of(params))
            if failure is not None:
                raise failure
            if method == "getUpdates":
                result = await self._get_updates(params)
            else:
                result = self._handlers[method](params)
            status, body = 200, {"ok": True, "result": result}
        except _ApiError as err:
            status, body = err.status, err.body()
        except Exception as exc:
            # A bug in the fake must reach the test as a visible answer, not an aiohttp log line.
            description = f"Internal Server Error: fake Telegram API crashed: {exc!r}"
            self.internal_errors.append(description)
            status, body = 500, {"ok": False, "error_code": 500, "description": description}
        call = ApiCall(method or requested, params, status)
        transport = request.transport
        # PTB abandons its long poll on shutdown; the answer nobody reads is not a call the bot
        # saw, and recording it would add a spurious 409 to every polling test.
        abandoned = transport is None or transport.is_closing()
        if method is None:
            self.unknown_calls.append(call)
        elif self._record and not (abandoned and method == "getUpdates"):
            self.calls.append(call)
        self._recent_calls.append(call)
        if self.on_call is not None and method is not None:
            self.on_call(method, _chat_of(params), status)
        self._notify()
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._files_by_path.get(request.match_info["file_path"])
        if stored is None:
            body = {"ok": False, "error_code": 404, "description": "Not Found"}
            return web.json_response(body, status=404)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ----------------------------------------------------------------------- updates & webhook

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        if self._webhook.get("url"):
            raise _ApiError(409, _WEBHOOK_CONFLICT)
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._confirmed_offset = max(self._confirmed_offset, offset)
            while self._pending and self._pending[0]["update_id"] < offset:
                self._pending.popleft()
        limit = params.get("limit")
        if not isinstance(limit, int) or limit <= 0:
            limit = MAX_UPDATES_PER_POLL
        limit = min(limit, MAX_UPDATES_PER_POLL)
        timeout = params.get("timeout")
        # A newer getUpdates terminates the one still waiting, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._update_arrived = _swap(self._update_arrived)
        if not self._pending and isinstance(timeout, int | float) and timeout > 0:
            await self._long_poll(float(timeout), generation)
        return [self._pending[index] for index in range(min(limit, len(self._pending)))]

    async def _long_poll(self, seconds: float, generation: int) -> None:
        self._active_polls += 1
        self._notify()
        try:
            async with asyncio.timeout(seconds):
                while not self._pending and not self._closing:
                    await self._update_arrived.wait()
                    if generation != self._poll_generation and not self._closing:
                        raise _ApiError(409, _POLL_CONFLICT)
        except TimeoutError:
            pass
        finally:
            self._active_polls -= 1

    def _set_webhook(self, params: JsonDict) -> bool:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise _bad_request("bad webhook: Failed to resolve host")
        if url and not url.startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._webhook = {
            "url": url,
            **{
                key: params[key]
                for key in ("max_connections", "allowed_updates", "ip_address")
                if key in params
            },
        }
        return True

    def _delete_webhook(self, params: JsonDict) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._webhook = {}
        return True

    def _get_webhook_info(self, params: JsonDict) -> JsonDict:
        return {
            "url": "",
            "has_custom_certificate": False,
            **self._webhook,
            "pending_update_count": len(self._pending),
        }

    def _get_me(self, params: JsonDict) -> JsonDict:
        return self.bot_user

    def _ok(self, params: JsonDict) -> bool:
        return True

    # ----------------------------------------------------------------------- messages

    def _target_chat(self, params: JsonDict) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        chat_id = _chat_of(params)
        if chat_id is None:
            raise _bad_request("chat not found")
        if chat_id in self._blocked:
            raise _ApiError(403, BLOCKED)
        if chat_id in self._never_started:
            raise _ApiError(403, NEVER_STARTED)
        return chat_id

    def _next_message_id(self, chat_id: int) -> int:
        self._message_seq[chat_id] += 1
        return self._message_seq[chat_id]

    def _store_message(self, message: _StoredMessage) -> None:
        chat_messages = self._messages.setdefault(message.chat_id, {})
        chat_messages[message.message_id] = message
        if not self._record and len(chat_messages) > _UNRECORDED_HISTORY:
            del chat_messages[next(iter(chat_messages))]
        if message.from_bot:
            self._last_bot_message[message.chat_id] = message.message_id

    def _last_bot_message_in(self, chat_id: int) -> _StoredMessage | None:
        message_id = self._last_bot_message.get(chat_id)
        if message_id is None:
            return None
        return self._messages.get(chat_id, {}).get(message_id)

    def _bot_messages_newest_first(self, chat_id: int) -> Iterator[_StoredMessage]:
        for message in reversed(self._messages.get(chat_id, {}).values()):
            if message.from_bot:
                yield message

    def _chat_json(self, chat_id: int) -> JsonDict:
        known = self._chats.get(chat_id)
        if known is not None:
            return dict(known)
        # Chats the fake never saw a message from still accept sends, as a bot may message
        # users it knows from its own database; their shape follows the id's sign like on
        # Telegram (-100… supergroups, other negative ids basic groups).
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Người dùng"}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": f"Nhóm {chat_id}"}

    def _message_json(self, message: _StoredMessage, *, with_reply: bool = True) -> JsonDict:
        data: JsonDict = {
            "message_id": message.message_id,
            "from": dict(message.sender),
            "chat": self._chat_json(message.chat_id),
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        is_text = message.kind == "text"
        if message.plain_text:
            data["text" if is_text else "caption"] = message.plain_text
        if message.entities:
            data["entities" if is_text else "caption_entities"] = list(message.entities)
        if message.file is not None:
            data.update(message.file.message_fields(message.kind))
        keyboard = _inline_keyboard(message.reply_markup)
        if keyboard is not None:
            data["reply_markup"] = {"inline_keyboard": keyboard}
        if with_reply and message.reply_to is not None:
            target = self._messages.get(message.chat_id, {}).get(message.reply_to)
            if target is not None:
                data["reply_to_message"] = self._message_json(target, with_reply=False)
        return data

    def _record_sent(self, message: _StoredMessage, method: str, *, edited: bool) -> None:
        self._sent_total += 1
        self._sent_counts[message.chat_id] += 1
        if self.on_sent is not None:
            self.on_sent(message.chat_id)
        if not self._record:
            return
        stored_file = message.file
        record = SentMessage(
            chat_id=message.chat_id,
            message_id=message.message_id,
            text=message.text,
            parse_mode=message.parse_mode,
            reply_markup=message.reply_markup,
            method=method,
            edited=edited,
            plain_text=message.plain_text if message.text is not None else None,
            file_name=stored_file.file_name if stored_file else None,
            file_content=stored_file.content if stored_file else None,
        )
        self.sent.append(record)
        self._sent_by_chat.setdefault(message.chat_id, []).append(record)

    def _reply_target(self, params: JsonDict) -> int | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
            return int(reply["message_id"])
        legacy = params.get("reply_to_message_id")
        return legacy if isinstance(legacy, int) else None

    def _new_bot_message(
        self, chat_id: int, kind: str, params: JsonDict, *, text_key: str
    ) -> _StoredMessage:
        parse_mode = _parse_mode(params)
        entities_key = "entities" if text_key == "text" else "caption_entities"
        text = params.get(text_key)
        plain, entities = _render(
            text, parse_mode, params.get(entities_key), caption=text_key == "caption"
        )
        markup = _validate_markup(params.get("reply_markup"), inline_only=False)
        return _StoredMessage(
            chat_id=chat_id,
            message_id=0,
            date=_now(),
            from_bot=True,
            sender=self._bot_user,
            kind=kind,
            text=text if isinstance(text, str) else None,
            plain_text=plain,
            entities=entities,
            parse_mode=parse_mode,
            reply_markup=markup,
            reply_to=self._reply_target(params),
        )

    def _publish(self, message: _StoredMessage, method: str) -> JsonDict:
        message.message_id = self._next_message_id(message.chat_id)
        self._store_message(message)
        self._record_sent(message, method, edited=False)
        return self._message_json(message)

    def _send_message(self, params: JsonDict) -> JsonDict:
        chat_id = self._target_chat(params)
        message = self._new_bot_message(chat_id, "text", params, text_key="text")
        return self._publish(message, "sendMessage")

    def _editable_message(self, params: JsonDict) -> _StoredMessage:
        if "inline_message_id" in params:
            raise _bad_request("MESSAGE_ID_INVALID")
        chat_id = self._target_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        message = self._messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise _bad_request("message to edit not found")
        if not message.from_bot:
            raise _bad_request("message can't be edited")
        return message

    def _edit_message_text(self, params: JsonDict) -> JsonDict:
        message = self._editable_message(params)
        if message.kind != "text":
            raise _bad_request("there is no text in the message to edit")
        parse_mode = _parse_mode(params)
        text = params.get("text")
        plain, entities = _render(text, parse_mode, params.get("entities"), caption=False)
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        markup = _validate_markup(params.get("reply_markup"), inline_only=True)
        if (
            plain == message.plain_text
            and entities == message.entities
            and _inline_keyboard(markup) == _inline_keyboard(message.reply_markup)
        ):
            raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.text = text if isinstance(text, str) else None
        message.plain_text = plain
        message.entities = entities
        message.parse_mode = parse_mode
        message.reply_markup = markup
        message.edit_date = _now()
        self._record_sent(message, "editMessageText", edited=True)
        return self._message_json(message)

    def _edit_message_reply_markup(self, params: JsonDict) -> JsonDict:
        message = self._editable_message(params)
        markup = _validate_markup(params.get("reply_markup"), inline_only=True)
        if _inline_keyboard(markup) == _inline_keyboard(message.reply_markup):
            raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.reply_markup = markup
        message.edit_date = _now()
        self._record_sent(message, "editMessageReplyMarkup", edited=True)
        return self._message_json(message)

    def _answer_callback_query(self, params: JsonDict) -> bool:
        query_id = params.get("callback_query_id")
        # Telegram accepts one answer per query; later answers get the "too old" error.
        if not isinstance(query_id, str) or query_id not in self._open_queries:
            raise _bad_request(_QUERY_INVALID.removeprefix("Bad Request: "))
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        if self._record:
            self.callback_answers[query_id] = {
                key: value for key, value in params.items() if key != "callback_query_id"
            }
        return True

    def _send_chat_action(self, params: JsonDict) -> bool:
        self._target_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    # ----------------------------------------------------------------------- commands

    def _set_my_commands(self, params: JsonDict) -> bool:
        commands = _validate_commands(params.get("commands"))
        key = (_scope_key(params.get("scope")), str(params.get("language_code") or ""))
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: JsonDict) -> list[JsonDict]:
        key = (_scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return [
            {"command": command, "description": description}
            for command, description in self._commands.get(key, ())
        ]

    def _delete_my_commands(self, params: JsonDict) -> bool:
        key = (_scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    # ----------------------------------------------------------------------- files

    def _register_file(
        self,
        content: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> _StoredFile:
        self._file_seq += 1
        number = self._file_seq
        png = _png_size(content)
        width, height = png or _DEFAULT_PHOTO_SIZE
        if kind == "photo":
            prefix, path = "AgAC", f"photos/file_{number}{'.png' if png else '.jpg'}"
        else:
            suffix = PurePosixPath(file_name or "").suffix
            prefix, path = "BQAC", f"documents/file_{number}{suffix}"
        stored = _StoredFile(
            file_id=f"{prefix}{self.bot_id}x{number:08d}",
            file_unique_id=f"AQAD{number:08d}",
            file_path=path,
            content=content,
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _input_file(self, params: JsonDict, kind: str) -> _StoredFile:
        source = params.get(kind)
        if isinstance(source, UploadedFile):
            if not source.content:
                raise _bad_request("file must be non-empty")
            return self._register_file(
                source.content, kind, file_name=source.file_name, mime_type=source.mime_type
            )
        if isinstance(source, str) and source in self._files:
            return self._files[source]
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            # The fake cannot fetch URLs; it records the file without content.
            name = PurePosixPath(source.split("?", 1)[0]).name or None
            return self._register_file(b"", kind, file_name=name)
        if source is None or source == "":
            raise _bad_request(f"there is no {kind} in the request")
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def _send_media(self, params: JsonDict, kind: str, method: str) -> JsonDict:
        chat_id = self._target_chat(params)
        message = self._new_bot_message(chat_id, kind, params, text_key="caption")
        message.file = self._input_file(params, kind)
        return self._publish(message, method)

    def _send_photo(self, params: JsonDict) -> JsonDict:
        return self._send_media(params, "photo", "sendPhoto")

    def _send_document(self, params: JsonDict) -> JsonDict:
        return self._send_media(params, "document", "sendDocument")

    def _get_file(self, params: JsonDict) -> JsonDict:
        file_id = params.get("file_id")
        stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise _bad_request("invalid file_id")
        return stored.file_json()
