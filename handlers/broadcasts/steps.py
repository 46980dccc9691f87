"""The composition dialog of ``/thongbao`` (DESIGN §3.6).

```text
text → attach? → (file) → audience → (units loop | roles loop) → now or at a time → (time)
  → urgent? → preview (as a recipient sees it, head count, start) → queued
```

The preview is computed when the last choice is made: if the audience is empty or the time
has passed, the person is sent back to that step with the reason instead of a dead end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.dates import MOMENT_FORMAT
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Dialog, Step
from bot.roles import OFFICE, Role
from bot.routing import Turn
from bot.services.broadcasts.audiences import AudienceKind
from handlers.broadcasts.preview import (
    PROBLEM,
    after_urgent,
    finish,
    render_preview,
)
from handlers.common.turns import member_of

DIALOG = "broadcast"
DONE = "done"
#: The largest text and file the engine lets through; the configured limits are checked after.
TEXT_CEILING = 3500
FILE_CEILING = 50 * 2**20
_TIME_FIRST = re.compile(r"^(\d{1,2})[:hH](\d{2})\s+(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2})[:hH](\d{2})$")
#: Audience names (literal keys, so the catalogue test sees them used).
OFFICE_AUDIENCES: dict[AudienceKind, str] = {
    AudienceKind.EVERYONE: "broadcast.audience.everyone",
    AudienceKind.UNITS: "broadcast.audience.units",
    AudienceKind.ROLES: "broadcast.audience.roles",
    AudienceKind.NOT_CONFIRMED: "broadcast.audience.not_confirmed",
    AudienceKind.NO_INITIATIVE: "broadcast.audience.no_initiative",
    AudienceKind.REPORT_MISSING: "broadcast.audience.report_missing",
    AudienceKind.REVIEWS_PENDING: "broadcast.audience.reviews_pending",
}
UNIT_AUDIENCES: dict[AudienceKind, str] = {
    AudienceKind.EVERYONE: "broadcast.audience.unit_everyone",
    AudienceKind.NOT_CONFIRMED: "broadcast.audience.unit_not_confirmed",
    AudienceKind.NO_INITIATIVE: "broadcast.audience.unit_no_initiative",
}
ROLE_NAMES: dict[Role, str] = {
    Role.STAFF: "roles.staff",
    Role.UNIT_HEAD: "roles.unit_head",
    Role.OFFICE: "roles.office",
    Role.COUNCIL: "roles.council",
    Role.LEADER: "roles.leader",
    Role.ADMIN: "roles.admin",
}


def _is_office(turn: Turn) -> bool:
    return member_of(turn).role in OFFICE


# --- text and attachment ---------------------------------------------------------------------


async def _render_text(turn: Turn, _data: Mapping[str, Any]) -> str:
    return turn.t("broadcast.ask.text", max_text=turn.settings.broadcasts.max_text)


async def _render_file(turn: Turn, _data: Mapping[str, Any]) -> str:
    return turn.t("broadcast.ask.file", max_mb=turn.settings.broadcasts.attachment_max_mb)


async def _check_text(turn: Turn, value: Any) -> Any:
    limit = turn.settings.broadcasts.max_text
    if len(str(value)) > limit:
        raise InvalidInput("dialog.error.too_long", max=limit, length=len(str(value)))
    return value


async def _attach_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [
        Option("add", turn.t("broadcast.button.attach")),
        Option("none", turn.t("broadcast.button.no_attach")),
    ]


async def _after_attach(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if value == "add":
        return "file"
    data.pop("file", None)
    return "audience"


async def _check_file(turn: Turn, value: Any) -> Any:
    limit = turn.settings.broadcasts.attachment_max_mb
    if int(value["size"]) > limit * 2**20:
        raise InvalidInput("dialog.error.file_too_big", max_mb=limit)
    # Recipients on the same channel get the file by its id; others are told where it is.
    return {**value, "channel": turn.incoming.channel.value}


# --- audience ----------------------------------------------------------------------------------


def _problem_then(turn: Turn, data: Mapping[str, Any], key: str) -> str:
    problem = data.get(PROBLEM)
    text = turn.t(key)
    return text if not problem else turn.t(str(problem)) + "\n\n" + text


async def _audience_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    names = OFFICE_AUDIENCES if _is_office(turn) else UNIT_AUDIENCES
    return [Option(kind.value, turn.t(key)) for kind, key in names.items()]


async def _render_audience(turn: Turn, data: Mapping[str, Any]) -> str:
    return _problem_then(turn, data, "broadcast.ask.audience")


async def _after_audience(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    data.pop(PROBLEM, None)
    if value == AudienceKind.UNITS.value:
        data["units"] = []
        return "unit"
    if value == AudienceKind.ROLES.value:
        data["roles"] = []
        return "role"
    return "when"


async def _unit_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    chosen = set(data.get("units", []))
    units = [u for u in await turn.services.units.list_active() if u.id not in chosen]
    done = Option(DONE, turn.t("broadcast.button.done"))
    return [done, *(Option(str(u.id), u.name) for u in units)]


async def _render_units(turn: Turn, data: Mapping[str, Any]) -> str:
    names = {u.id: u.name for u in await turn.services.units.list_active()}
    chosen = [names.get(int(u), str(u)) for u in data.get("units", [])]
    none = turn.t("broadcast.ask.none_chosen")
    return turn.t("broadcast.ask.units", chosen=", ".join(chosen) or none)


async def _after_unit(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if value != DONE:
        data["units"] = [*data.get("units", []), int(value)]
        return "unit"
    if not data.get("units"):
        raise InvalidInput("broadcast.error.no_units")
    return "when"


async def _role_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    chosen = set(data.get("roles", []))
    done = Option(DONE, turn.t("broadcast.button.done"))
    rest = [Option(r.value, turn.t(k)) for r, k in ROLE_NAMES.items() if r.value not in chosen]
    return [done, *rest]


async def _render_roles(turn: Turn, data: Mapping[str, Any]) -> str:
    chosen = [turn.t(ROLE_NAMES[Role(r)]) for r in data.get("roles", [])]
    none = turn.t("broadcast.ask.none_chosen")
    return turn.t("broadcast.ask.roles", chosen=", ".join(chosen) or none)


async def _after_role(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if value != DONE:
        data["roles"] = [*data.get("roles", []), str(value)]
        return "role"
    if not data.get("roles"):
        raise InvalidInput("broadcast.error.no_roles")
    return "when"


# --- when and how urgent ----------------------------------------------------------------------


async def _when_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [
        Option("now", turn.t("broadcast.button.now")),
        Option("later", turn.t("broadcast.button.later")),
    ]


async def _after_when(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if value == "later":
        return "time"
    data.pop("time", None)
    return "urgent"


def parse_moment(text: str) -> tuple[int, int, int, int, int] | None:
    """Read ``HH:MM dd/mm/yyyy`` or ``dd/mm/yyyy HH:MM`` as (year, month, day, hour, minute)."""
    cleaned = " ".join(text.split())
    if match := _TIME_FIRST.match(cleaned):
        hour, minute, day, month, year = (int(g) for g in match.groups())
    elif match := _DATE_FIRST.match(cleaned):
        day, month, year, hour, minute = (int(g) for g in match.groups())
    else:
        return None
    return year, month, day, hour, minute


async def _render_time(turn: Turn, data: Mapping[str, Any]) -> str:
    return _problem_then(turn, data, "broadcast.ask.time")


async def _check_time(turn: Turn, value: Any) -> Any:
    parts = parse_moment(str(value))
    zone = turn.settings.organisation.zone
    try:
        moment = None if parts is None else datetime(*parts, tzinfo=zone)
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInput("broadcast.error.time_format")
    if moment < turn.clock.now():
        raise InvalidInput("broadcast.error.past")
    return moment.strftime(MOMENT_FORMAT)


async def _after_time(_turn: Turn, data: dict[str, Any], _value: Any) -> str | None:
    data.pop(PROBLEM, None)
    return None


async def _urgent_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [
        Option("no", turn.t("broadcast.button.normal")),
        Option("yes", turn.t("broadcast.button.urgent")),
    ]


BROADCAST: Dialog[Turn] = Dialog(
    name=DIALOG,
    steps=(
        Step(
            "text",
            "broadcast.ask.text",
            max_length=TEXT_CEILING,
            convert=_check_text,
            render=_render_text,
        ),
        Step(
            "attach",
            "broadcast.ask.attach",
            InputKind.CHOICE,
            options=_attach_options,
            after=_after_attach,
        ),
        Step(
            "file",
            "broadcast.ask.file",
            InputKind.FILE,
            max_file_bytes=FILE_CEILING,
            convert=_check_file,
            render=_render_file,
        ),
        Step(
            "audience",
            "broadcast.ask.audience",
            InputKind.CHOICE,
            options=_audience_options,
            after=_after_audience,
            render=_render_audience,
        ),
        Step(
            "unit",
            "broadcast.ask.units",
            InputKind.CHOICE,
            options=_unit_options,
            after=_after_unit,
            render=_render_units,
        ),
        Step(
            "role",
            "broadcast.ask.roles",
            InputKind.CHOICE,
            options=_role_options,
            after=_after_role,
            render=_render_roles,
        ),
        Step(
            "when",
            "broadcast.ask.when",
            InputKind.CHOICE,
            options=_when_options,
            after=_after_when,
        ),
        Step(
            "time",
            "broadcast.ask.time",
            max_length=40,
            convert=_check_time,
            after=_after_time,
            render=_render_time,
        ),
        Step(
            "urgent",
            "broadcast.ask.urgent",
            InputKind.CHOICE,
            options=_urgent_options,
            after=after_urgent,
        ),
        Step("confirm", "broadcast.preview.title", InputKind.CONFIRM, render=render_preview),
    ),
    finish=finish,
    cancelled="broadcast.cancelled",
)
