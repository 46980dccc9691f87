"""Sending: ``sendMessage``, ``sendPhoto``, ``sendDocument``, ``sendChatAction``, ``getFile``."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Final

from tests.fakes.telegram.protocol import JsonDict, bad_request
from tests.fakes.telegram.records import StoredFile, StoredMessage, UploadedFile, now
from tests.fakes.telegram.state import FakeState
from tests.fakes.telegram.validation import parse_mode_of, render_text, validate_markup

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


class SendingMixin(FakeState):
    """Methods that post new bot messages (and fetch uploaded files)."""

    def _reply_target(self, params: JsonDict) -> int | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
            return int(reply["message_id"])
        legacy = params.get("reply_to_message_id")
        return legacy if isinstance(legacy, int) else None

    def _new_bot_message(
        self, chat_id: int, kind: str, params: JsonDict, *, text_key: str
    ) -> StoredMessage:
        parse_mode = parse_mode_of(params)
        entities_key = "entities" if text_key == "text" else "caption_entities"
        text = params.get(text_key)
        plain, entities = render_text(
            text, parse_mode, params.get(entities_key), caption=text_key == "caption"
        )
        markup = validate_markup(params.get("reply_markup"), inline_only=False)
        return StoredMessage(
            chat_id=chat_id,
            message_id=0,
            date=now(),
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

    def _publish(self, message: StoredMessage, method: str) -> JsonDict:
        message.message_id = self._next_message_id(message.chat_id)
        self._store_message(message)
        self._record_sent(message, method, edited=False)
        return self._message_json(message)

    def _send_message(self, params: JsonDict) -> JsonDict:
        chat_id = self._target_chat(params)
        message = self._new_bot_message(chat_id, "text", params, text_key="text")
        return self._publish(message, "sendMessage")

    def _send_chat_action(self, params: JsonDict) -> bool:
        self._target_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _input_file(self, params: JsonDict, kind: str) -> StoredFile:
        source = params.get(kind)
        if isinstance(source, UploadedFile):
            if not source.content:
                raise bad_request("file must be non-empty")
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
            raise bad_request(f"there is no {kind} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

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
            raise bad_request("invalid file_id")
        return stored.file_json()
