"""``/hoidong``: the councils and their rolls; the Office seats members and unseats them.

```mermaid
stateDiagram-v2
    [*] --> councils: /hoidong (reviewers read; the Office and admins keep the rolls)
    councils --> roll: a council
    roll --> unit: ➕ Thêm thành viên (a dialog)
    unit --> member: an active unit
    member --> position: an active member of it
    position --> [*]: seated (or their position changed)
    roll --> sure: ✖️ a member (Office)
    sure --> roll: ✅ the same button, marked sure: unseated
```
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from bot import errors
from bot.callbacks import CouncilChoice, CouncilMenu
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.councils import Position, SeatView
from bot.turn import Turn
from handlers.common import Rows, ask_sure, member_of

#: What each position is called (literal keys, so the catalogue test sees them used).
POSITIONS: dict[Position, str] = {
    Position.CHAIR: "council.position.chair",
    Position.VICE_CHAIR: "council.position.vice_chair",
    Position.MEMBER: "council.position.member",
}


async def show_councils(turn: Turn) -> Reply:
    """Answer ``/hoidong``: each council of ``[[councils]]`` and how many sit on it."""
    councils = await turn.services.councils.councils(member_of(turn))
    if not councils:
        return Reply(turn.t("council.none"), edit=True)
    lines = [turn.t("council.header")]
    rows: Rows = []
    for council in councils:
        lines.append(turn.t("council.line", name=council.name, count=council.seats))
        data = CouncilMenu(CouncilChoice.ROLL, council.code).pack()
        rows.append((Button(turn.t("council.open", name=council.name), data),))
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


def _seat_line(turn: Turn, number: int, seat: SeatView) -> str:
    return turn.t(
        "council.seat_line",
        number=number,
        name=seat.full_name,
        position=turn.t(POSITIONS[seat.position]),
        unit=seat.unit,
    )


async def show_roll(turn: Turn, code: str, *, intro: str = "") -> Reply:
    """One council's members; the Office gets the buttons that change the roll."""
    member = member_of(turn)
    councils = {c.code: c for c in await turn.services.councils.councils(member)}
    council = councils.get(code)
    if council is None:
        return await show_councils(turn)
    seats = await turn.services.councils.roll(member, code)
    lines = [turn.t("council.roll_header", name=council.name, count=len(seats))]
    lines += [_seat_line(turn, n, seat) for n, seat in enumerate(seats, start=1)]
    if not seats:
        lines.append(turn.t("council.roll_empty"))
    rows: Rows = []
    if member.role in OFFICE:
        rows.append((Button(turn.t("council.add"), CouncilMenu(CouncilChoice.SEAT, code).pack()),))
        rows += [
            (
                Button(
                    turn.t("council.remove", name=seat.full_name),
                    CouncilMenu(CouncilChoice.UNSEAT, code, seat.member_id).pack(),
                ),
            )
            for seat in seats
        ]
    rows.append(
        (Button(turn.t("common.list.back_button"), CouncilMenu(CouncilChoice.LIST).pack()),)
    )
    text = "\n".join(lines)
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=tuple(rows), edit=True)


async def _ask_unseat(turn: Turn, payload: CouncilMenu) -> Reply:
    seats = await turn.services.councils.roll(member_of(turn), payload.council)
    seat = next((s for s in seats if s.member_id == payload.member), None)
    if seat is None:
        return await show_roll(turn, payload.council)
    councils = await turn.services.councils.councils(member_of(turn))
    name = next(c.name for c in councils if c.code == payload.council)
    return ask_sure(
        turn,
        what=turn.t("council.sure.what", name=seat.full_name, council=name),
        effect=turn.t("council.sure.effect"),
        told="",
        yes=Button(
            turn.t("council.remove", name=seat.full_name),
            CouncilMenu(CouncilChoice.UNSEAT_NOW, payload.council, payload.member).pack(),
        ),
        back=Button(
            turn.t("common.sure.back"), CouncilMenu(CouncilChoice.ROLL, payload.council).pack()
        ),
    )


async def open_menu(turn: Turn, payload: CouncilMenu) -> Reply:
    """A ``CouncilMenu`` button (the service re-checks every role)."""
    if payload.choice is CouncilChoice.LIST:
        return await show_councils(turn)
    if payload.choice is CouncilChoice.ROLL:
        return await show_roll(turn, payload.council)
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    if payload.choice is CouncilChoice.SEAT:
        await turn.services.councils.roll(member_of(turn), payload.council)  # a known council
        given = SeatAnswers(council=payload.council)
        return await turn.dialogs.start(turn, turn.incoming, SEAT, given)
    if payload.choice is CouncilChoice.UNSEAT:
        return await _ask_unseat(turn, payload)
    done = await turn.services.councils.unseat(member_of(turn), payload.council, payload.member)
    intro = turn.t("council.unseated" if done else "council.not_seated")
    return await show_roll(turn, payload.council, intro=intro)


class SeatStep(StrEnum):
    """The steps of seating a member."""

    UNIT = "unit"
    MEMBER = "member"
    POSITION = "position"


class SeatAnswers(Answers):
    """A member being seated on a council."""

    council: str = ""
    unit: int | None = None
    unit_name: str | None = None
    member: int | None = None
    member_name: str | None = None
    position: Position | None = None


async def _units(turn: Turn, _answers: SeatAnswers) -> Sequence[Option]:
    found = await turn.services.councils.candidate_units(member_of(turn))
    return [Option(str(unit_id), name) for unit_id, name in found]


async def _members(turn: Turn, answers: SeatAnswers) -> Sequence[Option]:
    assert answers.unit is not None
    found = await turn.services.councils.candidates(member_of(turn), answers.unit)
    return [
        Option(str(m.id), f"{m.full_name} ({m.position})" if m.position else m.full_name)
        for m in found
    ]


async def _positions(turn: Turn, _answers: SeatAnswers) -> Sequence[Option]:
    return [Option(p.value, turn.t(key)) for p, key in POSITIONS.items()]


async def _finish(turn: Turn, answers: SeatAnswers, _draft: Draft) -> Reply:
    assert answers.member is not None and answers.position is not None
    try:
        seat = await turn.services.councils.seat(
            member_of(turn), answers.council, answers.member, answers.position
        )
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    intro = turn.t(
        "council.seated", name=seat.full_name, position=turn.t(POSITIONS[seat.position])
    )
    reply = await show_roll(turn, answers.council, intro=intro)
    return Reply(reply.text, buttons=reply.buttons)


SEAT: Dialog[Turn, SeatAnswers] = Dialog(
    name="council_seat",
    answers=SeatAnswers,
    steps=(
        Step(SeatStep.UNIT, "council.ask.unit", InputKind.CHOICE, options=_units),
        Step(SeatStep.MEMBER, "council.ask.member", InputKind.CHOICE, options=_members),
        Step(SeatStep.POSITION, "council.ask.position", InputKind.CHOICE, options=_positions),
    ),
    finish=_finish,
    cancelled="council.cancelled",
)
