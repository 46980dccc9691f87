"""The bot's commands as data: who may use each and whether it appears in the menu.

Command words are unaccented (Telegram allows only ``a-z``, digits and ``_``); their
descriptions come from the ``commands.*`` texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.ports import Command
from bot.roles import EVERYONE, OFFICE, REVIEWERS, UNIT_HEADS, WEB, Role
from bot.texts import Texts


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command: its word, the roles allowed, and its place in the menu."""

    name: str
    roles: frozenset[Role]
    in_menu: bool = True
    button: bool = True
    #: Whether the word typed without ``/`` may carry words after it (``vanban PH-2026-001``).
    takes_args: bool = False


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("viecchoxuly", EVERYONE),
    CommandSpec("kehoach", EVERYONE),
    CommandSpec("sangkien", EVERYONE),
    CommandSpec("cuatoi", EVERYONE),
    CommandSpec("bangxephang", EVERYONE),
    CommandSpec("dangkythidua", EVERYONE),
    CommandSpec("lichthidua", EVERYONE),
    CommandSpec("congkhai", EVERYONE),
    CommandSpec("decu", UNIT_HEADS),
    CommandSpec("binhxet", UNIT_HEADS),
    CommandSpec("baocao", UNIT_HEADS),
    CommandSpec("duyet", REVIEWERS),
    CommandSpec("quyetdinh", OFFICE),
    CommandSpec("hoidong", REVIEWERS),
    CommandSpec("phienhop", OFFICE),
    # Any member may sit on a council; those who sit on none are told so.
    CommandSpec("bophieu", EVERYONE),
    CommandSpec("thongbao", UNIT_HEADS),
    CommandSpec("nhacviec", OFFICE),
    CommandSpec("xuat", OFFICE),
    # The Office has every document, a unit head some of their unit's (the service says
    # which); an author gets the application by the 📄 button of the initiative's screen.
    CommandSpec("vanban", UNIT_HEADS, takes_args=True),
    CommandSpec("moi", UNIT_HEADS),
    CommandSpec("canbo", UNIT_HEADS),
    CommandSpec("donvi", OFFICE),
    CommandSpec("web", WEB, button=False),
    # Open to strangers too: the account typing a code on its second channel is unknown there.
    CommandSpec("lienket", EVERYONE, button=False),
    CommandSpec("huy", EVERYONE, button=False),
    CommandSpec("quaylai", EVERYONE, button=False),
    CommandSpec("trogiup", EVERYONE, button=False),
)

#: What strangers see in their menu.
PUBLIC_COMMANDS: tuple[str, ...] = ("start", "trogiup")


def spec(name: str) -> CommandSpec:
    """Return the spec of a command word."""
    for item in COMMANDS:
        if item.name == name:
            return item
    raise KeyError(name)


def for_role(role: Role) -> list[CommandSpec]:
    """Return the commands a role may use, in menu order."""
    return [item for item in COMMANDS if role in item.roles]


def menu_for(role: Role | None, texts: Texts) -> tuple[Command, ...]:
    """Return the Telegram command menu for a role (``None``: a stranger)."""
    if role is None:
        return tuple(Command(name, texts.t(f"commands.{name}")) for name in PUBLIC_COMMANDS)
    return tuple(
        Command(item.name, texts.t(f"commands.{item.name}"))
        for item in for_role(role)
        if item.in_menu
    )


def button_roles(command: str) -> frozenset[Role]:
    """A button of a command's screens is for those who may use the command."""
    return spec(command).roles
