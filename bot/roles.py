"""Roles and what each may do, as data shared by routing, services and models."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A member's role. ``staff`` < ``unit_head`` < ``office``; ``admin`` can do everything."""

    STAFF = "staff"
    UNIT_HEAD = "unit_head"
    OFFICE = "office"
    COUNCIL = "council"
    LEADER = "leader"
    ADMIN = "admin"


#: What each role is called (literal keys, so the catalogue test sees them used).
ROLE_NAMES: dict[Role, str] = {
    Role.STAFF: "roles.staff",
    Role.UNIT_HEAD: "roles.unit_head",
    Role.OFFICE: "roles.office",
    Role.COUNCIL: "roles.council",
    Role.LEADER: "roles.leader",
    Role.ADMIN: "roles.admin",
}

EVERYONE: frozenset[Role] = frozenset(Role)
UNIT_HEADS: frozenset[Role] = frozenset({Role.UNIT_HEAD, Role.OFFICE, Role.ADMIN})
OFFICE: frozenset[Role] = frozenset({Role.OFFICE, Role.ADMIN})
REVIEWERS: frozenset[Role] = frozenset({Role.OFFICE, Role.COUNCIL, Role.LEADER, Role.ADMIN})
#: Who may sign in to the web app: its desk work is the Office's, unit heads' and council's.
WEB: frozenset[Role] = UNIT_HEADS | REVIEWERS

#: Roles a member of each role may hand out through invites; other roles are refused.
INVITABLE: dict[Role, frozenset[Role]] = {
    Role.ADMIN: frozenset(Role),
    Role.OFFICE: frozenset(Role) - {Role.ADMIN},
    Role.UNIT_HEAD: frozenset({Role.STAFF}),
}


def parse_role(value: str) -> Role | None:
    """Return the role named ``value`` (case-insensitive), or ``None``."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        return None
