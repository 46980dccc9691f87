"""Log lines: JSON that parses, and no token in any line, whoever logs it and however."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from bot.logs import REDACTED, JsonFormatter, Redactor, secrets_of
from tests.conftest import make_settings
from tests.fakes.telegram import FakeTelegramApi

#: The shape BotFather gives (the bot's id, a colon, 35 characters).
TOKEN = "7123456789:AAFq1wXkR2mZ9yT4uV6bN8cD0eG3hJ5kL7p"
ZALO_TOKEN = "zalo-bot-token-value"


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """What a JSON handler with the redactor writes, for our logger and httpx's (at INFO)."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(Redactor({ZALO_TOKEN}))
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("tests.ops.bot"), logging.getLogger("httpx")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield out
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def parsed(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


async def test_a_failed_bot_api_call_logs_its_url_without_the_token(lines: io.StringIO) -> None:
    async with FakeTelegramApi() as fake, httpx.AsyncClient() as http:
        response = await http.post(f"{fake.base_url}{TOKEN}/noSuchMethod")
        try:
            response.raise_for_status()
        except httpx.HTTPStatusError as error:
            logging.getLogger("tests.ops.bot").exception("Bot API call failed: %s", error)
    written = lines.getvalue()
    assert TOKEN not in written
    request, failure = parsed(lines)
    # httpx's own request line, and ours with the error's URL and its traceback.
    assert request["logger"] == "httpx"
    assert f"/bot{REDACTED}/noSuchMethod" in str(request["message"])
    assert failure["level"] == "ERROR"
    assert f"/bot{REDACTED}/noSuchMethod" in str(failure["message"])
    assert "HTTPStatusError" in str(failure["exc_info"])
    assert {"time", "level", "logger", "message"} <= set(failure)


def test_a_configured_secret_of_any_shape_is_redacted(lines: io.StringIO) -> None:
    logging.getLogger("tests.ops.bot").warning("GET /bot%s/getUpdates", ZALO_TOKEN)
    (line,) = parsed(lines)
    assert line["message"] == f"GET /bot{REDACTED}/getUpdates"


def test_json_lines_carry_the_ids_given_as_extra(lines: io.StringIO) -> None:
    logging.getLogger("tests.ops.bot").info(
        "refused %s to member %s", "/duyet", 17, extra={"member_id": 17, "channel": "zalo"}
    )
    (line,) = parsed(lines)
    assert line["message"] == "refused /duyet to member 17"
    assert line["member_id"] == 17 and line["channel"] == "zalo"
    assert line["level"] == "INFO" and line["logger"] == "tests.ops.bot"
    assert str(line["time"]).endswith("+00:00")


def test_the_secrets_redacted_are_the_configurations() -> None:
    settings = make_settings(
        "postgresql+asyncpg://thidua:mat-khau-db@127.0.0.1/thidua",
        telegram={"token": TOKEN, "webhook_secret": "a-webhook-secret-of-32-characters"},
        zalo={"token": ZALO_TOKEN},
    )
    assert secrets_of(settings) == {
        TOKEN,
        "a-webhook-secret-of-32-characters",
        ZALO_TOKEN,
        "mat-khau-db",
    }


def test_arguments_that_do_not_fit_the_message_are_redacted_too(lines: io.StringIO) -> None:
    logging.getLogger("tests.ops.bot").warning("token %d", TOKEN)
    (line,) = parsed(lines)
    assert TOKEN not in lines.getvalue() and REDACTED in str(line["message"])
