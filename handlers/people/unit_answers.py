"""The steps and answers of ``/donvi``, shared by its rename/merge/close and split parts."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from bot.dialog_spec import Answers


class UnitStep(StrEnum):
    """The steps of ``/donvi``."""

    ACTION = "action"
    UNIT = "unit"
    NAME = "name"
    INTO = "into"
    ALSO = "also"
    TARGET = "target"
    NEW_CODE = "new_code"
    NEW_KIND = "new_kind"
    NEW_NAME = "new_name"
    PLACE = "place"
    DAY = "day"
    REASON = "reason"
    CONFIRM = "confirm"


class UnitChange(Answers):
    """The change being recorded.

    ``targets`` are a split's units as (code, name, kind), kind empty for an existing unit;
    ``merged`` are the further units merged with ``unit``, as (code, name);
    ``placed`` maps a member's number (as text, as JSON keeps it) to the target code.
    """

    action: str | None = None
    action_name: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    name: str | None = None
    into: str | None = None
    merged: tuple[tuple[str, str], ...] = ()
    into_name: str | None = None
    new_code: str | None = None
    new_kind: str | None = None
    new_kind_name: str | None = None
    new_name: str | None = None
    targets: tuple[tuple[str, str, str], ...] = ()
    placed: dict[str, str] = Field(default_factory=dict)
    day: str | None = None
    reason: str | None = None
