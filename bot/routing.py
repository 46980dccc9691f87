"""The router: from a neutral :class:`~bot.ports.Incoming` to a handler's :class:`Reply`.

It remembers the update (redeliveries do nothing), resolves the member, hands answers to an
open dialog, checks the route's roles, and maps domain errors to their texts in one place.
Updates of one person are handled one at a time and in order, in every process serving the
database (:class:`bot.services.conversation.TurnLock`); different people concurrently.
"""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace

from bot.callbacks import DialogChoice, MenuAction, unpack
from bot.clock import Clock
from bot.config import Settings
from bot.dialogs import DialogEngine
from bot.errors import DomainError
from bot.metrics import Metrics
from bot.ports import Channel, ChatKind, Incoming, Reply
from bot.route_table import RouteTable, bare_command, split_command
from bot.services import Services
from bot.services.common import DialogView, MemberView, TurnState
from bot.texts import Texts
from bot.turn import BotIdentity, Turn

logger = logging.getLogger(__name__)
#: What sends a reply to the person, given by a channel that wants replies sent in order.
Answer = Callable[[Reply], Awaitable[None]]
#: What turns an update into the one to handle (or a reply) within the person's turn.
Prepare = Callable[[Incoming], Awaitable[Incoming | Reply]]
_UNSUPPORTED_KEYS = {
    "sticker": "errors.unsupported_sticker",
    "voice": "errors.unsupported_voice",
    "image": "errors.unsupported_image",
    "other": "errors.unsupported_other",
}


@dataclass(frozen=True, slots=True)
class Resumed:
    """An open dialog shown again: its current step, or (``saved``) what its draft saved
    just before a crash."""

    reply: Reply
    saved: bool


