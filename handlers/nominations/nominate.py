"""``/decu``: a unit head (or the Office) nominates a member, a person not registered or the
unit itself for an award (DESIGN §3.4).

```text
unit (Office and admins only) → track → year of the achievement (last year first until
  [nominations] last_year_until) → movement (thematic only) → kind of nominee
  → member of the unit | typed name | (the unit) → award (with its eligibility note; one the
  nominee already has a live nomination for this year is refused here, with its code)
  → summary → cited initiatives (a loop, optional) → preview → submit → DC-<year>-<nnnn>
```

Eligibility notes are shown, not enforced: the Council judges (DESIGN §3.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from bot import errors
from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Dialog, Draft, Step, Then
from bot.domain import NomineeKind, Track
from bot.ports import Reply
from bot.roles import Role
from bot.services.nominations import KINDS, STATE_NAMES, TRACKS, NominationDraft, Nominee
from bot.texts import Safe, escape
from bot.turn import Turn
from handlers.common import FileStep, WithFiles, dialog_steps

DONE = "done"


class NominationStep(StrEnum):
    """The nomination dialog's own steps (the attachment loop's are :class:`FileStep`)."""

    UNIT = "unit"
    TRACK = "track"
    YEAR = "year"
    MOVEMENT = "movement"
    KIND = "kind"
    MEMBER = "member"
    PERSON = "person"
    AWARD = "award"
    SUMMARY = "summary"
    CITED = "cited"


class NominationAnswers(WithFiles):
    """A nomination being written: the choices made, the summary and the cited initiatives."""

    unit: int | None = None
    unit_name: str | None = None
    track: Track | None = None
    year: int | None = None
    movement: str | None = None
    movement_name: str | None = None
    kind: NomineeKind | None = None
    member: int | None = None
    member_name: str | None = None
    person: str | None = None
    award: str | None = None
    award_name: str | None = None
    summary: str | None = None
    cited_ids: tuple[int, ...] = ()


async def start_nomination(turn: Turn) -> Reply:
    """Answer ``/decu``: a unit head nominates for their unit; the Office chooses the unit."""
    assert turn.member is not None
    given = NominationAnswers()
    if turn.member.role is Role.UNIT_HEAD:
        given = NominationAnswers(unit=turn.member.unit.id)
    return await turn.dialogs.start(turn, turn.incoming, NOMINATION, given)


async def _units(turn: Turn, _answers: NominationAnswers) -> Sequence[Option]:
    return [Option(str(u.id), u.name) for u in await turn.services.units.list_active()]


async def _tracks(turn: Turn, _answers: NominationAnswers) -> Sequence[Option]:
    return [Option(track.value, turn.t(key)) for track, key in TRACKS.items()]


async def _years(turn: Turn, _answers: NominationAnswers) -> Sequence[Option]:
    return [
        Option(str(year), turn.t("nomination.nominate.year_option", year=year))
        for year in turn.services.nominations.year_choices()
    ]


async def _after_year(
    _turn: Turn, answers: NominationAnswers, _value: Any
) -> Then[NominationAnswers]:
    thematic = answers.track is Track.THEMATIC
    return Then(NominationStep.MOVEMENT if thematic else NominationStep.KIND)


async def _movements(turn: Turn, _answers: NominationAnswers) -> Sequence[Option]:
    return [
        Option(code, name) for code, name in await turn.services.initiatives.movement_choices()
    ]


async def _kinds(turn: Turn, _answers: NominationAnswers) -> Sequence[Option]:
    return [Option(kind.value, turn.t(key)) for kind, key in KINDS.items()]


async def _after_kind(
    _turn: Turn, _answers: NominationAnswers, value: Any
) -> Then[NominationAnswers]:
    steps = {NomineeKind.MEMBER: NominationStep.MEMBER, NomineeKind.PERSON: NominationStep.PERSON}
    return Then(steps.get(NomineeKind(value), NominationStep.AWARD))


async def _members(turn: Turn, answers: NominationAnswers) -> Sequence[Option]:
    assert turn.member is not None and answers.unit is not None
    found = await turn.services.nominations.nominee_choices(turn.member, answers.unit)
    return [Option(str(m.id), f"{m.name} ({m.position})" if m.position else m.name) for m in found]


async def _to_award(
    _turn: Turn, _answers: NominationAnswers, _value: Any
) -> Then[NominationAnswers]:
    return Then(NominationStep.AWARD)


def _awards(turn: Turn, answers: NominationAnswers) -> Sequence[Any]:
    assert answers.track is not None and answers.kind is not None
    return turn.services.nominations.awards_for(answers.track, answers.kind)


async def _award_options(turn: Turn, answers: NominationAnswers) -> Sequence[Option]:
    return [Option(a.code, a.name) for a in _awards(turn, answers)]


async def _render_awards(turn: Turn, answers: NominationAnswers) -> str:
    awards = _awards(turn, answers)
    if not awards:
        return turn.t("nomination.nominate.no_award")
    notes = [
        turn.t("nomination.nominate.award_note", name=a.name, note=a.note)
        for a in awards
        if a.note
    ]
    return "\n".join([turn.t("nomination.nominate.ask.award"), *notes])


async def _refuse_duplicate(
    turn: Turn, answers: NominationAnswers, value: Any
) -> Then[NominationAnswers]:
    """Refuse, as soon as the award is chosen, one the nominee already has a live nomination
    for this year: the service's own rule (submitting checks it again, for races)."""
    assert turn.member is not None
    nominations = turn.services.nominations
    try:
        taken = await nominations.live_duplicate(
            turn.member, _nominee(answers), str(value), answers.year
        )
    except errors.DomainError as problem:
        raise InvalidInput(problem.text_key, **problem.params) from None
    if taken is None:
        return Then()
    raise InvalidInput(
        "nomination.nominate.duplicate",
        nominee=_nominee_name(turn, answers),
        award=answers.award_name or "",
        code=taken.code,
        state=turn.t(STATE_NAMES[taken.state]),
    )


