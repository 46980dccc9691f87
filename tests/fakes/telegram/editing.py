"""Editing messages and answering button presses (callback queries)."""

from __future__ import annotations

from tests.fakes.telegram.protocol import (
    MAX_CALLBACK_ANSWER_LENGTH,
    NOT_MODIFIED,
    QUERY_INVALID,
    JsonDict,
    bad_request,
)
from tests.fakes.telegram.records import StoredMessage, now
from tests.fakes.telegram.state import FakeState
from tests.fakes.telegram.validation import (
    inline_keyboard,
    parse_mode_of,
    render_text,
    validate_markup,
)


class EditingMixin(FakeState):
    """Changes to messages the bot sent, and answers to button presses."""

    def _editable_message(self, params: JsonDict) -> StoredMessage:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")
        chat_id = self._target_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        message = self._messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _edit_message_text(self, params: JsonDict) -> JsonDict:
        message = self._editable_message(params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        parse_mode = parse_mode_of(params)
        text = params.get("text")
        plain, entities = render_text(text, parse_mode, params.get("entities"), caption=False)
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        markup = validate_markup(params.get("reply_markup"), inline_only=True)
        if (
            plain == message.plain_text
            and entities == message.entities
            and inline_keyboard(markup) == inline_keyboard(message.reply_markup)
        ):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.text = text if isinstance(text, str) else None
        message.plain_text = plain
        message.entities = entities
        message.parse_mode = parse_mode
        message.reply_markup = markup
        message.edit_date = now()
        self._record_sent(message, "editMessageText", edited=True)
        return self._message_json(message)

    def _edit_message_reply_markup(self, params: JsonDict) -> JsonDict:
        message = self._editable_message(params)
        markup = validate_markup(params.get("reply_markup"), inline_only=True)
        if inline_keyboard(markup) == inline_keyboard(message.reply_markup):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.reply_markup = markup
        message.edit_date = now()
        self._record_sent(message, "editMessageReplyMarkup", edited=True)
        return self._message_json(message)

    def _answer_callback_query(self, params: JsonDict) -> bool:
        query_id = params.get("callback_query_id")
        # Telegram accepts one answer per query; later answers get the "too old" error.
        if not isinstance(query_id, str) or query_id not in self._open_queries:
            raise bad_request(QUERY_INVALID.removeprefix("Bad Request: "))
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        if self._record:
            self.callback_answers[query_id] = {
                key: value for key, value in params.items() if key != "callback_query_id"
            }
        return True
