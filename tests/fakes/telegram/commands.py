"""Command menus: ``setMyCommands``, ``getMyCommands``, ``deleteMyCommands``; the menu
button: ``setChatMenuButton``, ``getChatMenuButton``."""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram.protocol import JsonDict, ScopeKey, bad_request
from tests.fakes.telegram.state import FakeState
from tests.fakes.telegram.validation import scope_key_of, validate_commands

_DEFAULT_BUTTON: JsonDict = {"type": "default"}


class CommandsMixin(FakeState):
    """Command lists per scope and language, and what a user sees of them."""

    def _set_my_commands(self, params: JsonDict) -> bool:
        commands = validate_commands(params.get("commands"))
        key = (scope_key_of(params.get("scope")), str(params.get("language_code") or ""))
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: JsonDict) -> list[JsonDict]:
        key = (scope_key_of(params.get("scope")), str(params.get("language_code") or ""))
        return [
            {"command": command, "description": description}
            for command, description in self._commands.get(key, ())
        ]

    def _delete_my_commands(self, params: JsonDict) -> bool:
        key = (scope_key_of(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

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

    def _set_chat_menu_button(self, params: JsonDict) -> bool:
        chat_id = params.get("chat_id")
        if chat_id is not None and not isinstance(chat_id, int):
            raise bad_request("chat not found")
        self._menu_buttons[chat_id] = _menu_button(params.get("menu_button"))
        return True

    def _get_chat_menu_button(self, params: JsonDict) -> JsonDict:
        chat_id = params.get("chat_id")
        return self.menu_button(chat_id if isinstance(chat_id, int) else None)

    def menu_button(self, chat_id: int | None) -> JsonDict:
        """The menu button of the private chat ``chat_id`` as set by ``setChatMenuButton``
        (``None``: the bot's default); ``{"type": "default"}`` when none was set."""
        found = self._menu_buttons.get(chat_id)
        return dict(found) if found is not None else dict(_DEFAULT_BUTTON)


def _menu_button(button: Any) -> JsonDict:
    """A MenuButton as the Bot API checks it (omitted: MenuButtonDefault)."""
    if button is None:
        return dict(_DEFAULT_BUTTON)
    kind = button.get("type") if isinstance(button, dict) else None
    if kind in {"default", "commands"}:
        return {"type": kind}
    if kind != "web_app":
        raise bad_request("can't parse menu button JSON object")
    text, web_app = button.get("text"), button.get("web_app")
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise bad_request("BUTTON_URL_INVALID")
    return {"type": "web_app", "text": text, "web_app": {"url": url}}
