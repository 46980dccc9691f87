"""Joining: ``/start`` with an invite token, and the registration dialog.

```mermaid
stateDiagram-v2
    [*] --> full_name: /start token (valid)
    full_name --> position
    full_name --> plain_name: typed without diacritics (asked once)
    plain_name --> position: Dùng như vậy
    plain_name --> full_name: Gõ lại có dấu
    position --> confirm
    confirm --> [*]: Xác nhận (member created, unit heads told)
    confirm --> full_name: Sửa lại
    confirm --> [*]: Hủy
```
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Any

from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.people import Applicant
from bot.turn import Turn
from handlers.common import catalog, menu_with_inbox, role_menu, show_stranger

_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)+$")


class Ask(StrEnum):
    """The registration dialog's steps."""

    FULL_NAME = "full_name"
    PLAIN_NAME = "plain_name"
    POSITION = "position"
    CONFIRM = "confirm"


class Registration(Answers):
    """What a person joining says; the unit and role come from the invite."""

    full_name: str | None = None
    position: str | None = None
    unit_name: str = ""
    role_name: str = ""
    invite_id: int | None = None
    #: Whether the person was asked about a name typed without diacritics (asked once).
    plain_asked: bool = False


async def _finish(turn: Turn, answers: Registration, draft: Draft) -> Reply:
    assert answers.full_name is not None and answers.position is not None
    incoming = turn.incoming
    registered = await turn.services.registration.register(
        Applicant(
            channel=incoming.channel,
            user_id=incoming.user_id,
            chat_id=incoming.chat_id,
            full_name=answers.full_name,
            position=answers.position,
        ),
        invite_id=answers.invite_id,
        dialog=draft,
    )
    member = registered.member
    done = turn.t("registration.done", name=member.full_name, org=turn.settings.organisation.name)
    return role_menu(_with_member(turn, member), intro=done, commands=True)


def _with_member(turn: Turn, member: MemberView) -> Turn:
    return replace(turn, member=member)


def _check_name(value: Any) -> str | None:
    return None if _NAME.fullmatch(str(value)) else "registration.name_invalid"


async def _after_name(_turn: Turn, answers: Registration, value: Any) -> Then[Registration]:
    """Ask once about a name without diacritics: searches find people by their name as
    written, so "tran van quan" would not be found as "Trần Văn Quản"."""
    if answers.plain_asked or not str(value).isascii():
        return Then(Ask.POSITION)
    return Then(Ask.PLAIN_NAME, answers.but(plain_asked=True))


async def _plain_name_options(turn: Turn, _answers: Registration) -> Sequence[Option]:
    return [
        Option("keep", turn.t("registration.button.keep_name")),
        Option("retype", turn.t("registration.button.retype_name")),
    ]


async def _after_plain_name(_turn: Turn, _answers: Registration, value: Any) -> Then[Registration]:
    return Then(Ask.FULL_NAME if value == "retype" else Ask.POSITION)


REGISTRATION: Dialog[Turn, Registration] = Dialog(
    name="register",
    answers=Registration,
    steps=(
        Step(
            Ask.FULL_NAME,
            "registration.ask_name",
            InputKind.TEXT,
            min_length=4,
            max_length=100,
            check=_check_name,
            after=_after_name,
        ),
        Step(Ask.POSITION, "registration.ask_position", InputKind.TEXT, max_length=100),
        Step(Ask.CONFIRM, "registration.confirm", InputKind.CONFIRM),
        # Reached only by a jump; last, so drafts stored before it resume at the same steps.
        Step(
            Ask.PLAIN_NAME,
            "registration.ask_plain_name",
            InputKind.CHOICE,
            options=_plain_name_options,
            after=_after_plain_name,
        ),
    ),
    finish=_finish,
    cancelled="registration.cancelled",
)


async def start(turn: Turn) -> Reply:
    """Answer ``/start``: join with a token, greet a member, or explain how to join."""
    token = turn.args.split(" ", 1)[0] if turn.args else ""
    if turn.member is not None:
        if token:
            return Reply(turn.t("start.already_member"), commands=_menu(turn))
        return await menu_with_inbox(turn, commands=True)
    if token:
        invite = await turn.services.invites.check(token)
        intro = turn.t(
            "start.invite_ok", unit=invite.unit.name, role=turn.t(f"roles.{invite.role.value}")
        )
        given = _given(turn, invite.unit.name, invite.role, invite_id=invite.id)
        return _prefix(intro, await turn.dialogs.start(turn, turn.incoming, REGISTRATION, given))
    if turn.settings.is_admin(turn.incoming.channel.value, turn.incoming.user_id):
        office = _office_name(turn)
        intro = turn.t("start.bootstrap", unit=office)
        given = _given(turn, office, Role.ADMIN, invite_id=None)
        return _prefix(intro, await turn.dialogs.start(turn, turn.incoming, REGISTRATION, given))
    reply = await show_stranger(turn)
    return Reply(reply.text, commands=catalog.menu_for(None, turn.texts))


def _menu(turn: Turn) -> tuple[Any, ...] | None:
    return None if turn.member is None else catalog.menu_for(turn.member.role, turn.texts)


def _given(turn: Turn, unit_name: str, role: Role, *, invite_id: int | None) -> Registration:
    role_name = turn.t(f"roles.{role.value}")
    return Registration(unit_name=unit_name, role_name=role_name, invite_id=invite_id)


def _office_name(turn: Turn) -> str:
    code = turn.settings.organisation.office_unit
    return next((u.name for u in turn.settings.units if u.code == code), code)


def _prefix(intro: str, reply: Reply) -> Reply:
    return Reply(f"{intro}\n\n{reply.text}", buttons=reply.buttons)
