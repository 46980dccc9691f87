"""The role check every service repeats: callback data and commands can be forged."""

from __future__ import annotations

from bot import errors
from bot.roles import Role
from bot.services.common.views import MemberView


def require_role(actor: MemberView, roles: frozenset[Role]) -> None:
    """Refuse an actor whose role is not one of ``roles``.

    Raises:
        NotAllowed: The actor's role is not allowed.
    """
    if actor.role not in roles:
        raise errors.NotAllowed
