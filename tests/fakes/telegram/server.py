"""``FakeTelegramApi``: the aiohttp server that puts the fake's mixins together."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Any, Final, Self

from aiohttp import web

from tests.fakes.telegram.commands import CommandsMixin
from tests.fakes.telegram.editing import EditingMixin
from tests.fakes.telegram.failures import FailureInjectionMixin
from tests.fakes.telegram.injection import UpdateInjectionMixin
from tests.fakes.telegram.inspection import InspectionMixin
from tests.fakes.telegram.membership import MembershipMixin
from tests.fakes.telegram.params import chat_of, read_params
from tests.fakes.telegram.polling import UpdatesMixin
from tests.fakes.telegram.protocol import CANONICAL_METHODS, ApiError, JsonDict
from tests.fakes.telegram.records import ApiCall
from tests.fakes.telegram.sending import SendingMixin
from tests.fakes.telegram.state import swap

# Long polls are woken on stop(), so the graceful shutdown never needs long; the bound only
# protects a test run from a hung client connection.
_SHUTDOWN_TIMEOUT: Final = 2.0
_MAX_REQUEST_BYTES: Final = 64 * 1024 * 1024


class FakeTelegramApi(
    FailureInjectionMixin,
    MembershipMixin,
    UpdateInjectionMixin,
    InspectionMixin,
    CommandsMixin,
    SendingMixin,
    EditingMixin,
    UpdatesMixin,
):
    """In-process fake of the Telegram Bot API for PTB-based tests and benchmarks.

    Deliberate differences from Telegram: sends to chats the fake never saw succeed (use
    ``never_started``/``block`` for refusals); HTML is validated more strictly (see
    ``parse_telegram_html``); Markdown parse modes are not parsed, so their markup counts
    towards the length limits; inline messages and URL downloads are not supported.

    Args:
        bot_username: Username ``getMe`` reports.
        bot_id: User id ``getMe`` reports (also the ``from`` of the bot's messages).
        record: Keep ``calls``, ``sent`` and callback answers. Pass ``False`` in benchmarks so
            memory stays flat; counters (``sent_count``, ``sent_count_to``) still work.

    Attributes:
        calls: Every answered request of an implemented method, in completion order.
        sent: Every message the bot sent or edited successfully, in order.
        unknown_calls: Requests of methods the fake does not implement (answered 404).
        callback_answers: ``answerCallbackQuery`` parameters by callback query id.
        internal_errors: Descriptions of crashes inside the fake (answered 500).
    """

    def __init__(
        self,
        bot_username: str = "thidua_test_bot",
        bot_id: int = 7000001,
        *,
        record: bool = True,
    ) -> None:
        super().__init__(bot_username, bot_id, record=record)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self._handlers: dict[str, Callable[[JsonDict], Any]] = {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "close": self._ok,
            "logOut": self._ok,
        }

    # ----------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Start serving on an ephemeral port of 127.0.0.1."""
        if self._runner is not None:
            return
        app = web.Application(client_max_size=_MAX_REQUEST_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._closing = False
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Answer pending long polls with ``[]`` and shut the server down."""
        if self._runner is None:
            return
        self._closing = True
        self._update_arrived = swap(self._update_arrived)
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """TCP port the server listens on (only after ``start``)."""
        if self._port is None:
            raise RuntimeError("FakeTelegramApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's ``base_file_url`` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> JsonDict:
        """The ``User`` dict ``getMe`` answers."""
        return dict(self._bot_user)

    def _get_me(self, params: JsonDict) -> JsonDict:
        return self.bot_user

    def _ok(self, params: JsonDict) -> bool:
        return True

    # ----------------------------------------------------------------------- HTTP layer

    async def _handle_api(self, request: web.Request) -> web.Response:
        requested = request.match_info["method"]
        method = CANONICAL_METHODS.get(requested.lower())
        params: JsonDict = {}
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        try:
            params = await read_params(request)
            if method is None:
                raise ApiError(404, "Not Found: method not found")
            await self._wait_if_held(chat_of(params))
            failure = self._take_failure(method, chat_of(params))
            if failure is not None:
                raise failure
            if method == "getUpdates":
                result = await self._get_updates(params)
            else:
                result = self._handlers[method](params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as err:
            status, body = err.status, err.body()
        except Exception as exc:
            # A bug in the fake must reach the test as a visible answer, not an aiohttp log line.
            description = f"Internal Server Error: fake Telegram API crashed: {exc!r}"
            self.internal_errors.append(description)
            status, body = 500, {"ok": False, "error_code": 500, "description": description}
        call = ApiCall(method or requested, params, status)
        transport = request.transport
        # PTB abandons its long poll on shutdown; the answer nobody reads is not a call the bot
        # saw, and recording it would add a spurious 409 to every polling test.
        abandoned = transport is None or transport.is_closing()
        if method is None:
            self.unknown_calls.append(call)
        elif self._record and not (abandoned and method == "getUpdates"):
            self.calls.append(call)
        self._recent_calls.append(call)
        if self.on_call is not None and method is not None:
            self.on_call(method, chat_of(params), status)
        self._notify()
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._files_by_path.get(request.match_info["file_path"])
        if stored is None:
            body = {"ok": False, "error_code": 404, "description": "Not Found"}
            return web.json_response(body, status=404)
        return web.Response(body=stored.content, content_type="application/octet-stream")
