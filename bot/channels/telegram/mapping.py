"""Conversion between Telegram objects and the core's neutral values."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from telegram import (
    BotCommand,
    ChatMember,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType

from bot.ports import Channel, ChatKind, ChatMembership, Command, FileRef, Incoming, Reply

_PRIVATE = {ChatType.PRIVATE, ChatType.SENDER}
_IN_CHAT = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


def to_incoming(update: Update) -> Incoming | None:
    """Decode an update into an :class:`Incoming`, or ``None`` for kinds we ignore."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    base = Incoming(
        channel=Channel.TELEGRAM,
        chat_id=str(chat.id),
        user_id=str(user.id),
        update_key=str(update.update_id),
        display_name=user.full_name,
        chat_kind=ChatKind.PRIVATE if chat.type in _PRIVATE else ChatKind.GROUP,
    )
    query = update.callback_query
    if query is not None:
        message_id = None if query.message is None else str(query.message.message_id)
        return replace(base, callback=query.data or "", message_id=message_id)
    message = update.message
    if message is None:
        return None
    text = message.text if message.text is not None else message.caption
    return replace(base, text=text, file=_file_of(update))


def to_membership(update: Update) -> ChatMembership | None:
    """Decode a ``my_chat_member`` update (the bot's own status in a chat changed): in a
    private chat ``kicked`` means the person blocked the bot and ``member`` that they
    unblocked or restarted it; in a group ``member``/``administrator`` means the bot was
    added and ``left``/``kicked`` that it was removed."""
    changed = update.my_chat_member
    if changed is None:
        return None
    chat = changed.chat
    private = chat.type in _PRIVATE
    return ChatMembership(
        channel=Channel.TELEGRAM,
        chat_id=str(chat.id),
        chat_kind=ChatKind.PRIVATE if private else ChatKind.GROUP,
        present=_can_post(changed.new_chat_member),
        at=changed.date.astimezone(UTC),
        sequence=update.update_id,
        title="" if private else chat.title or "",
    )


def _can_post(member: ChatMember) -> bool:
    """Whether the bot, with this status in a chat, can send to it."""
    if isinstance(member, ChatMemberRestricted):
        return member.is_member and member.can_send_messages
    return member.status in _IN_CHAT


def _file_of(update: Update) -> FileRef | None:
    message = update.message
    if message is None:
        return None
    if message.document is not None:
        doc = message.document
        return FileRef(
            doc.file_id,
            doc.file_name or "tep",
            doc.mime_type or "application/octet-stream",
            doc.file_size or 0,
        )
    if message.photo:
        photo = message.photo[-1]
        return FileRef(photo.file_id, "anh.jpg", "image/jpeg", photo.file_size or 0)
    return None


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Encode the reply's buttons as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


def bot_commands(commands: tuple[Command, ...]) -> list[BotCommand]:
    """Encode a command menu."""
    return [BotCommand(c.name, c.description[:256]) for c in commands]
