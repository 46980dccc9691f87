"""Decoding Bot API requests: form, query and JSON fields back into JSON values."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from aiohttp import web

from tests.fakes.telegram.protocol import JsonDict, bad_request
from tests.fakes.telegram.records import UploadedFile

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
        "menu_button",
        "reply_markup",
        "reply_parameters",
        "scope",
        "suggested_post_parameters",
    }
)
_INT_RE: Final = re.compile(r"-?\d+")
_ATTACH_PREFIX: Final = "attach://"


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


def decode_param(name: str, value: Any) -> Any:
    """Turn one form/query field back into the JSON value the client meant."""
    if not isinstance(value, str):
        return value
    decoder = _DECODERS.get(name)
    if decoder is not None:
        try:
            return decoder(value)
        except ValueError:
            reason = f"can't parse {name} JSON object" if name in _JSON_PARAMS else None
            raise bad_request(reason or f"invalid {name} specified") from None
    if value[:1] in {"{", "["}:
        # Unknown parameters: clients JSON-encode objects and arrays, never plain strings.
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def read_params(request: web.Request) -> JsonDict:
    raw: JsonDict = dict(request.query)
    uploads: dict[str, UploadedFile] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON request body must be an object")
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
    params = {key: decode_param(key, value) for key, value in raw.items()}
    for key, value in params.items():
        # Files that a parameter references as attach://<field> take that parameter's name.
        if isinstance(value, str) and value.startswith(_ATTACH_PREFIX):
            upload = uploads.pop(value.removeprefix(_ATTACH_PREFIX), None)
            if upload is not None:
                params[key] = upload
    params.update(uploads)
    return params


def chat_of(params: JsonDict) -> int | None:
    chat_id = params.get("chat_id")
    return chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None
