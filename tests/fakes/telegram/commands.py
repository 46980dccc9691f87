"""Command menus: ``setMyCommands``, ``getMyCommands``, ``deleteMyCommands``."""

from __future__ import annotations

from tests.fakes.telegram.protocol import JsonDict, ScopeKey
from tests.fakes.telegram.state import FakeState
from tests.fakes.telegram.validation import scope_key_of, validate_commands


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
