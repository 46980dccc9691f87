"""``/decu``: a unit head (or the Office) nominates a member, a person not registered or the
unit itself for an award (DESIGN §3.4).

```text
unit (Office and admins only) → track → movement (thematic only) → kind of nominee
  → member of the unit | typed name | (the unit) → award (with its eligibility note)
  → summary → cited initiatives (a loop, optional) → preview → submit → DC-<year>-<nnnn>
```

Eligibility notes are shown, not enforced: the Council judges (DESIGN §3.4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Dialog, Step, draft_of
from bot.domain import NomineeKind, Track
from bot.ports import Reply
from bot.roles import Role
from bot.routing import Turn
from bot.services.common.views import FileInfo
from bot.services.nominations.records import NominationDraft, Nominee
from bot.texts import Safe, escape
from handlers.common import dialog_steps

DIALOG = "nomination"
#: Names of the tracks and kinds of nominee (literal keys, so the catalogue test sees them).
TRACKS: dict[Track, str] = {
    Track.ANNUAL: "nomination.track.annual",
    Track.THEMATIC: "nomination.track.thematic",
    Track.ADHOC: "nomination.track.adhoc",
}
KINDS: dict[NomineeKind, str] = {
    NomineeKind.MEMBER: "nomination.kind.member",
    NomineeKind.PERSON: "nomination.kind.person",
    NomineeKind.COLLECTIVE: "nomination.kind.collective",
}
DONE = "done"


async def start_nomination(turn: Turn) -> Reply:
    """Answer ``/decu``: a unit head nominates for their unit; the Office chooses the unit."""
    assert turn.member is not None
    given: dict[str, Any] = {"cited_ids": []}
    if turn.member.role is Role.UNIT_HEAD:
        given["unit"] = str(turn.member.unit.id)
    return await turn.dialogs.start(turn, turn.incoming, DIALOG, given)


async def _units(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [Option(str(u.id), u.name) for u in await turn.services.units.list_active()]


async def _tracks(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [Option(track.value, turn.t(key)) for track, key in TRACKS.items()]


async def _after_track(_turn: Turn, _data: dict[str, Any], value: Any) -> str | None:
    return "movement" if value == Track.THEMATIC else "kind"


async def _movements(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [
        Option(code, name) for code, name in await turn.services.initiatives.movement_choices()
    ]


async def _kinds(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    return [Option(kind.value, turn.t(key)) for kind, key in KINDS.items()]


async def _after_kind(_turn: Turn, _data: dict[str, Any], value: Any) -> str | None:
    return {NomineeKind.MEMBER: "member", NomineeKind.PERSON: "person"}.get(
        NomineeKind(value), "award"
    )


async def _members(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    assert turn.member is not None
    found = await turn.services.nominations.nominee_choices(turn.member, int(data["unit"]))
    return [Option(str(m.id), f"{m.name} ({m.position})" if m.position else m.name) for m in found]


async def _to_award(_turn: Turn, _data: dict[str, Any], _value: Any) -> str | None:
    return "award"


def _awards(turn: Turn, data: Mapping[str, Any]) -> Sequence[Any]:
    return turn.services.nominations.awards_for(Track(data["track"]), NomineeKind(data["kind"]))


async def _award_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    return [Option(a.code, a.name) for a in _awards(turn, data)]


async def _render_awards(turn: Turn, data: Mapping[str, Any]) -> str:
    awards = _awards(turn, data)
    if not awards:
        return turn.t("nomination.nominate.no_award")
    notes = [
        turn.t("nomination.nominate.award_note", name=a.name, note=a.note)
        for a in awards
        if a.note
    ]
    return "\n".join([turn.t("nomination.nominate.ask.award"), *notes])


async def _cited_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    chosen = {int(i) for i in data.get("cited_ids", [])}
    found = await turn.services.nominations.recognised_initiatives(_nominee(data))
    options = [Option(str(c.id), f"{c.code} — {c.title}") for c in found if c.id not in chosen]
    return [*options, Option(DONE, turn.t("nomination.nominate.button.cited_done"))]


async def _render_cited(turn: Turn, data: Mapping[str, Any]) -> str:
    return turn.t("nomination.nominate.ask.cited", chosen=Safe(await _cited_text(turn, data)))


async def _after_cited(turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    if value == DONE:
        return None
    found = await turn.services.nominations.recognised_initiatives(_nominee(data))
    if int(value) not in {c.id for c in found}:
        raise InvalidInput("dialog.error.stale_button")
    data["cited_ids"] = sorted({*(int(i) for i in data.get("cited_ids", [])), int(value)})
    return "cited"


async def _cited_text(turn: Turn, data: Mapping[str, Any]) -> str:
    chosen = {int(i) for i in data.get("cited_ids", [])}
    if not chosen:
        return turn.t("nomination.nominate.cited_none")
    found = await turn.services.nominations.recognised_initiatives(_nominee(data))
    return "\n".join(f"• {escape(c.code)} — {escape(c.title)}" for c in found if c.id in chosen)


async def _render_preview(turn: Turn, data: Mapping[str, Any]) -> str:
    kind = NomineeKind(data["kind"])
    track = Track(data["track"])
    movement = str(data.get("movement_name", "")) if track is Track.THEMATIC else "—"
    assert turn.member is not None
    unit = str(data.get("unit_name") or turn.member.unit.name)
    nominee = {
        NomineeKind.MEMBER: str(data.get("member_name", "")),
        NomineeKind.PERSON: str(data.get("person", "")),
        NomineeKind.COLLECTIVE: unit,
    }[kind]
    return turn.t(
        "nomination.nominate.preview",
        unit=unit,
        track=turn.t(TRACKS[track]),
        movement=movement,
        kind=turn.t(KINDS[kind]),
        nominee=nominee,
        award=str(data.get("award_name", "")),
        summary=str(data.get("summary", "")),
        cited=Safe(await _cited_text(turn, data)),
        files=", ".join(str(f["name"]) for f in data.get("files", [])) or turn.t("common.none"),
    )


def _nominee(data: Mapping[str, Any]) -> Nominee:
    kind = NomineeKind(data["kind"])
    member = int(data["member"]) if kind is NomineeKind.MEMBER else None
    name = str(data.get("person", "")) if kind is NomineeKind.PERSON else ""
    return Nominee(kind, int(data["unit"]), member_id=member, name=name)


async def _finish(turn: Turn, data: dict[str, Any]) -> Reply:
    assert turn.member is not None
    track = Track(data["track"])
    draft = NominationDraft(
        track=track,
        nominee=_nominee(data),
        award_code=str(data["award"]),
        summary=str(data["summary"]),
        movement=str(data.get("movement", "")) if track is Track.THEMATIC else "",
        initiative_ids=tuple(int(i) for i in data.get("cited_ids", [])),
        files=tuple(
            FileInfo(
                str(f["channel"]),
                str(f["file_id"]),
                str(f["name"]),
                str(f["mime"]),
                int(f["size"]),
            )
            for f in data.get("files", [])
        ),
    )
    item = await turn.services.nominations.submit(turn.member, draft, dialog=draft_of(data))
    return Reply(
        turn.t(
            "nomination.nominate.submitted",
            code=item.code,
            name=item.nominee_name,
            award=item.award_name,
        )
    )


NOMINATION: Dialog[Turn] = Dialog(
    name=DIALOG,
    steps=(
        Step(
            "unit",
            "nomination.nominate.ask.unit",
            InputKind.CHOICE,
            options=_units,
            skip_when_set=True,
        ),
        Step(
            "track",
            "nomination.nominate.ask.track",
            InputKind.CHOICE,
            options=_tracks,
            after=_after_track,
        ),
        Step("movement", "nomination.nominate.ask.movement", InputKind.CHOICE, options=_movements),
        Step(
            "kind",
            "nomination.nominate.ask.kind",
            InputKind.CHOICE,
            options=_kinds,
            after=_after_kind,
        ),
        Step(
            "member",
            "nomination.nominate.ask.member",
            InputKind.CHOICE,
            options=_members,
            after=_to_award,
        ),
        Step(
            "person",
            "nomination.nominate.ask.person",
            min_length=3,
            max_length=100,
            convert=dialog_steps.check_outsider,
            after=_to_award,
        ),
        Step("award", "", InputKind.CHOICE, options=_award_options, render=_render_awards),
        Step("summary", "nomination.nominate.ask.summary", min_length=10, max_length=3000),
        Step(
            "cited",
            "",
            InputKind.CHOICE,
            options=_cited_options,
            render=_render_cited,
            after=_after_cited,
        ),
        Step(
            "file_menu",
            "",
            InputKind.CHOICE,
            options=dialog_steps.file_menu_options,
            render=dialog_steps.render_files,
            after=dialog_steps.after_file_menu,
        ),
        Step(
            "file",
            "common.files.ask",
            InputKind.FILE,
            max_file_bytes=20 * 1024 * 1024,
            convert=dialog_steps.check_file,
            after=dialog_steps.after_file,
        ),
        Step("preview", "", InputKind.CONFIRM, render=_render_preview),
    ),
    finish=_finish,
    cancelled="nomination.nominate.cancelled",
)
