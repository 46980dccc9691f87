"""The end of ``/thongbao``'s composition: the draft the answers describe, the preview
exactly as recipients will see it, and queueing it (see :mod:`handlers.broadcasts.steps`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot import dialog_spec, errors
from bot.dates import MOMENT_FORMAT
from bot.ports import Reply
from bot.roles import OFFICE, Role
from bot.routing import Turn
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.broadcasts.records import Attachment, BroadcastDraft
from bot.texts import vn_number
from handlers.common.dates import moment
from handlers.common.turns import member_of

#: Data key of a problem found by the preview, shown by the step the person is sent back to.
PROBLEM = "problem"


def draft_of(turn: Turn, data: Mapping[str, Any]) -> BroadcastDraft:
    """The draft the answers describe (a unit head's audience is always their own unit)."""
    kind = AudienceKind(str(data["audience"]))
    member = member_of(turn)
    if member.role in OFFICE:
        units = tuple(int(u) for u in data.get("units", ())) if kind is AudienceKind.UNITS else ()
    else:
        units = (member.unit.id,)
    roles = tuple(Role(r) for r in data.get("roles", ())) if kind is AudienceKind.ROLES else ()
    file = data.get("file")
    attachment = (
        Attachment(
            str(file["channel"]),
            str(file["file_id"]),
            str(file["name"]),
            str(file["mime"]),
            int(file["size"]),
        )
        if file
        else None
    )
    time = data.get("time")
    zone = turn.settings.organisation.zone
    return BroadcastDraft(
        text=str(data["text"]),
        audience=Audience(kind, units=units, roles=roles),
        urgent=data.get("urgent") == "yes",
        send_at=datetime.strptime(str(time), MOMENT_FORMAT).replace(tzinfo=zone) if time else None,
        attachment=attachment,
    )


async def after_urgent(turn: Turn, data: dict[str, Any], _value: Any) -> str | None:
    try:
        preview = await turn.services.broadcasts.preview(member_of(turn), draft_of(turn, data))
    except errors.EmptyAudience as problem:
        data[PROBLEM] = problem.text_key
        return "audience"
    except errors.SendTimeInPast as problem:
        data[PROBLEM] = problem.text_key
        return "time"
    # Kept with the draft so the preview shows what was checked, even after a restart.
    data["preview"] = {
        "message": preview.message,
        "recipients": preview.recipients,
        "blocked": preview.blocked,
        "unreachable": preview.unreachable,
        "starts_at": preview.starts_at.isoformat(),
        "postponed": preview.postponed,
    }
    return None


async def render_preview(turn: Turn, data: Mapping[str, Any]) -> str:
    preview = data["preview"]
    starts_at = moment(turn, datetime.fromisoformat(str(preview["starts_at"])))
    if preview["postponed"]:
        start = turn.t("broadcast.preview.postponed", time=starts_at)
    elif data.get("time"):
        start = turn.t("broadcast.preview.at", time=starts_at)
    else:
        start = turn.t("broadcast.preview.now")
    missed = int(preview["blocked"]) + int(preview["unreachable"])
    lines = [
        turn.t("broadcast.preview.title"),
        str(preview["message"]),
        turn.t("broadcast.preview.separator"),
        turn.t("broadcast.preview.audience", audience=data.get("audience_name", "")),
        turn.t("broadcast.preview.recipients", count=vn_number(int(preview["recipients"]))),
    ]
    if missed:
        lines.append(
            turn.t(
                "broadcast.preview.missed",
                blocked=vn_number(int(preview["blocked"])),
                unreachable=vn_number(int(preview["unreachable"])),
            )
        )
    if data.get("file"):
        lines.append(turn.t("broadcast.preview.file", name=data["file"]["name"]))
    lines.append(start)
    return "\n".join(lines)


async def finish(turn: Turn, data: dict[str, Any]) -> Reply:
    chat = (turn.incoming.channel, turn.incoming.chat_id)
    try:
        view = await turn.services.broadcasts.create(
            member_of(turn), draft_of(turn, data), chat, dialog=dialog_spec.draft_of(data)
        )
    except errors.DomainError as problem:
        # Answered here so the dialog closes with the reason (e.g. the time passed meanwhile).
        return Reply(turn.t(problem.text_key, **problem.params))
    if data.get("time") or view.starts_at > turn.clock.now():
        return Reply(turn.t("broadcast.queued_at", id=view.id, time=moment(turn, view.starts_at)))
    return Reply(turn.t("broadcast.queued_now", id=view.id))
