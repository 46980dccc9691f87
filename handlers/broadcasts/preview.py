"""The end of ``/thongbao``'s composition: its steps and answers, the broadcast the answers
describe, the preview exactly as recipients will see it, and queueing it (see
:mod:`handlers.broadcasts.steps`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot import errors
from bot.dates import MOMENT_FORMAT
from bot.dialog_spec import Answers, Draft, Then
from bot.ports import Reply
from bot.roles import OFFICE, Role
from bot.services.broadcasts import Attachment, Audience, AudienceKind, BroadcastDraft
from bot.texts import vn_number
from bot.turn import Turn
from handlers.common import FileAnswer, member_of, moment


class Compose(StrEnum):
    """The steps of the composition dialog."""

    TEXT = "text"
    ATTACH = "attach"
    FILE = "file"
    AUDIENCE = "audience"
    UNIT = "unit"
    ROLE = "role"
    WHEN = "when"
    TIME = "time"
    URGENT = "urgent"
    CONFIRM = "confirm"


class Checked(BaseModel):
    """What the preview found when the last choice was made (kept across a restart)."""

    model_config = ConfigDict(frozen=True)

    message: str
    recipients: int
    blocked: int
    unreachable: int
    starts_at: datetime
    postponed: bool


class Composition(Answers):
    """A broadcast being composed."""

    text: str | None = None
    file: FileAnswer | None = None
    audience: str | None = None
    audience_name: str | None = None
    #: The units chosen so far (audience "units", Office only).
    units: tuple[int, ...] = ()
    #: The roles chosen so far (audience "roles").
    roles: tuple[Role, ...] = ()
    #: The send time as ``MOMENT_FORMAT`` text (none: now).
    time: str | None = None
    urgent: str | None = None
    #: The text key of a problem found by the preview, shown by the step it sends back to.
    problem: str | None = None
    preview: Checked | None = None


def broadcast_of(turn: Turn, answers: Composition) -> BroadcastDraft:
    """The broadcast the answers describe (a unit head's audience is always their own unit)."""
    assert answers.text is not None and answers.audience is not None
    kind = AudienceKind(answers.audience)
    member = member_of(turn)
    if member.role in OFFICE:
        units = answers.units if kind is AudienceKind.UNITS else ()
    else:
        units = (member.unit.id,)
    roles = answers.roles if kind is AudienceKind.ROLES else ()
    file = answers.file
    attachment = (
        Attachment(file.channel, file.file_id, file.name, file.mime, file.size) if file else None
    )
    zone = turn.settings.organisation.zone
    time = answers.time
    return BroadcastDraft(
        text=answers.text,
        audience=Audience(kind, units=units, roles=roles),
        urgent=answers.urgent == "yes",
        send_at=datetime.strptime(time, MOMENT_FORMAT).replace(tzinfo=zone) if time else None,
        attachment=attachment,
    )


async def after_urgent(turn: Turn, answers: Composition, _value: Any) -> Then[Composition]:
    """Check the broadcast: back to the audience or the time with the reason, or preview."""
    try:
        preview = await turn.services.broadcasts.preview(
            member_of(turn), broadcast_of(turn, answers)
        )
    except errors.EmptyAudience as problem:
        return Then(Compose.AUDIENCE, answers.but(problem=problem.text_key))
    except errors.SendTimeInPast as problem:
        return Then(Compose.TIME, answers.but(problem=problem.text_key))
    # Kept with the draft so the preview shows what was checked, even after a restart.
    checked = Checked.model_validate(preview, from_attributes=True)
    return Then(answers=answers.but(preview=checked))


async def render_preview(turn: Turn, answers: Composition) -> str:
    """The broadcast as a recipient sees it, who gets it and when it starts."""
    preview = answers.preview
    assert preview is not None  # set by the urgent step, which always comes before
    starts_at = moment(turn, preview.starts_at)
    if preview.postponed:
        start = turn.t("broadcast.preview.postponed", time=starts_at)
    elif answers.time:
        start = turn.t("broadcast.preview.at", time=starts_at)
    else:
        start = turn.t("broadcast.preview.now")
    missed = preview.blocked + preview.unreachable
    lines = [
        turn.t("broadcast.preview.title"),
        preview.message,
        turn.t("broadcast.preview.separator"),
        turn.t("broadcast.preview.audience", audience=answers.audience_name or ""),
        turn.t("broadcast.preview.recipients", count=vn_number(preview.recipients)),
    ]
    if missed:
        lines.append(
            turn.t(
                "broadcast.preview.missed",
                blocked=vn_number(preview.blocked),
                unreachable=vn_number(preview.unreachable),
            )
        )
    if answers.file:
        lines.append(turn.t("broadcast.preview.file", name=answers.file.name))
    lines.append(start)
    sure = turn.t("broadcast.sure.send", count=vn_number(preview.recipients))
    lines += ["", turn.t("common.sure.question", what=sure)]
    return "\n".join(lines)


async def finish(turn: Turn, answers: Composition, draft: Draft) -> Reply:
    """Queue the broadcast and say when it starts."""
    chat = (turn.incoming.channel, turn.incoming.chat_id)
    try:
        view = await turn.services.broadcasts.create(
            member_of(turn), broadcast_of(turn, answers), chat, dialog=draft
        )
    except errors.DomainError as problem:
        # Answered here so the dialog closes with the reason (e.g. the time passed meanwhile).
        return Reply(turn.t(problem.text_key, **problem.params))
    if answers.time or view.starts_at > turn.clock.now():
        return Reply(turn.t("broadcast.queued_at", id=view.id, time=moment(turn, view.starts_at)))
    return Reply(turn.t("broadcast.queued_now", id=view.id))