class Router:
    """Dispatches incoming updates to handlers."""

    def __init__(
        self,
        table: RouteTable,
        services: Services,
        texts: Texts,
        settings: Settings,
        clock: Clock,
        dialogs: DialogEngine[Turn],
        identity: BotIdentity,
        *,
        files: Mapping[Channel, object],
        metrics: Metrics | None = None,
    ) -> None:
        self._table = table
        self._metrics = metrics
        self._files = files
        self._services = services
        self._texts = texts
        self._settings = settings
        self._clock = clock
        self._dialogs = dialogs
        self.identity = identity

    async def dispatch(
        self, incoming: Incoming, answer: Answer | None = None, *, prepare: Prepare | None = None
    ) -> Reply | None:
        """Handle one update and return the reply, or ``None`` when nothing is to be said.

        With ``answer``, the reply is handed to it before the person's turn ends, so one
        person's replies go out in the order of their updates (the reply is still returned).
        ``prepare`` runs first within the turn: it reads what the previous update of the person
        left (a chat's numbered choices) and gives the update to handle, or a reply instead.
        """
        if incoming.text is not None:
            incoming = replace(incoming, text=unicodedata.normalize("NFC", incoming.text))
        members = self._services.members
        key = incoming.update_key
        async with members.turn(
            incoming.channel, incoming.chat_id, incoming.user_id, key
        ) as state:
            if state.duplicate:
                return None
            prepared = incoming if prepare is None else await prepare(incoming)
            if isinstance(prepared, Reply):
                reply: Reply | None = prepared
            else:
                reply = await self._guarded(prepared, state)
            if reply is not None and answer is not None:
                await answer(reply)
            return reply

    async def _guarded(self, incoming: Incoming, state: TurnState) -> Reply | None:
        started, outcome = time.perf_counter(), "failed"
        try:
            reply = await self._dispatch(incoming, state)
            outcome = "silent" if reply is None else "replied"
            return reply
        except DomainError as problem:
            outcome = "refused"
            return Reply(self._texts.t(problem.text_key, **problem.params))
        except Exception:
            logger.exception("handler failed for a %s update", incoming.channel.value)
            return Reply(self._texts.t("errors.internal"))
        finally:
            if self._metrics is not None:
                elapsed = time.perf_counter() - started
                self._metrics.update_handled(incoming.channel, outcome, elapsed)

    async def current_step(self, incoming: Incoming) -> Resumed | None:
        """The current step of the person's open dialog asked again (a draft saved before a
        crash is told instead), or ``None`` when no dialog is open or it has expired.

        For a channel that shows the conversation anew, as the console does on restart.
        """
        members = self._services.members
        async with members.turn(
            incoming.channel, incoming.chat_id, incoming.user_id, None
        ) as state:
            dialog = state.dialog
            if state.departed is not None:
                return None  # a member who left has no dialog to go back to
            if dialog is None or (dialog.outcome is None and self._dialogs.expired(dialog)):
                return None
            turn = self._turn(incoming, state.member, "", dialog)
            reply = await self._dialogs.reask(turn, incoming, dialog)
            return Resumed(reply, saved=dialog.outcome is not None)

    async def _dispatch(self, incoming: Incoming, state: TurnState) -> Reply | None:
        command = self._command_of(incoming, state.dialog)
        args = "" if command is None else command[1]
        turn = replace(
            self._turn(incoming, state.member, args, state.dialog), departed=state.departed
        )
        if incoming.chat_kind is ChatKind.GROUP:
            return await self._table.group(turn) if command else None
        if turn.departed is not None:
            # A member who left is told so, whatever they send: no invite, link or old button.
            return await self._table.stranger(turn)
        return await self._private(turn, command, state.dialog)

    def _command_of(self, incoming: Incoming, dialog: DialogView | None) -> tuple[str, str] | None:
        text = incoming.text or ""
        command = split_command(text)
        # Without "/", a word is a command only outside dialogs, where it cannot be an answer.
        if command is None and dialog is None and incoming.chat_kind is ChatKind.PRIVATE:
            command = bare_command(text, self._table)
        return command

    async def _private(
        self, turn: Turn, command: tuple[str, str] | None, dialog: DialogView | None
    ) -> Reply:
        if dialog is not None and dialog.outcome is not None:
            # A draft saved just before a crash: whatever comes first is told what was saved.
            return await self._dialogs.resume(turn, turn.incoming, dialog)
        if turn.incoming.unsupported is not None:
            return await self._unsupported(turn, dialog)
        if turn.incoming.callback is not None:
            return await self._callback(turn, dialog)
        if dialog is not None and (command is None or self._is_dialog_word(command[0])):
            return await self._dialogs.resume(turn, turn.incoming, dialog)
        if command is None:
            return await self._fallback(turn)
        return await self._command(turn, command[0])

    @staticmethod
    def _is_dialog_word(word: str) -> bool:
        return word in ("huy", "quaylai", "cancel", "back")

    async def _unsupported(self, turn: Turn, dialog: DialogView | None) -> Reply:
        """Say what the channel could not hand over; an open dialog asks its step again."""
        kind = turn.incoming.unsupported or "other"
        notice = self._texts.t(_UNSUPPORTED_KEYS.get(kind, _UNSUPPORTED_KEYS["other"]))
        if dialog is None:
            return Reply(notice)
        again = await self._dialogs.reask(turn, turn.incoming, dialog)
        return replace(again, text=f"{notice}\n\n{again.text}")

    async def _callback(self, turn: Turn, dialog: DialogView | None) -> Reply:
        payload = unpack(turn.incoming.callback or "")
        if dialog is not None and (payload is None or isinstance(payload, DialogChoice)):
            # The engine re-asks the current step, calling the button stale if it is.
            return await self._dialogs.resume(turn, turn.incoming, dialog)
        if isinstance(payload, MenuAction):
            return await self._command(turn, payload.command)
        route = None if payload is None else self._table.button(payload)
        if payload is None or route is None:
            return await self._table.stale_button(turn)
        if turn.member is None:
            return await self._table.stranger(turn)
        if route.roles and turn.member.role not in route.roles:
            return self._refuse(turn.member, payload.prefix)
        return await route.press(turn, payload)

    async def _command(self, turn: Turn, word: str) -> Reply:
        route = self._table.find(word)
        if route is None:
            return await self._fallback(turn)
        if route.roles:
            if turn.member is None:
                return await self._table.stranger(turn)
            if turn.member.role not in route.roles:
                return self._refuse(turn.member, f"/{word}")
        return await route.handler(turn)

    def _refuse(self, member: MemberView, what: str) -> Reply:
        logger.info(
            "refused %s to member %s (%s)",
            what,
            member.id,
            member.role.value,
            extra={"member_id": member.id},
        )
        return Reply(self._texts.t("errors.not_allowed"))

    async def _fallback(self, turn: Turn) -> Reply:
        if turn.member is None:
            return await self._table.stranger(turn)
        return await self._table.help(turn)

    def _turn(
        self,
        incoming: Incoming,
        member: MemberView | None,
        args: str,
        dialog: DialogView | None = None,
    ) -> Turn:
        return Turn(
            incoming=incoming,
            member=member,
            args=args,
            services=self._services,
            texts=self._texts,
            settings=self._settings,
            clock=self._clock,
            dialogs=self._dialogs,
            identity=self.identity,
            files=self._files,
            dialog=dialog,
        )
