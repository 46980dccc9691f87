"""The dialog engine keeps typed answers, and its own bookkeeping apart from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import pytest

from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.dialogs import DialogEngine
from bot.ports import Channel, Incoming, Reply
from bot.texts import Texts
from tests.fakes.clock import FakeClock

KEY = (Channel.CONSOLE, "c1", "u1")


class Ask(StrEnum):
    NAME = "name"
    COLOUR = "colour"
    NOTE = "note"


class Order(Answers):
    name: str | None = None
    colour: str | None = None
    colour_name: str | None = None
    note: str | None = None
    asked_again: int = 0


@dataclass
class _Stored:
    dialog: str
    step: int
    nonce: str
    data: dict[str, Any]
    trail: tuple[int, ...]
    prefilled: tuple[str, ...]
    expires_at: datetime
    outcome: dict[str, Any] | None = None


@dataclass
class _Store:
    positions: dict[tuple[Channel, str, str], _Stored] = field(default_factory=dict)

    async def save(
        self,
        key: tuple[Channel, str, str],
        *,
        dialog: str,
        step: int,
        nonce: str,
        data: dict[str, Any],
        trail: Sequence[int],
        prefilled: Sequence[str],
        expires_at: datetime,
    ) -> None:
        stored = _Stored(dialog, step, nonce, data, tuple(trail), tuple(prefilled), expires_at)
        self.positions[key] = stored

    async def clear(self, key: tuple[Channel, str, str]) -> None:
        self.positions.pop(key, None)


async def _colours(_ctx: None, _answers: Order) -> Sequence[Option]:
    return [Option("r", "Đỏ"), Option("g", "Xanh"), Option("again", "Hỏi lại tên")]


async def _after_colour(_ctx: None, answers: Order, value: Any) -> Then[Order]:
    if value == "again":  # a jump back, as "edit this field" loops do
        return Then(Ask.NAME, answers.but(asked_again=answers.asked_again + 1))
    return Then()


async def _after_note(_ctx: None, _answers: Order, value: Any) -> Then[Order]:
    if value == "không":
        raise InvalidInput("dialog.error.need_text")
    return Then()


finished: list[Order] = []


async def _finish(_ctx: None, answers: Order, _draft: Draft) -> Reply:
    finished.append(answers)
    return Reply("xong")


ORDER: Dialog[None, Order] = Dialog(
    name="order",
    answers=Order,
    steps=(
        Step(Ask.NAME, "registration.ask_position", min_length=2, skip_when_set=True),
        Step(
            Ask.COLOUR,
            "registration.ask_position",
            InputKind.CHOICE,
            options=_colours,
            after=_after_colour,
        ),
        Step(Ask.NOTE, "registration.ask_position", after=_after_note),
    ),
    finish=_finish,
)


@pytest.fixture
def store() -> _Store:
    finished.clear()
    return _Store()


@pytest.fixture
def engine(store: _Store) -> DialogEngine[None]:
    texts = Texts.load()
    return DialogEngine([ORDER], store, texts, FakeClock(), timeout=timedelta(hours=1))


def _says(text: str) -> Incoming:
    return Incoming(Channel.CONSOLE, "c1", "u1", text=text)


async def _answer(engine: DialogEngine[None], store: _Store, text: str) -> Reply:
    return await engine.resume(None, _says(text), store.positions[KEY])


async def test_the_finish_gets_typed_answers_and_the_store_keeps_bookkeeping_apart(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), ORDER)
    await _answer(engine, store, "Lan")
    await _answer(engine, store, "2")
    stored = store.positions[KEY]
    assert stored.data == Order(name="Lan", colour="g", colour_name="Xanh").model_dump()
    assert stored.trail == (0, 1)
    assert stored.prefilled == ()
    reply = await _answer(engine, store, "Giao trước 9 giờ")
    assert reply.text == "xong"
    assert finished == [Order(name="Lan", colour="g", colour_name="Xanh", note="Giao trước 9 giờ")]
    assert KEY not in store.positions


async def test_values_given_at_the_start_skip_their_step_and_are_remembered(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), ORDER, Order(name="Hà"))
    stored = store.positions[KEY]
    assert (stored.step, stored.prefilled) == (1, ("name",))
    await _answer(engine, store, "/quaylai")  # nothing asked before the first question shown
    assert store.positions[KEY].step == 1


async def test_back_retraces_a_jump_and_a_refused_answer_changes_nothing(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), ORDER)
    await _answer(engine, store, "Lan")
    await _answer(engine, store, "Hỏi lại tên")  # jumps back to the name
    assert (store.positions[KEY].step, store.positions[KEY].data["asked_again"]) == (0, 1)
    await _answer(engine, store, "/quaylai")
    assert store.positions[KEY].step == 1  # back to where the jump was made, not to step 0 - 1
    await _answer(engine, store, "1")
    before = dict(store.positions[KEY].data)
    await _answer(engine, store, "không")
    assert store.positions[KEY].data == before
    assert store.positions[KEY].step == 2


async def test_a_draft_stored_by_an_older_shape_still_resumes(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), ORDER)
    store.positions[KEY].data = {"name": "Lan", "retired_field": [1, 2]}
    store.positions[KEY].step = 1
    await _answer(engine, store, "1")
    assert store.positions[KEY].data["colour"] == "r"
    assert "retired_field" not in store.positions[KEY].data


async def test_a_draft_that_no_longer_fits_its_model_ends_with_a_clear_answer(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, _says("/x"), ORDER)
    store.positions[KEY].data = {"name": {"first": "Lan"}}
    reply = await _answer(engine, store, "Lan")
    assert reply.text == Texts.load().t("dialog.expired")
    assert KEY not in store.positions
    assert ORDER.answers_of(store.positions.get(KEY)) is None
