"""Creating a recurring reminder (``/nhacviec`` → ➕), and the words that describe reminders.

```mermaid
stateDiagram-v2
    [*] --> name: ➕ Thêm lịch nhắc (Office)
    name --> text: 3–200 characters
    text --> audience: up to [broadcasts] max_text characters
    audience --> frequency
    frequency --> time: Hằng ngày
    frequency --> weekday: Hằng tuần
    frequency --> day: Hằng tháng
    frequency --> cron: Biểu thức cron
    weekday --> time
    day --> time: 1–28
    time --> urgent: HH:MM
    cron --> urgent: five valid fields
    urgent --> confirm: preview with the next three runs
    confirm --> [*]: reminder stored
```
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import ReminderAct, ReminderChoice
from bot.dates import TIME_FORMAT, day_text
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Button, Reply
from bot.roles import ROLE_NAMES
from bot.services.broadcasts import Audience, AudienceKind
from bot.services.reminders import ReminderDraft, cron
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import dialog_steps, member_of

PREVIEW_RUNS = 3
_TIME = re.compile(r"^(\d{1,2})[:hH.](\d{2})$")
#: Weekday names by ``date.weekday()`` (Monday first).
WEEKDAY_KEYS = (
    "reminder.weekday.mon",
    "reminder.weekday.tue",
    "reminder.weekday.wed",
    "reminder.weekday.thu",
    "reminder.weekday.fri",
    "reminder.weekday.sat",
    "reminder.weekday.sun",
)
AUDIENCE_KEYS = {
    AudienceKind.EVERYONE: "reminder.audience.everyone",
    AudienceKind.NOT_CONFIRMED: "reminder.audience.not_confirmed",
    AudienceKind.NO_INITIATIVE: "reminder.audience.no_initiative",
    AudienceKind.REPORT_MISSING: "reminder.audience.report_missing",
    AudienceKind.REVIEWS_PENDING: "reminder.audience.reviews_pending",
}
FREQUENCY_KEYS = {
    "daily": "reminder.frequency.daily",
    "weekly": "reminder.frequency.weekly",
    "monthly": "reminder.frequency.monthly",
    "cron": "reminder.frequency.cron",
}


class Ask(StrEnum):
    """The steps of creating a reminder."""

    NAME = "name"
    TEXT = "text"
    AUDIENCE = "audience"
    FREQUENCY = "frequency"
    WEEKDAY = "weekday"
    DAY = "day"
    TIME = "time"
    CRON = "cron"
    URGENT = "urgent"
    CONFIRM = "confirm"


class NewReminder(Answers):
    """A reminder being created; ``cron`` is built from the frequency's answers or typed."""

    name: str | None = None
    text: str | None = None
    audience: str | None = None
    frequency: str | None = None
    #: The cron weekday number (``"1"`` is Monday … ``"0"`` Sunday).
    weekday: str | None = None
    day: int | None = None
    time: str | None = None
    cron: str | None = None
    urgent: str | None = None


_FREQUENCY_NEXT = {
    "daily": Ask.TIME,
    "weekly": Ask.WEEKDAY,
    "monthly": Ask.DAY,
    "cron": Ask.CRON,
}


# --- words ---------------------------------------------------------------------------------


def when(turn: Turn, at: datetime) -> str:
    """A moment in the organisation's zone: ``09:00 Thứ Hai, 02/03/2026``."""
    local = at.astimezone(turn.settings.organisation.zone)
    return turn.t(
        "reminder.when",
        time=local.strftime(TIME_FORMAT),
        weekday=turn.t(WEEKDAY_KEYS[local.weekday()]),
        date=day_text(local),
    )


