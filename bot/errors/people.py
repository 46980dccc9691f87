"""Errors of joining the bot: invites and registration."""

from __future__ import annotations

from bot.errors.base import DomainError


class AlreadyRegistered(DomainError):
    """The account already belongs to a member."""

    text_key = "start.already_member"


class InviteMalformed(DomainError):
    """The invite token is not of the invite alphabet or too long."""

    text_key = "invite.error.malformed"


class InviteNotFound(DomainError):
    """No invite has this token."""

    text_key = "invite.error.not_found"


class InviteExpired(DomainError):
    """The invite is past its expiry."""

    text_key = "invite.error.expired"


class InviteUsedUp(DomainError):
    """The invite has been used as many times as allowed."""

    text_key = "invite.error.used_up"
