"""The composition dialog of ``/thongbao`` (DESIGN §3.6).

```text
text → attach? → (file) → audience → (units loop | roles loop) → now or at a time → (time)
  → urgent? → preview (as a recipient sees it, head count, start) → queued
```

The preview is computed when the last choice is made: if the audience is empty or the time
has passed, the person is sent back to that step with the reason instead of a dead end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from bot.dates import MOMENT_FORMAT, read_moment
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Dialog, Step, Then
from bot.roles import OFFICE, ROLE_NAMES, Role
from bot.services.broadcasts import OFFICE_AUDIENCES, UNIT_AUDIENCES, AudienceKind
from bot.turn import Turn
from handlers.broadcasts.preview import (
    Compose,
    Composition,
    after_urgent,
    finish,
    render_preview,
)
from handlers.common import dialog_steps, member_of

DONE = "done"
#: The largest text and file the engine lets through; the configured limits are checked after.
TEXT_CEILING = 3500
FILE_CEILING = 50 * 2**20


def _is_office(turn: Turn) -> bool:
    return member_of(turn).role in OFFICE


# --- text and attachment ---------------------------------------------------------------------


async def _render_text(turn: Turn, _answers: Composition) -> str:
    return turn.t("broadcast.ask.text", max_text=turn.settings.broadcasts.max_text)


async def _render_file(turn: Turn, _answers: Composition) -> str:
    return turn.t("broadcast.ask.file", max_mb=turn.settings.broadcasts.attachment_max_mb)


async def _attach_options(turn: Turn, _answers: Composition) -> Sequence[Option]:
    return [
        Option("add", turn.t("broadcast.button.attach")),
        Option("none", turn.t("broadcast.button.no_attach")),
    ]


async def _after_attach(_turn: Turn, answers: Composition, value: Any) -> Then[Composition]:
    if value == "add":
        return Then(Compose.FILE)
    return Then(Compose.AUDIENCE, answers.but(file=None))


async def _check_file(turn: Turn, value: Any) -> Any:
    dialog_steps.check_file_type(turn, value)
    limit = turn.settings.broadcasts.attachment_max_mb
    if int(value["size"]) > limit * 2**20:
        raise InvalidInput("dialog.error.file_too_big", max_mb=limit)
    # Recipients on the same channel get the file by its id; others are told where it is.
    return {**value, "channel": turn.incoming.channel.value}


# --- audience ----------------------------------------------------------------------------------


def _problem_then(turn: Turn, answers: Composition, key: str) -> str:
    text = turn.t(key)
    return text if not answers.problem else turn.t(answers.problem) + "\n\n" + text


async def _audience_options(turn: Turn, _answers: Composition) -> Sequence[Option]:
    names = OFFICE_AUDIENCES if _is_office(turn) else UNIT_AUDIENCES
    return [Option(kind.value, turn.t(key)) for kind, key in names.items()]


async def _render_audience(turn: Turn, answers: Composition) -> str:
    return _problem_then(turn, answers, "broadcast.ask.audience")


async def _after_audience(_turn: Turn, answers: Composition, value: Any) -> Then[Composition]:
    dialog_steps.check_audience(answers.text or "", str(value))
    answers = answers.but(problem=None)
    if value == AudienceKind.UNITS.value:
        return Then(Compose.UNIT, answers.but(units=()))
    if value == AudienceKind.ROLES.value:
        return Then(Compose.ROLE, answers.but(roles=()))
    return Then(Compose.WHEN, answers)


async def _unit_options(turn: Turn, answers: Composition) -> Sequence[Option]:
    chosen = set(answers.units)
    units = [u for u in await turn.services.units.list_active() if u.id not in chosen]
    done = Option(DONE, turn.t("broadcast.button.done"))
    return [done, *(Option(str(u.id), u.name) for u in units)]


async def _render_units(turn: Turn, answers: Composition) -> str:
    names = {u.id: u.name for u in await turn.services.units.list_active()}
    chosen = [names.get(u, str(u)) for u in answers.units]
    none = turn.t("broadcast.ask.none_chosen")
    return turn.t("broadcast.ask.units", chosen=", ".join(chosen) or none)


async def _after_unit(_turn: Turn, answers: Composition, value: Any) -> Then[Composition]:
    if value != DONE:
        return Then(Compose.UNIT, answers.but(units=(*answers.units, int(value))))
    if not answers.units:
        raise InvalidInput("broadcast.error.no_units")
    return Then(Compose.WHEN)


async def _role_options(turn: Turn, answers: Composition) -> Sequence[Option]:
    chosen = set(answers.roles)
    done = Option(DONE, turn.t("broadcast.button.done"))
    rest = [Option(r.value, turn.t(k)) for r, k in ROLE_NAMES.items() if r not in chosen]
    return [done, *rest]


async def _render_roles(turn: Turn, answers: Composition) -> str:
    chosen = [turn.t(ROLE_NAMES[r]) for r in answers.roles]
    none = turn.t("broadcast.ask.none_chosen")
    return turn.t("broadcast.ask.roles", chosen=", ".join(chosen) or none)


async def _after_role(_turn: Turn, answers: Composition, value: Any) -> Then[Composition]:
    if value != DONE:
        return Then(Compose.ROLE, answers.but(roles=(*answers.roles, Role(str(value)))))
    if not answers.roles:
        raise InvalidInput("broadcast.error.no_roles")
    return Then(Compose.WHEN)


# --- when and how urgent ----------------------------------------------------------------------


async def _when_options(turn: Turn, _answers: Composition) -> Sequence[Option]:
    return [
        Option("now", turn.t("broadcast.button.now")),
        Option("later", turn.t("broadcast.button.later")),
    ]


async def _after_when(_turn: Turn, answers: Composition, value: Any) -> Then[Composition]:
    if value == "later":
        return Then(Compose.TIME)
    return Then(Compose.URGENT, answers.but(time=None))


async def _render_time(turn: Turn, answers: Composition) -> str:
    return _problem_then(turn, answers, "broadcast.ask.time")


async def _check_time(turn: Turn, value: Any) -> Any:
    parts = read_moment(str(value))
    if parts is None:
        raise InvalidInput("broadcast.error.time_format")
    typed, hour, minute = parts
    day = typed.date()
    if day is None:
        raise InvalidInput("broadcast.error.no_such_day", day=typed.text())
    try:
        at = time(hour, minute)
    except ValueError:
        raise InvalidInput("broadcast.error.time_format") from None
    moment = datetime.combine(day, at, tzinfo=turn.settings.organisation.zone)
    if moment < turn.clock.now():
        raise InvalidInput("broadcast.error.past")
    return moment.strftime(MOMENT_FORMAT)


async def _after_time(_turn: Turn, answers: Composition, _value: Any) -> Then[Composition]:
    return Then(answers=answers.but(problem=None))


async def _urgent_options(turn: Turn, _answers: Composition) -> Sequence[Option]:
    return [
        Option("no", turn.t("broadcast.button.normal")),
        Option("yes", turn.t("broadcast.button.urgent")),
    ]


BROADCAST: Dialog[Turn, Composition] = Dialog(
    name="broadcast",
    answers=Composition,
    steps=(
        Step(
            Compose.TEXT,
            "broadcast.ask.text",
            max_length=TEXT_CEILING,
            convert=dialog_steps.message_text,
            render=_render_text,
        ),
        Step(
            Compose.ATTACH,
            "broadcast.ask.attach",
            InputKind.CHOICE,
            options=_attach_options,
            after=_after_attach,
        ),
        Step(
            Compose.FILE,
            "broadcast.ask.file",
            InputKind.FILE,
            max_file_bytes=FILE_CEILING,
            convert=_check_file,
            render=_render_file,
        ),
        Step(
            Compose.AUDIENCE,
            "broadcast.ask.audience",
            InputKind.CHOICE,
            options=_audience_options,
            after=_after_audience,
            render=_render_audience,
        ),
        Step(
            Compose.UNIT,
            "broadcast.ask.units",
            InputKind.CHOICE,
            options=_unit_options,
            after=_after_unit,
            render=_render_units,
        ),
        Step(
            Compose.ROLE,
            "broadcast.ask.roles",
            InputKind.CHOICE,
            options=_role_options,
            after=_after_role,
            render=_render_roles,
        ),
        Step(
            Compose.WHEN,
            "broadcast.ask.when",
            InputKind.CHOICE,
            options=_when_options,
            after=_after_when,
        ),
        Step(
            Compose.TIME,
            "broadcast.ask.time",
            max_length=40,
            convert=_check_time,
            after=_after_time,
            render=_render_time,
        ),
        Step(
            Compose.URGENT,
            "broadcast.ask.urgent",
            InputKind.CHOICE,
            options=_urgent_options,
            after=after_urgent,
        ),
        Step(Compose.CONFIRM, "broadcast.preview.title", InputKind.CONFIRM, render=render_preview),
    ),
    finish=finish,
    cancelled="broadcast.cancelled",
)
