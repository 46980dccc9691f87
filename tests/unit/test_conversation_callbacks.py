"""Callback payloads: compact, typed, and forged data never decodes into a payload."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import MAX_BYTES, CallbackData, DialogChoice, MenuAction, unpack

tokens = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)


@given(nonce=tokens, step=st.integers(0, 10_000), option=tokens)
def test_dialog_choice_round_trips(nonce: str, step: int, option: str) -> None:
    payload = DialogChoice(nonce, step, option)
    data = payload.pack()
    assert len(data.encode()) <= MAX_BYTES
    assert unpack(data) == payload


@given(st.text(max_size=80))
def test_arbitrary_text_is_never_mistaken_for_a_wrong_payload(data: str) -> None:
    payload = unpack(data)
    if payload is not None:
        assert payload.pack() == data


@pytest.mark.parametrize(
    "data",
    ["", "zz:1", "d:abc:1", "d:abc:x:1", "d:abc:1:2:3", "m:k\u00e9hoach", "d:a b:1:1", "x" * 65],
)
def test_forged_or_stale_data_decodes_to_none(data: str) -> None:
    assert unpack(data) is None


def test_every_payload_kind_packs_short_ascii() -> None:
    for payload in (
        MenuAction("bangxephang"),
        DialogChoice("ffffffff", 99, "_0123456789abcdef"),
    ):
        data = payload.pack()
        assert data.isascii() and len(data) <= MAX_BYTES
        assert unpack(data) == payload


def test_text_with_diacritics_cannot_be_packed() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        MenuAction("kếhoạch").pack()


def test_duplicate_prefix_is_refused_at_definition() -> None:
    with pytest.raises(ValueError, match="duplicate"):

        @dataclasses.dataclass(frozen=True)
        class Clash(CallbackData, prefix="m"):
            value: str


def test_oversized_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        MenuAction("a" * 70).pack()
