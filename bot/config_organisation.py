"""Settings of who runs the movement: the organisation, its units, the bootstrap admins and the
announcement chat."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

UNIT_CODE_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"


def _number_as_text(value: object) -> object:
    """Accept a bare TOML integer (a Telegram user or chat id) and keep it as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


#: A channel account or chat id, written in TOML as text or as a number.
AccountId = Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1, max_length=64)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Organisation(_Frozen):
    """Who runs the movement."""

    name: str = Field(min_length=1, max_length=200)
    timezone: str = "Asia/Ho_Chi_Minh"
    office_unit: str = Field(pattern=UNIT_CODE_PATTERN)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            msg = f"unknown time zone {value!r}"
            raise ValueError(msg) from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone."""
        return ZoneInfo(self.timezone)


class ChatTarget(_Frozen):
    """A chat the bot posts to, e.g. the announcement group or channel."""

    channel: Literal["telegram", "zalo", "console"]
    id: AccountId


class Announcements(_Frozen):
    """Where approved nominations are announced (công khai) besides every member."""

    chat: ChatTarget | None = None


class Unit(_Frozen):
    """A unit of the organisation."""

    code: str = Field(pattern=UNIT_CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["office", "department", "district_office", "district_centre", "enterprise"]
    district: str = ""


class Admin(_Frozen):
    """A bootstrap administrator, recognised by channel account id."""

    channel: Literal["telegram", "zalo", "console"]
    id: AccountId
