"""Channel-neutral conversation handlers and the single route table.

Each feature package (``handlers/<feature>/``) says in its ``__init__`` which commands,
buttons and dialogs it adds; this module puts them together with what :mod:`handlers.common`
answers when nothing else matches.
"""

from __future__ import annotations

from typing import Any

from bot.dialog_spec import Dialog
from bot.route_table import Handler, Route, RouteTable
from bot.turn import Turn
from handlers import (
    broadcasts,
    councils,
    decisions,
    documents,
    exports,
    inbox,
    initiatives,
    leaderboards,
    listings,
    milestones,
    nominations,
    people,
    plans,
    registrations,
    reminders,
    reports,
    vote_lists,
    web,
)
from handlers.common import catalog, menu

FEATURES = (
    inbox,
    people,
    plans,
    initiatives,
    registrations,
    nominations,
    vote_lists,
    listings,
    decisions,
    councils,
    milestones,
    reports,
    leaderboards,
    broadcasts,
    reminders,
    exports,
    documents,
    web,
)


def _commands() -> dict[str, Handler]:
    built: dict[str, Handler] = {
        "huy": menu.nothing_to_cancel,
        "quaylai": menu.nothing_to_cancel,
        "trogiup": menu.show_help,
    }
    for feature in FEATURES:
        built.update(feature.COMMANDS)
    return built


def route_table() -> RouteTable:
    """Build the route table: every command, its roles and its handler."""
    built = _commands()
    routes = [Route("start", people.start, aliases=("thamgia",), takes_args=True)]
    for spec in catalog.COMMANDS:
        handler = built[spec.name]
        if spec.name == "trogiup":
            routes.append(Route(spec.name, handler, aliases=("help",)))
        elif spec.name == "lienket":
            routes.append(Route(spec.name, handler, takes_args=True))  # strangers too
        else:
            routes.append(Route(spec.name, handler, roles=spec.roles, takes_args=spec.takes_args))
    return RouteTable(
        routes=tuple(routes),
        help=menu.show_help,
        stranger=menu.show_stranger,
        stale_button=menu.refuse_stale_button,
        group=leaderboards.answer_group,
        buttons=tuple(button for feature in FEATURES for button in feature.BUTTONS),
    )


def dialogs() -> tuple[Dialog[Turn, Any], ...]:
    """Return every dialog the handlers run."""
    return tuple(dialog for feature in FEATURES for dialog in feature.DIALOGS)
