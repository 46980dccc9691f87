"""The Mini App's initData: signed with the bot's token and recent, or no one is signed in."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from bot.web import verified_user_id

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
USER = json.dumps({"id": 777000111, "first_name": "Lan", "language_code": "vi"})


def signed(fields: dict[str, str], token: str = TOKEN) -> dict[str, str]:
    """``fields`` with the hash Telegram computes, written out here from its recipe."""
    text = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return fields | {"hash": hmac.new(key, text.encode(), hashlib.sha256).hexdigest()}


def fields(age_seconds: int = 30) -> dict[str, str]:
    auth_date = str(int(NOW.timestamp()) - age_seconds)
    return {"query_id": "AAHdF6IQ", "user": USER, "auth_date": auth_date}


def check(data: dict[str, str], max_age: int = 3600) -> int | None:
    return verified_user_id(urlencode(data), TOKEN, now=NOW, max_age_seconds=max_age)


def test_correctly_signed_recent_data_gives_the_telegram_user() -> None:
    assert check(signed(fields())) == 777000111


def test_data_signed_with_another_bots_token_is_refused() -> None:
    assert check(signed(fields(), token="999:other")) is None


def test_a_tampered_field_is_refused() -> None:
    data = signed(fields())
    data["user"] = json.dumps({"id": 1, "first_name": "Lan"})
    assert check(data) is None


def test_missing_or_blank_hash_is_refused() -> None:
    data = signed(fields())
    del data["hash"]
    assert check(data) is None
    assert check(data | {"hash": ""}) is None
    assert verified_user_id("", TOKEN, now=NOW, max_age_seconds=3600) is None


def test_stale_data_is_refused_and_the_age_is_configured() -> None:
    assert check(signed(fields(age_seconds=3601))) is None
    assert check(signed(fields(age_seconds=3600))) == 777000111
    assert check(signed(fields(age_seconds=120)), max_age=60) is None


def test_a_repeated_field_or_a_missing_user_is_refused() -> None:
    data = signed(fields())
    assert check(signed({"auth_date": data["auth_date"]})) is None
    twice = urlencode(data) + "&user=" + json.dumps({"id": 5})
    assert verified_user_id(twice, TOKEN, now=NOW, max_age_seconds=3600) is None
    assert verified_user_id(urlencode(data), "", now=NOW, max_age_seconds=3600) is None