async def _cited_options(turn: Turn, answers: NominationAnswers) -> Sequence[Option]:
    chosen = set(answers.cited_ids)
    found = await turn.services.nominations.recognised_initiatives(_nominee(answers))
    options = [Option(str(c.id), f"{c.code} — {c.title}") for c in found if c.id not in chosen]
    return [*options, Option(DONE, turn.t("nomination.nominate.button.cited_done"))]


async def _render_cited(turn: Turn, answers: NominationAnswers) -> str:
    return turn.t("nomination.nominate.ask.cited", chosen=Safe(await _cited_text(turn, answers)))


async def _after_cited(
    turn: Turn, answers: NominationAnswers, value: Any
) -> Then[NominationAnswers]:
    if value == DONE:
        return Then()
    found = await turn.services.nominations.recognised_initiatives(_nominee(answers))
    if int(value) not in {c.id for c in found}:
        raise InvalidInput("dialog.error.stale_button")
    cited = tuple(sorted({*answers.cited_ids, int(value)}))
    return Then(NominationStep.CITED, answers.but(cited_ids=cited))


async def _cited_text(turn: Turn, answers: NominationAnswers) -> str:
    chosen = set(answers.cited_ids)
    if not chosen:
        return turn.t("nomination.nominate.cited_none")
    found = await turn.services.nominations.recognised_initiatives(_nominee(answers))
    return "\n".join(f"• {escape(c.code)} — {escape(c.title)}" for c in found if c.id in chosen)


def _nominee_name(turn: Turn, answers: NominationAnswers) -> str:
    """The nominee as chosen or typed (the unit itself for a collective)."""
    assert turn.member is not None and answers.kind is not None
    unit = answers.unit_name or turn.member.unit.name
    return {
        NomineeKind.MEMBER: answers.member_name or "",
        NomineeKind.PERSON: answers.person or "",
        NomineeKind.COLLECTIVE: unit,
    }[answers.kind]


