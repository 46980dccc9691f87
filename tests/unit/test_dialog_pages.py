"""A long choice list shows a page at a time and narrows to what typed words name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum

import pytest

from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.dialogs import DialogEngine
from bot.ports import Channel, Incoming, Reply
from bot.texts import Texts
from tests.fakes.clock import FakeClock
from tests.unit.test_dialogs import _Store

KEY = (Channel.CONSOLE, "c1", "u1")
UNITS = [f"Phòng số {n}" for n in range(1, 23)] + ["Văn phòng Sở", "Phòng Tài chính", "Thanh tra"]


class Ask(StrEnum):
    UNIT = "unit"


class Pick(Answers):
    unit: str | None = None
    unit_name: str | None = None


async def _units(_ctx: None, _answers: Pick) -> Sequence[Option]:
    return [Option(str(i), name) for i, name in enumerate(UNITS, start=1)]


async def _finish(_ctx: None, answers: Pick, _draft: Draft) -> Reply:
    return Reply(f"chọn {answers.unit_name}")


PICK: Dialog[None, Pick] = Dialog(
    name="pick",
    answers=Pick,
    steps=(Step(Ask.UNIT, "registration.ask_position", InputKind.CHOICE, options=_units),),
    finish=_finish,
)


@pytest.fixture
def store() -> _Store:
    return _Store()


@pytest.fixture
def engine(store: _Store) -> DialogEngine[None]:
    return DialogEngine([PICK], store, Texts.load(), FakeClock(), timeout=timedelta(hours=1))


def _labels(reply: Reply) -> list[str]:
    return [b.label for b in reply.flat_buttons()]


async def _send(engine: DialogEngine[None], store: _Store, text: str) -> Reply:
    incoming = Incoming(Channel.CONSOLE, "c1", "u1", text=text)
    return await engine.resume(None, incoming, store.positions[KEY])


async def _press(engine: DialogEngine[None], store: _Store, reply: Reply, label: str) -> Reply:
    data = next(b.data for b in reply.flat_buttons() if b.label == label)
    incoming = Incoming(Channel.CONSOLE, "c1", "u1", callback=data)
    return await engine.resume(None, incoming, store.positions[KEY])


async def test_a_long_list_shows_ten_at_a_time_and_turns_its_pages(
    engine: DialogEngine[None], store: _Store
) -> None:
    first = await engine.start(None, Incoming(Channel.CONSOLE, "c1", "u1", text="/x"), PICK)
    assert _labels(first) == [*UNITS[:10], "Trang sau ▶"]
    assert "Trang 1/3 của 25 lựa chọn" in first.text

    second = await _press(engine, store, first, "Trang sau ▶")
    assert _labels(second) == [*UNITS[10:20], "◀ Trang trước", "Trang sau ▶"]
    assert store.positions[KEY].step == 0 and store.positions[KEY].data["unit"] is None

    last = await _send(engine, store, "trang 3")
    assert _labels(last) == [*UNITS[20:], "◀ Trang trước"]
    assert "Trang 3/3" in last.text
    done = await _press(engine, store, second, "Phòng số 14")  # a button of an earlier page
    assert done.text == "chọn Phòng số 14"


async def test_typed_words_pick_the_one_option_they_name_or_show_those_they_name(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, Incoming(Channel.CONSOLE, "c1", "u1", text="/x"), PICK)
    narrowed = await _send(engine, store, "van phong")
    assert "Có 1" not in narrowed.text  # one named: chosen at once
    assert narrowed.text == "chọn Văn phòng Sở"

    await engine.start(None, Incoming(Channel.CONSOLE, "c1", "u1", text="/x"), PICK)
    several = await _send(engine, store, "so 1")
    named = [u for u in UNITS if u.startswith("Phòng số 1")]  # the phrase: not "số 21"
    assert len(named) == 11
    assert "Có 11 lựa chọn chứa «so 1», xin chọn một:" in several.text
    assert _labels(several) == [*named[:10], "Trang sau ▶"]
    picked = await _press(engine, store, several, "Phòng số 12")
    assert picked.text == "chọn Phòng số 12"


async def test_a_short_list_has_no_pages_and_a_word_naming_nothing_is_refused(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, Incoming(Channel.CONSOLE, "c1", "u1", text="/x"), PICK)
    refused = await _send(engine, store, "bệnh viện")
    assert "Xin chọn một nút bên dưới" in refused.text
    assert _labels(refused)[:10] == UNITS[:10]


async def test_words_typed_as_a_phrase_name_the_label_holding_that_phrase(
    engine: DialogEngine[None], store: _Store
) -> None:
    await engine.start(None, Incoming(Channel.CONSOLE, "c1", "u1", text="/x"), PICK)
    # "Phòng số 1…" hold both words too, but only one label holds them in that order.
    assert (await _send(engine, store, "phong tai")).text == "chọn Phòng Tài chính"
    await engine.start(None, Incoming(Channel.CONSOLE, "c1", "u1", text="/x"), PICK)
    # In no label as a phrase: each word anywhere.
    assert (await _send(engine, store, "chinh tai")).text == "chọn Phòng Tài chính"
