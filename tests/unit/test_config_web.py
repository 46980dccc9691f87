"""``[web]``: defaults, the public address trimmed and checked."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config_web import Web


def test_defaults_and_a_trimmed_https_address() -> None:
    web = Web()
    assert (web.link_minutes, web.session_hours, web.init_data_max_age_seconds) == (10, 12, 3600)
    assert web.base_url == "" and not web.secure
    web = Web(public_base_url=" https://thidua.example.vn/ ")
    assert web.base_url == "https://thidua.example.vn" and web.secure
    assert not Web(public_base_url="http://127.0.0.1:8080").secure


def test_an_address_without_a_scheme_is_refused() -> None:
    with pytest.raises(ValidationError, match="https://"):
        Web(public_base_url="thidua.example.vn")