async def _render_preview(turn: Turn, answers: NominationAnswers) -> str:
    assert turn.member is not None and answers.kind is not None and answers.track is not None
    thematic = answers.track is Track.THEMATIC
    return turn.t(
        "nomination.nominate.preview",
        unit=answers.unit_name or turn.member.unit.name,
        track=turn.t(TRACKS[answers.track]),
        year=answers.year or "",
        movement=(answers.movement_name or "") if thematic else "—",
        kind=turn.t(KINDS[answers.kind]),
        nominee=_nominee_name(turn, answers),
        award=answers.award_name or "",
        summary=answers.summary or "",
        cited=Safe(await _cited_text(turn, answers)),
        files=", ".join(f.name for f in answers.files) or turn.t("common.none"),
    )


def _nominee(answers: NominationAnswers) -> Nominee:
    assert answers.kind is not None and answers.unit is not None
    kind = answers.kind
    member = answers.member if kind is NomineeKind.MEMBER else None
    name = (answers.person or "") if kind is NomineeKind.PERSON else ""
    return Nominee(kind, answers.unit, member_id=member, name=name)


async def _finish(turn: Turn, answers: NominationAnswers, draft: Draft) -> Reply:
    assert turn.member is not None and answers.track is not None
    assert answers.award is not None and answers.summary is not None
    channel = turn.incoming.channel.value
    nomination = NominationDraft(
        track=answers.track,
        nominee=_nominee(answers),
        award_code=answers.award,
        summary=answers.summary,
        movement=(answers.movement or "") if answers.track is Track.THEMATIC else "",
        initiative_ids=answers.cited_ids,
        files=tuple(f.info(channel) for f in answers.files),
        year=answers.year,
    )
    item = await turn.services.nominations.submit(turn.member, nomination, dialog=draft)
    return Reply(
        turn.t(
            "nomination.nominate.submitted",
            code=item.code,
            name=item.nominee_name,
            award=item.award_name,
        )
    )


NOMINATION: Dialog[Turn, NominationAnswers] = Dialog(
    name="nomination",
    answers=NominationAnswers,
    steps=(
        Step(
            NominationStep.UNIT,
            "nomination.nominate.ask.unit",
            InputKind.CHOICE,
            options=_units,
            skip_when_set=True,
        ),
        Step(
            NominationStep.TRACK,
            "nomination.nominate.ask.track",
            InputKind.CHOICE,
            options=_tracks,
        ),
        Step(
            NominationStep.YEAR,
            "nomination.nominate.ask.year",
            InputKind.CHOICE,
            options=_years,
            after=_after_year,
        ),
        Step(
            NominationStep.MOVEMENT,
            "nomination.nominate.ask.movement",
            InputKind.CHOICE,
            options=_movements,
        ),
        Step(
            NominationStep.KIND,
            "nomination.nominate.ask.kind",
            InputKind.CHOICE,
            options=_kinds,
            after=_after_kind,
        ),
        Step(
            NominationStep.MEMBER,
            "nomination.nominate.ask.member",
            InputKind.CHOICE,
            options=_members,
            after=_to_award,
        ),
        Step(
            NominationStep.PERSON,
            "nomination.nominate.ask.person",
            min_length=3,
            max_length=100,
            convert=dialog_steps.check_outsider,
            after=_to_award,
        ),
        Step(
            NominationStep.AWARD,
            "",
            InputKind.CHOICE,
            options=_award_options,
            render=_render_awards,
            after=_refuse_duplicate,
        ),
        Step(
            NominationStep.SUMMARY,
            "nomination.nominate.ask.summary",
            min_length=10,
            max_length=3000,
        ),
        Step(
            NominationStep.CITED,
            "",
            InputKind.CHOICE,
            options=_cited_options,
            render=_render_cited,
            after=_after_cited,
        ),
        *dialog_steps.attachment_steps(NominationAnswers),
        Step(FileStep.PREVIEW, "", InputKind.CONFIRM, render=_render_preview),
    ),
    finish=_finish,
    cancelled="nomination.nominate.cancelled",
)
