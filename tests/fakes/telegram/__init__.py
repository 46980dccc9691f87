"""A fake Telegram Bot API HTTP server for tests, bound to 127.0.0.1.

python-telegram-bot (PTB) is pointed at it with
``ApplicationBuilder().base_url(fake.base_url).base_file_url(fake.base_file_url)`` (or the same
arguments of ``telegram.Bot``), so the real PTB request/response code runs against an in-process
server that behaves like Telegram for the methods the bot uses: the same JSON envelopes, HTTP
statuses, error descriptions, HTML validation, limits, long polling and file downloads.

Tests inject user activity with the ``push_*`` methods, inspect what the bot sent through
``sent``/``calls`` and the query helpers, and make Telegram misbehave with ``block``,
``never_started`` and ``fail_next``; ``push_my_chat_member`` reports the bot blocked, unblocked,
added to or removed from a chat. Updates of kinds the bot's ``allowed_updates`` leave out are
not created, as on Telegram. Calls to methods the fake does not implement answer 404 (as
Telegram does for unknown methods) and are kept in ``unknown_calls`` so a test notices them.
"""

from tests.fakes.telegram.html import TelegramHtmlError, parse_telegram_html, utf16_length
from tests.fakes.telegram.protocol import (
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
)
from tests.fakes.telegram.records import ApiCall, SentMessage, UploadedFile
from tests.fakes.telegram.server import FakeTelegramApi

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
