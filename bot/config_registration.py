"""Settings of the registration of the year's targets (đăng ký thi đua, DESIGN §3.10): the
individual title every member starts on, and what happens at the year's end to a title that
was not registered.

Which titles may be registered comes from the award catalogue (:mod:`bot.config_awards`):
the emulation titles (``kind = "title"``) for individuals and for units. The cross-check with
the catalogue is :func:`registration_fault`, called by :class:`bot.config.Settings`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config_awards import Award

Holder = Literal["individual", "collective"]


class RegistrationSettings(BaseModel):
    """``[registration]``: the registration of targets at the start of the year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: The individual title every member is registered for until their unit head changes it
    #: (the shipped config: Lao động tiên tiến); unset, nobody is preselected.
    default_individual: str = Field(default="", pattern=r"^([A-Za-z0-9_-]{1,32})?$")
    #: Whether a title not registered at the start of the year may still be proposed at its
    #: end: ``warn`` shows the row as not registered, ``refuse`` rejects it.
    unregistered: Literal["warn", "refuse"] = "warn"


def registrable(award: Award, holder: Holder) -> bool:
    """Tell whether ``award`` is an emulation title a ``holder`` registers for."""
    return award.kind == "title" and award.applies_to in (holder, "both")


def titles_for(awards: tuple[Award, ...], holder: Holder) -> tuple[Award, ...]:
    """The catalogue's titles a ``holder`` registers for, in the catalogue's order."""
    return tuple(award for award in awards if registrable(award, holder))


def registration_fault(
    registration: RegistrationSettings, awards: tuple[Award, ...]
) -> tuple[str, str] | None:
    """The inconsistent key of ``[registration]`` and what is wrong with it, or ``None``."""
    code = registration.default_individual
    if not code:
        return None
    award = next((a for a in awards if a.code == code), None)
    if award is None:
        return "registration.default_individual", f"{code!r} is not an award of the catalogue"
    if not registrable(award, "individual"):
        return (
            "registration.default_individual",
            f"{code!r} is not an individual emulation title (kind = 'title', applies_to = "
            "'individual' or 'both')",
        )
    return None