def describe_schedule(turn: Turn, expr: str) -> str:
    """Daily, weekly and monthly schedules in words; any other cron expression as it is."""
    fields = expr.split()
    if len(fields) == 5 and fields[0].isdigit() and fields[1].isdigit() and fields[3] == "*":
        minute, hour, day, _, weekday = fields
        if int(minute) < 60 and int(hour) < 24:
            at = f"{int(hour):02d}:{int(minute):02d}"
            if day == "*" and weekday == "*":
                return turn.t("reminder.schedule.daily", time=at)
            if day == "*" and re.fullmatch(r"[0-7]", weekday):
                name = turn.t(WEEKDAY_KEYS[(int(weekday) - 1) % 7])
                return turn.t("reminder.schedule.weekly", weekday=name, time=at)
            if weekday == "*" and day.isdigit() and 1 <= int(day) <= 31:
                return turn.t("reminder.schedule.monthly", day=int(day), time=at)
    if len(fields) == 5 and all(f.isdigit() for f in fields[:4]) and fields[4] == "*":
        mm, hh, dd, mo = (int(f) for f in fields[:4])
        if mm < 60 and hh < 24 and 1 <= dd <= 31 and 1 <= mo <= 12:
            at = f"{hh:02d}:{mm:02d}"
            return turn.t("reminder.schedule.yearly", day=f"{dd:02d}/{mo:02d}", time=at)
    return turn.t("reminder.schedule.cron", expr=expr)


#: Scheduled leaderboard posts and the year's milestones (configured in config.toml, not
#: created in chat).
BOARD_KEYS = {
    AudienceKind.BOARD_ANNOUNCEMENT: "reminder.audience.board_announcement",
    AudienceKind.BOARD_UNIT_HEADS: "reminder.audience.board_unit_heads",
    AudienceKind.TARGETS_MISSING: "reminder.audience.targets_missing",
    AudienceKind.VOTE_LIST_MISSING: "reminder.audience.vote_list_missing",
    AudienceKind.REPORT_DUE_MISSING: "reminder.audience.report_due_missing",
}


def describe_audience(turn: Turn, audience: Audience) -> str:
    """Who a reminder reaches, with the days before a report deadline when limited so."""
    key = AUDIENCE_KEYS.get(audience.kind) or BOARD_KEYS.get(audience.kind)
    label = turn.t(key) if key else turn.t("reminder.audience.other")
    if audience.kind is AudienceKind.ROLES and audience.roles:
        names = ", ".join(turn.t(ROLE_NAMES[role]) for role in audience.roles)
        label = turn.t("reminder.audience.roles", roles=names)
    if not audience.due_in_days:
        return label
    days = ", ".join(str(d) for d in audience.due_in_days)
    return turn.t("reminder.audience.due", audience=label, days=days)


def urgency(turn: Turn, *, urgent: bool) -> str:
    """Whether a reminder waits for working hours."""
    return turn.t("reminder.urgency.urgent" if urgent else "reminder.urgency.normal")


# --- steps ---------------------------------------------------------------------------------


async def _render_text(turn: Turn, _answers: NewReminder) -> str:
    return turn.t("reminder.ask.text", max=turn.settings.broadcasts.max_text)


async def _audiences(turn: Turn, _answers: NewReminder) -> Sequence[Option]:
    return [Option(kind.value, turn.t(key)) for kind, key in AUDIENCE_KEYS.items()]


async def _after_audience(_turn: Turn, answers: NewReminder, value: Any) -> Then[NewReminder]:
    dialog_steps.check_audience(answers.text or "", str(value))
    return Then()


async def _frequencies(turn: Turn, _answers: NewReminder) -> Sequence[Option]:
    return [Option(value, turn.t(key)) for value, key in FREQUENCY_KEYS.items()]


async def _after_frequency(_turn: Turn, _answers: NewReminder, value: Any) -> Then[NewReminder]:
    return Then(_FREQUENCY_NEXT[str(value)])


async def _weekdays(turn: Turn, _answers: NewReminder) -> Sequence[Option]:
    # Stored as the cron weekday number: 1 is Monday … 6 is Saturday, 0 is Sunday.
    return [Option(str((i + 1) % 7), turn.t(key)) for i, key in enumerate(WEEKDAY_KEYS)]


async def _to_time(_turn: Turn, _answers: NewReminder, _value: Any) -> Then[NewReminder]:
    return Then(Ask.TIME)


