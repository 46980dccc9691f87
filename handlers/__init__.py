"""Channel-neutral conversation handlers and the single route table."""

from __future__ import annotations

from bot.dialogs import Dialog
from bot.routing import Route, RouteTable, Turn
from handlers import catalog, invites, menu, pending, registration

_BUILT = {
    "moi": invites.create_invite,
    "huy": menu.nothing_to_cancel,
    "quaylai": menu.nothing_to_cancel,
    "trogiup": menu.show_help,
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
        help=menu.show_help,
        stranger=menu.show_stranger,
        stale_button=menu.refuse_stale_button,
        group=menu.answer_group,
    )


def dialogs() -> tuple[Dialog[Turn], ...]:
    """Return every dialog the handlers run."""
    return (registration.REGISTRATION, invites.INVITE)
