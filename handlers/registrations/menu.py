"""The ``/dangkythidua`` buttons: each choice to its screen or dialog (the services check the
roles again, since button data can be forged)."""

from __future__ import annotations

from bot import errors
from bot.callbacks import RegistrationChoice, RegistrationMenu
from bot.ports import Reply
from bot.roles import OFFICE
from bot.turn import Turn
from handlers.common import member_of
from handlers.registrations.opening import start_open
from handlers.registrations.register import start_register
from handlers.registrations.screens import show_home, show_status


async def open_menu(turn: Turn, payload: RegistrationMenu) -> Reply:
    """A ``RegistrationMenu`` button."""
    if payload.choice is RegistrationChoice.HOME:
        return await show_home(turn)
    if payload.choice is RegistrationChoice.REGISTER:
        return await start_register(turn, payload.year)
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    if payload.choice is RegistrationChoice.OPEN:
        return await start_open(turn)
    return await show_status(turn, payload.year, payload.page)
