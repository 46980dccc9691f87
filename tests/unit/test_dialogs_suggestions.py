"""Text steps with suggested answers, and drafts of an older shape brought up to date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from enum import StrEnum
from typing import Any

import pytest

from bot.callbacks import DialogChoice
from bot.dialog_inputs import Option
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.dialogs import DialogEngine
from bot.ports import Channel, Incoming, Reply
from bot.texts import Texts
from tests.fakes.clock import FakeClock
from tests.unit.test_dialogs import KEY, _Store

NOTE = "dialog.first_step"  # any catalogue text, shown above an upgraded draft's question


class Ask(StrEnum):
    PLACE = "place"
    SECRET = "secret"


class Form(Answers):
    version: int = 2
    place: str | None = None
    secret: str | None = None


async def _places(_ctx: None, _answers: Form) -> Sequence[Option]:
    return [Option("Phòng Công nghệ thông tin", "🏢 Chọn: Phòng Công nghệ thông tin")]


async def _skip(_ctx: None, _answers: Form) -> Sequence[Option]:
    return [Option("", "⏭ Bỏ qua")]


def _upgrade(data: Mapping[str, Any], step: int) -> tuple[Form, StrEnum] | None:
    """The older shape had no place: its step 0 was the secret."""
    if "version" in data:
        return None
    return Form.model_validate({**data, "version": 2}), Ask.PLACE


async def _finish(_ctx: None, _answers: Form, _draft: Draft) -> Reply:
    return Reply("xong")


FORM: Dialog[None, Form] = Dialog(
    name="form",
    answers=Form,
    steps=(
        Step(Ask.PLACE, "registration.ask_position", min_length=2, options=_places),
        Step(Ask.SECRET, "registration.ask_position", min_length=2, options=_skip),
    ),
    finish=_finish,
    upgrade=_upgrade,
    upgraded=NOTE,
)


@pytest.fixture
def store() -> _Store:
    return _Store()


@pytest.fixture
def engine(store: _Store) -> DialogEngine[None]:
    return DialogEngine([FORM], store, Texts.load(), FakeClock(), timeout=timedelta(hours=1))


def _says(text: str | None = None, callback: str | None = None) -> Incoming:
    return Incoming(Channel.CONSOLE, "c1", "u1", text=text, callback=callback)


async def _send(engine: DialogEngine[None], store: _Store, incoming: Incoming) -> Reply:
    return await engine.resume(None, incoming, store.positions[KEY])


async def test_a_suggestion_pressed_or_typed_whole_is_the_answer(
    engine: DialogEngine[None], store: _Store
) -> None:
    reply = await engine.start(None, _says("/x"), FORM)
    assert [b.label for row in reply.buttons for b in row] == [
        "🏢 Chọn: Phòng Công nghệ thông tin"
    ]
    await _send(engine, store, _says(callback=reply.buttons[0][0].data))
    assert store.positions[KEY].data["place"] == "Phòng Công nghệ thông tin"
    await _send(engine, store, _says("bo qua"))  # typed without emoji or diacritics
    assert store.positions.get(KEY) is None  # finished: the secret was skipped


async def test_a_text_that_only_begins_like_a_suggestion_is_kept_as_typed(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), FORM)
    await _send(engine, store, _says("Phòng Công nghệ"))
    assert store.positions[KEY].data["place"] == "Phòng Công nghệ"


async def test_a_forged_button_at_a_text_step_is_refused(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), FORM)
    nonce = store.positions[KEY].nonce
    reply = await _send(engine, store, _says(callback=DialogChoice(nonce, 0, "other").pack()))
    assert Texts.load().t("dialog.error.stale_button") in reply.text
    assert store.positions[KEY].data["place"] is None


async def test_an_older_draft_is_asked_its_new_step_first_and_its_typed_answer_kept_out(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), FORM)
    store.positions[KEY].data = {"secret": None}  # stored by the older shape, at its step 0
    store.positions[KEY].step = 0
    store.positions[KEY].trail = (5, 6)
    reply = await _send(engine, store, _says("Mã nguồn"))  # meant for the old step 0
    assert reply.text.startswith(Texts.load().t(NOTE))
    stored = store.positions[KEY]
    assert (stored.step, stored.trail, stored.data["place"]) == (0, (), None)
    assert stored.data["version"] == 2
    await _send(engine, store, _says("Văn phòng Sở"))  # now a draft of the current shape
    assert store.positions[KEY].data["place"] == "Văn phòng Sở"
    assert store.positions[KEY].step == 1
