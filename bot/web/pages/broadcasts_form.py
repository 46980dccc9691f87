"""The compose form of a broadcast: what may be chosen, reading what was typed, and the draft
it describes — the same audiences and limits as ``/thongbao`` in chat."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from multidict import MultiMapping

from bot.roles import OFFICE, ROLE_NAMES, Role
from bot.services.broadcasts import (
    OFFICE_AUDIENCES,
    PLACEHOLDERS,
    UNIT_AUDIENCES,
    Audience,
    AudienceKind,
    BroadcastDraft,
    unfilled_placeholders,
    unknown_placeholders,
)
from bot.services.common import MemberView, UnitView
from bot.texts import Texts
from bot.web.forms import FormState, typed

_DAY_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DAY_VN = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:hH](\d{2})\s*$")


def audiences_for(member: MemberView) -> dict[AudienceKind, str]:
    """The audiences ``member`` may choose, with their names' keys."""
    return OFFICE_AUDIENCES if member.role in OFFICE else UNIT_AUDIENCES


@dataclass(frozen=True, slots=True)
class Composed:
    """The form as typed: the text fields, the chosen units and roles, what is wrong, and
    the draft (``None`` while anything is wrong)."""

    form: FormState
    units: tuple[int, ...]
    roles: tuple[Role, ...]
    draft: BroadcastDraft | None


@dataclass(frozen=True, slots=True)
class Limits:
    """What the reading needs to know besides the form."""

    member: MemberView
    units: tuple[UnitView, ...]
    max_text: int
    zone: ZoneInfo
    now: datetime
    texts: Texts


def read(posted: MultiMapping[object], limits: Limits, *, whole: bool) -> Composed:
    """Read the posted form; ``whole`` checks the text and the time too (not only the
    audience, which is all a head count needs)."""
    form = typed(posted)
    units = _chosen_units(posted, limits)
    roles = tuple(
        Role(value)
        for value in posted.getall("roles", [])
        if isinstance(value, str) and value in {r.value for r in ROLE_NAMES}
    )
    audience = _audience(form, limits, units, roles)
    text = form.value("text")
    send_at = None
    if whole:
        _check_text(form, limits, audience)
        send_at = _send_at(form, limits)
    if not form.ok or audience is None:
        return Composed(form, units, roles, None)
    draft = BroadcastDraft(
        text=text.strip(),
        audience=audience,
        urgent=form.value("urgent") == "yes",
        send_at=send_at,
    )
    return Composed(form, units, roles, draft)


def _chosen_units(posted: MultiMapping[object], limits: Limits) -> tuple[int, ...]:
    known = {unit.id for unit in limits.units}
    chosen: list[int] = []
    for value in posted.getall("units", []):
        if isinstance(value, str) and value.isdigit() and int(value) in known:
            chosen.append(int(value))
    return tuple(dict.fromkeys(chosen))


def _audience(
    form: FormState, limits: Limits, units: tuple[int, ...], roles: tuple[Role, ...]
) -> Audience | None:
    t = limits.texts.t
    allowed = audiences_for(limits.member)
    try:
        kind = AudienceKind(form.value("audience"))
    except ValueError:
        kind = None
    if kind is None or kind not in allowed:
        form.refuse("audience", t("web.broadcasts.error_audience"))
        return None
    if limits.member.role not in OFFICE:
        return Audience(kind, units=(limits.member.unit.id,))
    if kind is AudienceKind.UNITS and not units:
        form.refuse("units", t("web.broadcasts.error_units"))
        return None
    if kind is AudienceKind.ROLES and not roles:
        form.refuse("roles", t("web.broadcasts.error_roles"))
        return None
    return Audience(
        kind,
        units=units if kind is AudienceKind.UNITS else (),
        roles=roles if kind is AudienceKind.ROLES else (),
    )


def _check_text(form: FormState, limits: Limits, audience: Audience | None) -> None:
    t = limits.texts.t
    text = form.value("text").strip()
    if not text:
        form.refuse("text", t("web.broadcasts.error_text_empty"))
    elif len(text) > limits.max_text:
        form.refuse(
            "text", t("web.broadcasts.error_text_long", max=limits.max_text, length=len(text))
        )
    elif unknown := unknown_placeholders(text):
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        form.refuse(
            "text", t("web.broadcasts.error_placeholder", unknown=", ".join(unknown), known=known)
        )
    elif audience is not None and (unfilled := unfilled_placeholders(text, audience.kind)):
        form.refuse("text", t("web.broadcasts.error_unfilled", unfilled=", ".join(unfilled)))


def _send_at(form: FormState, limits: Limits) -> datetime | None:
    """The moment typed in the organisation's zone (``None``: send now)."""
    if form.value("when") != "later":
        return None
    t = limits.texts.t
    day = parse_day(form.value("day"))
    at = parse_time(form.value("hour"))
    if day is None:
        form.refuse("day", t("web.broadcasts.error_day"))
    if at is None:
        form.refuse("hour", t("web.broadcasts.error_hour"))
    if day is None or at is None:
        return None
    moment = datetime.combine(day, at, tzinfo=limits.zone)
    if moment < limits.now:
        form.refuse("day", t("web.broadcasts.error_past"))
        return None
    return moment


def parse_day(value: str) -> date | None:
    """A day typed as ``2026-12-31`` (the date picker) or ``31/12/2026``."""
    if match := _DAY_ISO.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_VN.match(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_time(value: str) -> time | None:
    """A time of day typed as ``14:30`` (or ``14h30``)."""
    match = _TIME.match(value)
    if match is None:
        return None
    try:
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None
