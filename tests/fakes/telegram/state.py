"""The fake's shared state and its store of chats, messages and files."""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Final

from tests.fakes.telegram.params import chat_of
from tests.fakes.telegram.protocol import (
    BLOCKED,
    KICKED,
    NEVER_STARTED,
    NOT_BY_DEFAULT,
    ApiError,
    JsonDict,
    ScopeKey,
    bad_request,
)
from tests.fakes.telegram.records import ApiCall, Failure, SentMessage, StoredFile, StoredMessage
from tests.fakes.telegram.validation import inline_keyboard

# With record=False the per-chat message store is the only thing that would still grow with
# traffic; edits and callbacks only ever target recent messages, so older ones are dropped.
_UNRECORDED_HISTORY: Final = 200

_RECENT_CALLS: Final = 8

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_DEFAULT_PHOTO_SIZE: Final = (1280, 720)


def _png_size(content: bytes) -> tuple[int, int] | None:
    if content.startswith(_PNG_SIGNATURE) and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return None


def swap(event: asyncio.Event) -> asyncio.Event:
    """Wake everyone waiting on ``event`` and return a fresh event for the next change.

    Swapping events instead of notifying a Condition lets the synchronous ``push_*`` methods
    wake waiters without taking an asyncio lock.
    """
    event.set()
    return asyncio.Event()


class FakeState:
    """State of the fake shared by its mixins, and the chat/message store they all use.

    Args:
        bot_username: Username ``getMe`` reports.
        bot_id: User id ``getMe`` reports (also the ``from`` of the bot's messages).
        record: Keep ``calls``, ``sent`` and callback answers.
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
        #: Called with each update instead of queuing it for ``getUpdates``: a benchmark
        #: delivers the updates to webhooks itself, as Telegram behind a proxy would.
        self.on_update: Callable[[JsonDict], None] | None = None
        #: Seconds every API call waits before it is answered (simulated network latency).
        self.latency = 0.0
        self._recent_calls: deque[ApiCall] = deque(maxlen=_RECENT_CALLS)

        self._closing = False
        self._changed = asyncio.Event()
        self._update_arrived = asyncio.Event()

        self._pending: deque[JsonDict] = deque()
        self._last_update_id = 0
        self._confirmed_offset = 0
        self._poll_generation = 0
        self._active_polls = 0
        self._webhook: JsonDict = {}
        # The last allowed_updates of getUpdates or setWebhook (None: never given).
        self._allowed_updates: list[str] | None = None

        self._users: dict[int, JsonDict] = {}
        self._chats: dict[int, JsonDict] = {}
        self._message_seq: Counter[int] = Counter()
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._last_bot_message: dict[int, int] = {}
        self._sent_by_chat: dict[int, list[SentMessage]] = {}
        self._sent_total = 0
        self._sent_counts: Counter[int] = Counter()
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_seq = 0
        self._callback_seq = 0
        self._open_queries: set[str] = set()
        self._commands: dict[tuple[ScopeKey, str], list[tuple[str, str]]] = {}
        # setChatMenuButton: per private chat, None for the bot's default button.
        self._menu_buttons: dict[int | None, JsonDict] = {}

        self._blocked: set[int] = set()
        self._never_started: set[int] = set()
        self._kicked_from: set[int] = set()
        self._status_dates: dict[int, int] = {}  # the date of each chat's last bot status
        self._failures: dict[str, list[Failure]] = {}
        # hold_calls: calls about these chats wait for their event; how many are waiting.
        self._held: dict[int, asyncio.Event] = {}
        self.waiting_calls = 0

    def _wanted(self, update: JsonDict) -> bool:
        """Whether Telegram creates this update for the bot under its ``allowed_updates``."""
        kind = next(key for key in update if key != "update_id")
        if not self._allowed_updates:
            return kind not in NOT_BY_DEFAULT
        return kind in self._allowed_updates

    def _notify(self) -> None:
        self._changed = swap(self._changed)

    def _target_chat(self, params: JsonDict) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat_id = chat_of(params)
        if chat_id is None:
            raise bad_request("chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, BLOCKED)
        if chat_id in self._never_started:
            raise ApiError(403, NEVER_STARTED)
        if chat_id in self._kicked_from:
            raise ApiError(403, KICKED)
        return chat_id

    def _next_message_id(self, chat_id: int) -> int:
        self._message_seq[chat_id] += 1
        return self._message_seq[chat_id]

    def _store_message(self, message: StoredMessage) -> None:
        chat_messages = self._messages.setdefault(message.chat_id, {})
        chat_messages[message.message_id] = message
        if not self._record and len(chat_messages) > _UNRECORDED_HISTORY:
            del chat_messages[next(iter(chat_messages))]
        if message.from_bot:
            self._last_bot_message[message.chat_id] = message.message_id

    def _last_bot_message_in(self, chat_id: int) -> StoredMessage | None:
        message_id = self._last_bot_message.get(chat_id)
        if message_id is None:
            return None
        return self._messages.get(chat_id, {}).get(message_id)

    def _bot_messages_newest_first(self, chat_id: int) -> Iterator[StoredMessage]:
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

    def _message_json(self, message: StoredMessage, *, with_reply: bool = True) -> JsonDict:
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
        keyboard = inline_keyboard(message.reply_markup)
        if keyboard is not None:
            data["reply_markup"] = {"inline_keyboard": keyboard}
        if with_reply and message.reply_to is not None:
            target = self._messages.get(message.chat_id, {}).get(message.reply_to)
            if target is not None:
                data["reply_to_message"] = self._message_json(target, with_reply=False)
        return data

    def _record_sent(self, message: StoredMessage, method: str, *, edited: bool) -> None:
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

    def _register_file(
        self,
        content: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        self._file_seq += 1
        number = self._file_seq
        png = _png_size(content)
        width, height = png or _DEFAULT_PHOTO_SIZE
        if kind == "photo":
            prefix, path = "AgAC", f"photos/file_{number}{'.png' if png else '.jpg'}"
        else:
            suffix = PurePosixPath(file_name or "").suffix
            prefix, path = "BQAC", f"documents/file_{number}{suffix}"
        stored = StoredFile(
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
