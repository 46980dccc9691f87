"""Injecting user activity: messages, documents, photos and button presses."""

from __future__ import annotations

import re
from typing import Final

from tests.fakes.telegram.html import utf16_length
from tests.fakes.telegram.protocol import JsonDict
from tests.fakes.telegram.records import StoredFile, StoredMessage, now
from tests.fakes.telegram.state import FakeState, swap

_INCOMING_COMMAND_RE: Final = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")


class UpdateInjectionMixin(FakeState):
    """The ``push_*`` methods: updates as Telegram would deliver them to the bot."""

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
        message = StoredMessage(
            chat_id=chat,
            message_id=self._next_message_id(chat),
            date=now(),
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
        stored: StoredFile,
        caption: str | None,
    ) -> StoredMessage:
        return StoredMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            date=now(),
            from_bot=False,
            sender=sender,
            kind=kind,
            text=caption,
            plain_text=caption or "",
            file=stored,
        )

    def _push_user_message(self, message: StoredMessage, *, queue: bool) -> JsonDict:
        self._store_message(message)
        return self._emit({"message": self._message_json(message)}, queue=queue)

    def _emit(self, payload: JsonDict, *, queue: bool) -> JsonDict:
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, **payload}
        # Telegram does not create the kinds the bot's allowed_updates leave out.
        if queue and self._wanted(update) and self.on_update is not None:
            self.on_update(update)
        elif queue and self._wanted(update):
            self._pending.append(update)
            self._update_arrived = swap(self._update_arrived)
        self._notify()
        return update
