"""Help, the role menu, and what strangers and stale buttons get."""

from __future__ import annotations

from bot.callbacks import MenuAction
from bot.dates import day_text
from bot.domain import LeaveReason
from bot.ports import Button, Reply
from bot.turn import Turn
from handlers.common import catalog

#: The inbox's command, whose menu button shows how many items wait.
INBOX = "viecchoxuly"


def role_menu(
    turn: Turn, *, intro: str = "", commands: bool = False, waiting: int | None = None
) -> Reply:
    """Build the member's menu: what their role can do, as text and buttons.

    Args:
        turn: The turn; its member must be set.
        intro: A text shown above the menu.
        commands: Also replace the person's command menu (Telegram ``setMyCommands``).
        waiting: How many items wait for the person, shown on the inbox's button.
    """
    member = turn.member
    assert member is not None, "role_menu needs a member"
    specs = catalog.for_role(member.role)
    lines = [intro] if intro else []
    lines.append(
        turn.t(
            "help.header",
            org=turn.settings.organisation.name,
            name=member.full_name,
            role=turn.t(f"roles.{member.role.value}"),
            unit=member.unit.name,
        )
    )
    lines += [
        turn.t("help.line", command=s.name, description=turn.t(f"commands.{s.name}"))
        for s in specs
    ]
    lines.append(turn.t("help.footer"))
    labels = [s for s in specs if s.button]
    buttons = tuple(
        tuple(Button(_label(turn, s.name, waiting), MenuAction(s.name).pack()) for s in pair)
        for pair in (labels[i : i + 2] for i in range(0, len(labels), 2))
    )
    menu = catalog.menu_for(member.role, turn.texts) if commands else None
    return Reply("\n".join(lines), buttons=buttons, commands=menu)


def _label(turn: Turn, command: str, waiting: int | None) -> str:
    if command == INBOX and waiting:
        return turn.t("inbox.menu_button", count=waiting)
    return turn.t(f"commands.{command}")


async def menu_with_inbox(turn: Turn, *, intro: str = "", commands: bool = False) -> Reply:
    """The role menu with the count of items waiting for the person on the inbox's button."""
    assert turn.member is not None, "menu_with_inbox needs a member"
    waiting = await turn.services.inbox.count(turn.member)
    return role_menu(turn, intro=intro, commands=commands, waiting=waiting)


async def show_help(turn: Turn) -> Reply:
    """Answer ``/trogiup``: the role menu, or how to join for strangers."""
    if turn.member is None:
        return await show_stranger(turn)
    return await menu_with_inbox(turn)


async def show_stranger(turn: Turn) -> Reply:
    """Tell someone without an account how to join, and nothing else; a member who left is
    told their account was closed and whom to ask (docs/organisation.md)."""
    if turn.departed is not None:
        return Reply(
            turn.t(
                "people.left.closed",
                name=turn.departed.full_name,
                day=day_text(turn.departed.left_on),
                why=turn.t(f"org.leave_reason.{_reason(turn.departed.reason)}").lower(),
                org=turn.settings.organisation.name,
            )
        )
    return Reply(turn.t("start.stranger", org=turn.settings.organisation.name))


async def refuse_stale_button(turn: Turn) -> Reply:
    """Answer a stale or forged button with the current menu."""
    if turn.member is None:
        return await show_stranger(turn)
    return role_menu(turn, intro=turn.t("errors.stale_button"))


async def nothing_to_cancel(turn: Turn) -> Reply:
    """Answer ``/huy`` or ``/quaylai`` outside a dialog."""
    return Reply(turn.t("help.nothing_to_cancel"))


def _reason(value: str) -> str:
    """A recorded reason, or ``other`` for one this version does not know."""
    return value if value in {r.value for r in LeaveReason} else LeaveReason.OTHER.value
