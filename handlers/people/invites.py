"""``/moi``: the Office invites anyone to any unit; a unit head invites staff to their unit.

```mermaid
stateDiagram-v2
    [*] --> unit: Office
    [*] --> uses: unit head (unit and role fixed)
    unit --> role
    role --> uses
    uses --> [*]: invite created, link shown
```
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Reply
from bot.roles import INVITABLE, Role
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import dates


class InviteStep(StrEnum):
    """The invite dialog's steps."""

    UNIT = "unit"
    ROLE = "role"
    USES = "uses"


class Invitation(Answers):
    """The invite being made: the unit (and its name), the role and how many may use it."""

    unit: str | None = None
    unit_name: str | None = None
    role: Role | None = None
    uses: int | None = None


async def _unit_options(turn: Turn, _answers: Invitation) -> Sequence[Option]:
    units = await turn.services.units.list_active()
    return [Option(u.code, f"{u.name}") for u in units]


async def _role_options(turn: Turn, _answers: Invitation) -> Sequence[Option]:
    assert turn.member is not None
    allowed = INVITABLE.get(turn.member.role, frozenset())
    return [Option(r.value, turn.t(f"roles.{r.value}")) for r in Role if r in allowed]


async def _finish(turn: Turn, answers: Invitation, draft: Draft) -> Reply:
    assert answers.unit is not None and answers.role is not None and answers.uses is not None
    created = await turn.services.invites.create(
        turn.member,
        unit_code=answers.unit,
        role=answers.role,
        uses=answers.uses,
        days=turn.settings.invites.default_days,
        dialog=draft,
    )
    link = turn.identity.invite_link(created.token)
    how = (
        turn.t("invite.how_command", token=created.token)
        if link is None
        else turn.t("invite.how_link", link=link, token=created.token)
    )
    return Reply(
        turn.t(
            "invite.created",
            unit=created.unit.name,
            role=turn.t(f"roles.{created.role.value}"),
            uses=created.max_uses,
            expires=dates.moment(turn, created.expires_at),
            how=Safe(how),
        )
    )


INVITE: Dialog[Turn, Invitation] = Dialog(
    name="invite",
    answers=Invitation,
    steps=(
        Step(
            InviteStep.UNIT,
            "invite.ask_unit",
            InputKind.CHOICE,
            options=_unit_options,
            skip_when_set=True,
        ),
        Step(
            InviteStep.ROLE,
            "invite.ask_role",
            InputKind.CHOICE,
            options=_role_options,
            skip_when_set=True,
        ),
        Step(InviteStep.USES, "invite.ask_uses", InputKind.NUMBER, minimum=1, maximum=500),
    ),
    finish=_finish,
    cancelled="invite.cancelled",
)


async def create_invite(turn: Turn) -> Reply:
    """Answer ``/moi`` by starting the invite dialog."""
    member = turn.member
    assert member is not None
    given = Invitation()
    if member.role is Role.UNIT_HEAD:
        given = Invitation(unit=member.unit.code, unit_name=member.unit.name, role=Role.STAFF)
    return await turn.dialogs.start(turn, turn.incoming, INVITE, given)
