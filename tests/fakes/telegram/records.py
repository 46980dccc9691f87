"""Records of the fake: what tests inspect (calls, sent messages) and what it stores."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tests.fakes.telegram.protocol import ApiError, JsonDict


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


@dataclass(slots=True)
class Failure:
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    remaining: int

    def error(self) -> ApiError:
        parameters = {"retry_after": self.retry_after} if self.retry_after is not None else None
        return ApiError(self.status, self.description, parameters)


@dataclass(frozen=True, slots=True)
class StoredFile:
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
class StoredMessage:
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
    file: StoredFile | None = None
    reply_to: int | None = None
    edit_date: int | None = None


def now() -> int:
    return int(time.time())
