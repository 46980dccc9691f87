"""What the handler features share: the command catalogue, menus, dates, turns and dialog steps.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from handlers.common import catalog, dates, dialog_steps, menu
from handlers.common.catalog import button_roles
from handlers.common.dates import day, moment, not_after_today, when
from handlers.common.dialog_steps import FileAnswer, FileStep, WithFiles
from handlers.common.documents_button import documents_rows
from handlers.common.files import attached_document
from handlers.common.item_screen import ItemScreen
from handlers.common.menu import menu_with_inbox, role_menu, show_stranger
from handlers.common.sure import ask_sure, sure_text
from handlers.common.turns import Rows, button, member_of

__all__ = [
    "FileAnswer",
    "FileStep",
    "ItemScreen",
    "Rows",
    "WithFiles",
    "ask_sure",
    "attached_document",
    "button",
    "button_roles",
    "catalog",
    "dates",
    "day",
    "dialog_steps",
    "documents_rows",
    "member_of",
    "menu",
    "menu_with_inbox",
    "moment",
    "not_after_today",
    "role_menu",
    "show_stranger",
    "sure_text",
    "when",
]
