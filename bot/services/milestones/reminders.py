"""The milestones' reminders as keyed reminders: one per milestone and number of days before,
keyed ``milestone.<key>.<days>`` (a key ``[[reminders]]`` cannot take), firing once a year at
08:00 on its day. Whoever has not acted is found when it fires, by its audience."""

from __future__ import annotations

from collections.abc import Callable

from bot.config_milestones import REFERENCE_YEAR, Milestone
from bot.roles import Role
from bot.services.broadcasts import Audience, AudienceKind
from bot.services.reminders import KeyedReminder
from bot.texts import Texts

#: Every milestone reminder's key starts so; the ones no longer configured are deleted.
PREFIX = "milestone."
#: The hour and minute (organisation time) the reminders go out.
AT = (0, 8)
#: The heads of the units that have not acted, per counted milestone.
PENDING_AUDIENCES: dict[str, AudienceKind] = {
    "registration": AudienceKind.TARGETS_MISSING,
    "vote_lists": AudienceKind.VOTE_LIST_MISSING,
    "unit_reports": AudienceKind.REPORT_DUE_MISSING,
}
#: The reminder's text per counted milestone, and for the Office and for everyone.
TEXTS: dict[str, str] = {
    "registration": "milestone.reminder.registration",
    "vote_lists": "milestone.reminder.vote_lists",
    "unit_reports": "milestone.reminder.unit_reports",
    "office": "milestone.reminder.office",
    "all": "milestone.reminder.all",
}


def keyed_reminders(
    milestones: tuple[Milestone, ...], texts: Texts, name_of: Callable[[Milestone], str]
) -> list[KeyedReminder]:
    """Every reminder of ``milestones``; ``name_of`` names a milestone."""
    return [
        _reminder(milestone, before, month, day, texts, name_of(milestone))
        for milestone in milestones
        for before, month, day in milestone.reminder_days()
    ]


def _reminder(
    milestone: Milestone, before: int, month: int, day: int, texts: Texts, name: str
) -> KeyedReminder:
    # Plain text: a reminder's text and name are escaped when they are shown.
    who = milestone.recipients
    on = milestone.day(REFERENCE_YEAR).strftime("%d/%m")
    when = (
        texts.raw("milestone.reminder.today")
        if before == 0
        else texts.raw("milestone.reminder.days_left").format(days=before)
    )
    template = texts.raw(TEXTS[milestone.key if who == "unit_heads_pending" else who])
    title = "milestone.reminder.name_on_day" if before == 0 else "milestone.reminder.name_before"
    minute, hour = AT
    return KeyedReminder(
        key=f"{PREFIX}{milestone.key}.{before}",
        name=texts.raw(title).format(name=name, days=before),
        text=template.format(name=name, day=on, when=when),
        audience=_audience(milestone, before),
        cron=f"{minute} {hour} {day} {month} *",
    )


def _audience(milestone: Milestone, before: int) -> Audience:
    who = milestone.recipients
    if who == "unit_heads_pending":
        return Audience(PENDING_AUDIENCES[milestone.key], due_in_days=(before,))
    if who == "office":
        return Audience(AudienceKind.ROLES, roles=(Role.OFFICE,))
    return Audience(AudienceKind.EVERYONE)
