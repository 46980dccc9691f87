"""Errors of changing units and members (DESIGN §3.11)."""

from __future__ import annotations

from bot.errors.base import DomainError


class EffectiveInFuture(DomainError):
    """A change is recorded once it has taken effect: its day is not after today."""

    text_key = "org.error.future"


class UnitClosed(DomainError):
    """The unit named was merged, split or closed and no longer takes changes."""

    text_key = "org.error.unit_closed"


class UnitCodeTaken(DomainError):
    """A new unit would get the code of a unit that exists."""

    text_key = "org.error.code_taken"


class UnitChangeInvalid(DomainError):
    """The units named do not make the change asked (a unit merged into itself, a split into
    fewer than two units, a new unit without a name or with an unknown kind, …)."""

    text_key = "org.error.invalid"


class UnitHasMembers(DomainError):
    """A unit is closed only once nobody works in it: merge it, or move its members first."""

    text_key = "org.error.has_members"


class SplitUnassigned(DomainError):
    """A split must say where each of the unit's members goes."""

    text_key = "org.error.unassigned"


class MemberGone(DomainError):
    """The member has left the organisation, or no member has this number."""

    text_key = "org.error.member_gone"


class MemberChangeInvalid(DomainError):
    """The move is to the unit the member is already in, the role is the one they have, or a
    change is dated before the member's last recorded change."""

    text_key = "org.error.member_invalid"