async def _parse_time(_turn: Turn, value: Any) -> Any:
    match = _TIME.match(str(value).strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidInput("reminder.error.time")
    return f"{int(match[1]):02d}:{int(match[2]):02d}"


async def _after_time(_turn: Turn, answers: NewReminder, value: Any) -> Then[NewReminder]:
    hour, minute = (int(part) for part in str(value).split(":"))
    if answers.frequency == "weekly":
        expr = f"{minute} {hour} * * {answers.weekday}"
    elif answers.frequency == "monthly":
        expr = f"{minute} {hour} {answers.day} * *"
    else:
        expr = f"{minute} {hour} * * *"
    return Then(Ask.URGENT, answers.but(cron=expr))


async def _parse_cron(turn: Turn, value: Any) -> Any:
    expr = " ".join(str(value).split())
    try:
        cron.trigger(expr, turn.settings.organisation.zone)
    except errors.InvalidSchedule:
        raise InvalidInput("reminder.error.schedule") from None
    return expr


async def _urgencies(turn: Turn, _answers: NewReminder) -> Sequence[Option]:
    return [
        Option("no", urgency(turn, urgent=False)),
        Option("yes", urgency(turn, urgent=True)),
    ]


def next_runs(turn: Turn, expr: str, count: int = PREVIEW_RUNS) -> list[datetime]:
    """The next ``count`` firings from now."""
    found: list[datetime] = []
    moment = turn.clock.now()
    zone = turn.settings.organisation.zone
    for _ in range(count):
        following = cron.next_after(expr, zone, moment)
        if following is None:
            break
        found.append(following)
        moment = following
    return found


def _reminder_of(answers: NewReminder) -> ReminderDraft:
    """The reminder the answers describe (every step before the preview was answered)."""
    assert answers.name is not None and answers.text is not None
    assert answers.audience is not None and answers.cron is not None
    return ReminderDraft(
        name=answers.name,
        text=answers.text,
        audience=Audience(AudienceKind(answers.audience)),
        cron=answers.cron,
        urgent=answers.urgent == "yes",
    )


async def _render_preview(turn: Turn, answers: NewReminder) -> str:
    reminder = _reminder_of(answers)
    runs = "\n".join(f"• {when(turn, at)}" for at in next_runs(turn, reminder.cron))
    return turn.t(
        "reminder.preview",
        name=reminder.name,
        audience=describe_audience(turn, reminder.audience),
        schedule=Safe(describe_schedule(turn, reminder.cron)),
        urgency=urgency(turn, urgent=reminder.urgent),
        text=reminder.text,
        next_runs=Safe(runs),
    )


async def _finish(turn: Turn, answers: NewReminder, draft: Draft) -> Reply:
    reminder = _reminder_of(answers)
    try:
        view = await turn.services.reminders.create(member_of(turn), reminder, dialog=draft)
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    first = when(turn, view.next_at) if view.next_at else turn.t("reminder.never")
    back = Button(turn.t("reminder.button.list"), ReminderAct(0, ReminderChoice.LIST).pack())
    return Reply(turn.t("reminder.created", name=view.name, at=first), buttons=((back,),))


CREATE: Dialog[Turn, NewReminder] = Dialog(
    name="reminder_create",
    answers=NewReminder,
    steps=(
        Step(Ask.NAME, "reminder.ask.name", min_length=3, max_length=200),
        Step(
            Ask.TEXT,
            "reminder.ask.text",
            max_length=10_000,
            render=_render_text,
            convert=dialog_steps.message_text,
        ),
        Step(
            Ask.AUDIENCE,
            "reminder.ask.audience",
            InputKind.CHOICE,
            options=_audiences,
            after=_after_audience,
        ),
        Step(
            Ask.FREQUENCY,
            "reminder.ask.frequency",
            InputKind.CHOICE,
            options=_frequencies,
            after=_after_frequency,
        ),
        Step(
            Ask.WEEKDAY,
            "reminder.ask.weekday",
            InputKind.CHOICE,
            options=_weekdays,
            after=_to_time,
        ),
        Step(Ask.DAY, "reminder.ask.day", InputKind.NUMBER, minimum=1, maximum=28, after=_to_time),
        Step(Ask.TIME, "reminder.ask.time", max_length=10, convert=_parse_time, after=_after_time),
        Step(Ask.CRON, "reminder.ask.cron", max_length=100, convert=_parse_cron),
        Step(Ask.URGENT, "reminder.ask.urgent", InputKind.CHOICE, options=_urgencies),
        Step(Ask.CONFIRM, "reminder.preview", InputKind.CONFIRM, render=_render_preview),
    ),
    finish=_finish,
    cancelled="reminder.cancelled",
)
