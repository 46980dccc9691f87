"""Injecting ``my_chat_member`` updates: the bot blocked or unblocked in a private chat, added
to or removed from a group, shaped as the Bot API's ``ChatMemberUpdated``."""

from __future__ import annotations

from typing import Final

from tests.fakes.telegram.injection import UpdateInjectionMixin
from tests.fakes.telegram.protocol import JsonDict
from tests.fakes.telegram.records import now

_IN_CHAT: Final = frozenset({"creator", "administrator", "member"})
_STATUSES: Final = frozenset({*_IN_CHAT, "left", "kicked"})
# ChatMemberAdministrator's required rights (Bot API 9.x), all granted but promoting.
_ADMIN_RIGHTS: Final = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


class MembershipMixin(UpdateInjectionMixin):
    """``push_my_chat_member`` and ``in_chat``."""

    def push_my_chat_member(
        self,
        chat_id: int,
        status: str,
        *,
        old_status: str | None = None,
        by: int | None = None,
        chat_type: str = "private",
        title: str | None = None,
        date: int | None = None,
        queue: bool = True,
    ) -> JsonDict:
        """Inject the bot's own status change in a chat, and make sends follow it (a private
        chat whose person blocked the bot, or a group the bot left, answers 403) unless a
        newer change was injected before (a report Telegram delivers late).

        Args:
            chat_id: The chat (the person's user id for a private chat; negative for groups).
            status: The bot's new status: "member", "administrator", "creator", "left" or
                "kicked" (in a private chat "kicked" is the person blocking the bot).
            old_status: The status before; defaults to the opposite side (in or out).
            by: The user who made the change; defaults to ``chat_id`` for a private chat.
            chat_type: "private", "group", "supergroup" or "channel".
            title: The group's title (default: the one it had, else "Nhóm <id>").
            date: Unix time of the change; defaults to now (pass an older one to test a late
                delivery).
            queue: Queue the update for ``getUpdates``.

        Returns:
            The ``Update`` dict.

        Raises:
            ValueError: For a status the fake does not shape, or a group without ``by``.
        """
        if status not in _STATUSES or (old_status is not None and old_status not in _STATUSES):
            raise ValueError(f"unsupported chat member status {status!r} / {old_status!r}")
        if old_status is None:
            old_status = "left" if status in _IN_CHAT else "member"
            if chat_type == "private" and status in _IN_CHAT:
                old_status = "kicked"
        actor = chat_id if by is None and chat_type == "private" else by
        if actor is None:
            raise ValueError("a group's status change needs the user who made it (by=)")
        sender = self._users.get(actor) or {"id": actor, "is_bot": False, "first_name": "Người"}
        self._users[actor] = sender
        if chat_type == "private":
            chat = {k: v for k, v in sender.items() if k != "is_bot"} | {"type": "private"}
        else:
            known = self._chats.get(chat_id, {}).get("title", f"Nhóm {chat_id}")
            chat = {"id": chat_id, "type": chat_type, "title": title or known}
        self._chats[chat_id] = chat
        date = now() if date is None else date
        if date >= self._status_dates.get(chat_id, 0):  # a late report is history already
            self._status_dates[chat_id] = date
            self._follow(chat_id, chat_type, status)
        changed = {
            "chat": dict(chat),
            "from": dict(sender),
            "date": date,
            "old_chat_member": self._member(old_status),
            "new_chat_member": self._member(status),
        }
        return self._emit({"my_chat_member": changed}, queue=queue)

    def in_chat(self, chat_id: int) -> bool:
        """Whether sends to ``chat_id`` are taken (not blocked, not removed)."""
        return chat_id not in self._blocked and chat_id not in self._kicked_from

    def _follow(self, chat_id: int, chat_type: str, status: str) -> None:
        """Sends answer as Telegram would after the change."""
        gone = self._blocked if chat_type == "private" else self._kicked_from
        if status in _IN_CHAT:
            gone.discard(chat_id)
            self._never_started.discard(chat_id)
        else:
            gone.add(chat_id)

    def _member(self, status: str) -> JsonDict:
        member: JsonDict = {"user": dict(self._bot_user), "status": status}
        if status == "kicked":
            member["until_date"] = 0  # forever
        elif status == "administrator":
            member |= {"can_be_edited": False, "is_anonymous": False}
            member |= dict.fromkeys(_ADMIN_RIGHTS, True) | {"can_promote_members": False}
        elif status == "creator":
            member["is_anonymous"] = False
        return member
