"""Log lines: text or JSON, and never a token, whatever logs it.

:class:`Redactor` sits on the handler, so it sees every record, ours and the libraries' (a
filter on a logger would miss what its children propagate). It rewrites the message and the
traceback before any formatter runs: a Telegram token (``123456:AA…``, also inside
``/bot<token>/`` URLs) and every secret the configuration holds become ``[redacted]``.

The JSON formatter is our own twenty lines rather than python-json-logger: it must write the
traceback the redactor cleaned (``exc_text``), which that library formats afresh.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr

from bot.config import Settings
from bot.config_ops import LogSettings

REDACTED = "[redacted]"
#: A Telegram bot token: the bot's numeric id, a colon, 35 URL-safe characters (30 and more
#: here, so a token of another length is caught too).
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
#: Shorter secrets are not looked for: they would match ordinary words.
MIN_SECRET_LENGTH = 6
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# What every LogRecord has; anything else on a record came as ``extra=`` and is written out.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class Redactor(logging.Filter):
    """Replaces tokens and the given secrets in a record's message and traceback."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        """Redact Telegram-shaped tokens and each of ``secrets`` (short ones are ignored)."""
        super().__init__()
        longest_first = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len)
        words = [re.escape(secret) for secret in reversed(longest_first)]
        words.append(TOKEN_PATTERN.pattern)
        self._pattern = re.compile("|".join(words))

    def redact(self, text: str) -> str:
        """``text`` without tokens and secrets."""
        return self._pattern.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Clean the record in place (the message rendered once, with its arguments)."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: logging reports it
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` (already cleaned by :class:`Redactor`)."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc_info"] = record.exc_text
        if record.stack_info:
            line["stack_info"] = record.stack_info
        return json.dumps(line, ensure_ascii=False)


def quiet_libraries() -> None:
    """Keep chatty libraries at WARNING."""
    # httpx logs every request URL at INFO, and Telegram URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The SQLite pool is a subclass of SQLAlchemy's, so its checkout chatter would log under
    # our name at INFO, where SQLAlchemy keeps its own pool's at WARNING.
    logging.getLogger("models.fair_pool").setLevel(logging.WARNING)


def secrets_of(settings: Settings) -> set[str]:
    """Every secret the configuration holds: the tokens, the webhook secrets, the OA's keys
    (the ``SecretStr`` settings), and the database password."""
    found = set(_secret_values(settings))
    password = urlsplit(settings.database.url).password
    if password:
        found.add(password)
    return found


def _secret_values(model: BaseModel) -> Iterable[str]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            yield value.get_secret_value()
        elif isinstance(value, BaseModel):
            yield from _secret_values(value)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler :func:`configure` installs (and replaces when called again)."""


def configure(settings: LogSettings, secrets: Iterable[str] = ()) -> logging.Handler | None:
    """Send every log line to standard error as ``settings`` say, secrets redacted.

    Like :func:`logging.basicConfig`, it leaves alone a root logger someone else set up (a
    test runner); called again (once the configuration is read), it replaces its own handler.
    Returns the handler installed, if any.
    """
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if isinstance(handler, _Stderr)]
    quiet_libraries()
    if root.handlers and not ours:
        return None
    for old in ours:
        root.removeHandler(old)
    handler = _Stderr(sys.stderr)
    handler.addFilter(Redactor(secrets))
    json_lines = settings.format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(settings.level)
    return handler
