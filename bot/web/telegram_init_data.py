"""Verifying the ``initData`` a Telegram Mini App hands the page (Telegram's "Validating
data received via the Mini App"): whoever opened the app, signed with the bot's token.

The data is a URL query string. ``secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token)``;
the ``hash`` field must equal ``hex(HMAC_SHA256(key=secret_key, msg=data_check_string))``, where
``data_check_string`` is every other field as ``key=value`` (values URL-decoded), sorted by key
and joined by newlines. ``auth_date`` (Unix seconds) must be recent, or a copied string would
sign in forever.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from urllib.parse import parse_qsl


def secret_key(bot_token: str) -> bytes:
    """The key the data is signed with, derived from the bot's token."""
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    """The signed text: every field but ``hash``, sorted, as ``key=value`` lines."""
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign(fields: dict[str, str], bot_token: str) -> str:
    """The ``hash`` Telegram would give ``fields`` (used by tests and the trial server)."""
    text = data_check_string(fields).encode()
    return hmac.new(secret_key(bot_token), text, hashlib.sha256).hexdigest()


def verified_user_id(
    init_data: str, bot_token: str, *, now: datetime, max_age_seconds: int
) -> int | None:
    """The Telegram user id of a correctly signed, recent ``init_data``; ``None`` otherwise."""
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    given = fields.get("hash", "")
    if not bot_token or not given or len(fields) != len(pairs):
        return None  # unsigned, or a repeated field that could hide what was signed
    if not hmac.compare_digest(sign(fields, bot_token), given.lower()):
        return None
    if not _recent(fields.get("auth_date", ""), now, max_age_seconds):
        return None
    return _user_id(fields.get("user", ""))


def _recent(auth_date: str, now: datetime, max_age_seconds: int) -> bool:
    if not auth_date.isdigit():
        return False
    age = now.timestamp() - int(auth_date)
    return -60 <= age <= max_age_seconds  # a minute of clock skew ahead is tolerated


def _user_id(user: str) -> int | None:
    try:
        value = json.loads(user)
    except ValueError:
        return None
    user_id = value.get("id") if isinstance(value, dict) else None
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None
