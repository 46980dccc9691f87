"""Channel-neutral conversation handlers and the single route table."""

from __future__ import annotations

from bot.dialogs import Dialog
from bot.routing import Route, RouteTable, Turn
from handlers import catalog, help, invites, pending, registration

_BUILT = {
    "moi": invites.create_invite,
    "huy": help.nothing_to_cancel,
    "quaylai": help.nothing_to_cancel,
    "trogiup": help.show_help,
}


def route_table() -> RouteTable:
    """Build the route table: every command, its roles and its handler."""
    routes = [Route("start", registration.start)]
    for spec in catalog.COMMANDS:
        handler = _BUILT.get(spec.name) or pending.not_built(spec.name)
        if spec.name == "trogiup":
            routes.append(Route(spec.name, handler, aliases=("help",)))
        else:
            routes.append(Route(spec.name, handler, roles=spec.roles))
    return RouteTable(
        routes=tuple(routes),
        help=help.show_help,
        stranger=help.show_stranger,
        stale_button=help.refuse_stale_button,
        group=help.answer_group,
    )


def dialogs() -> tuple[Dialog[Turn], ...]:
    """Return every dialog the handlers run."""
    return (registration.REGISTRATION, invites.INVITE)
