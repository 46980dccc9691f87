"""A confirmed press counts once, whatever the moment the process dies.

For every dialog whose finish creates something, the process "dies" (an exception no handler
catches) either right after the use case committed and before the dialog was cleared, or before
anything committed; a new app is opened on the same database and the same button is pressed
(the same answer sent) again. The first way it is told what was saved and nothing is made twice;
the second way the press works, once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.services.conversation import drafts
from bot.texts import Texts, placeholders
from models import Delivery, Initiative
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.handlers.dialog_journeys import KINDS, count, proposal
from tests.services.nominations_seed import AWARDS

#: An emulation title, for the unit's vote list.
LDTT = {
    "code": "LDTT",
    "name": "Lao động tiên tiến",
    "applies_to": "individual",
    "tracks": ["annual"],
    "kind": "title",
}


class Killed(BaseException):
    """The process dying: no handler or router catches it."""


#: When every journey presses (the test clock's start), as the organisation reads it.
SAVED_AT = "lúc 09:00 ngày 02/03/2026"


async def _open(database_url: str, clock: FakeClock) -> App:
    settings = make_settings(database_url, awards=[*AWARDS, LDTT])
    return await open_app(settings, clock=clock, run_migrations=False)


@pytest.mark.parametrize("name", KINDS)
async def test_a_press_repeated_after_a_crash_after_the_commit_is_told_what_was_saved(
    name: str, database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    kind = KINDS[name]
    first = await _open(database_url, clock)
    try:
        person, press = await kind.reach(first, tmp_path)

        async def die(_key: object) -> None:
            raise Killed

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(first.services.dialog_states, "clear", die)
            with pytest.raises(Killed):
                await press(person)  # saved and committed; dies before the clean-up
        assert await kind.made(first) == 1
    finally:
        await first.close()
    clock.advance(minutes=5)
    again = await _open(database_url, clock)
    try:
        person.router = again.router
        await press(person)
        assert kind.told in person.text, person.text
        assert SAVED_AT in person.text  # the time it was saved, not of this press
        assert await kind.made(again) == 1
        await press(person)  # the draft is closed now: the button is an old one
        assert kind.told not in person.text
        assert await kind.made(again) == 1
    finally:
        await again.close()


@pytest.mark.parametrize("name", KINDS)
async def test_a_press_lost_before_the_commit_works_once_when_pressed_again(
    name: str, database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    kind = KINDS[name]
    first = await _open(database_url, clock)
    try:
        person, press = await kind.reach(first, tmp_path)

        async def die(*_args: object, **_kwargs: object) -> None:
            raise Killed

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(drafts, "close", die)
            with pytest.raises(Killed):
                await press(person)  # dies inside the use case's transaction: nothing kept
        assert await kind.made(first) == 0
    finally:
        await first.close()
    again = await _open(database_url, clock)
    try:
        person.router = again.router
        await press(person)
        assert await kind.made(again) == 1
        assert kind.told not in person.text  # the ordinary answer of a first save
        await press(person)
        assert await kind.made(again) == 1
    finally:
        await again.close()


async def test_a_clean_up_that_failed_in_a_live_process_is_told_on_the_next_press(
    database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = await _open(database_url, clock)
    try:
        person, press = await proposal(app, tmp_path)

        async def fail(_key: object) -> None:
            raise OSError("database went away")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(app.services.dialog_states, "clear", fail)
            await press(person)
        assert "lỗi" in person.text.casefold()  # the router's apology; the position is cached
        await press(person)
        assert "Sáng kiến SK-2026-0001 đã được nộp lúc" in person.text
        assert await count(Initiative)(app) == 1
        await person.send("/sangkien")  # the draft is closed: a new proposal starts
        assert "Tên sáng kiến" in person.text
    finally:
        await app.close()


async def test_expiry_removes_a_finished_draft_without_an_expiry_notice(
    database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = await _open(database_url, clock)
    try:
        person, press = await proposal(app, tmp_path)

        async def die(_key: object) -> None:
            raise Killed

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(app.services.dialog_states, "clear", die)
            with pytest.raises(Killed):
                await press(person)
    finally:
        await app.close()
    clock.advance(days=40)
    again = await _open(database_url, clock)
    try:
        assert await again.services.dialog_states.expire() == 1
        async with again.sessions() as session:
            told = (await session.scalars(select(Delivery.chat_id))).all()
        assert "an" not in told  # saved, not expired: nothing to apologise for
    finally:
        await again.close()


def test_outcome_texts_have_the_placeholders_their_callers_give() -> None:
    """Each ``drafts.close(session, draft, key, at=..., **params)`` fits its text."""
    texts = Texts.load()
    root = Path(__file__).resolve().parents[2] / "bot" / "services"
    calls = 0
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.AsyncFunctionDef):
                calls += _check_closes(texts, function)
    assert calls >= 15


def _check_closes(texts: Texts, function: ast.AsyncFunctionDef) -> int:
    """Check the ``drafts.close`` calls of one function; a key may be a local set before."""
    assigned: dict[str, str] = {}
    calls = 0
    for node in sorted(ast.walk(function), key=lambda n: getattr(n, "lineno", 0)):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
        ):
            assigned[node.targets[0].id] = str(node.value.value)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "close"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "drafts"
        ):
            key_node = node.args[2]
            if isinstance(key_node, ast.Constant):
                key = str(key_node.value)
            else:
                assert isinstance(key_node, ast.Name)
                key = assigned[key_node.id]
            given = {k.arg for k in node.keywords if k.arg}
            assert placeholders(texts.raw(key)) == given, key
            calls += 1
    return calls
