"""Settings of who runs the movement: the organisation, its units, the bootstrap admins and the
announcement chat."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

UNIT_CODE_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"
UNIT_KIND_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"


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

    channel: Literal["telegram", "zalo", "zalo_oa", "console"]
    id: AccountId


class Announcements(_Frozen):
    """Where approved nominations are announced (công khai) besides every member."""

    chat: ChatTarget | None = None


class Unit(_Frozen):
    """A unit of the organisation."""

    code: str = Field(pattern=UNIT_CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    #: The code of one of the ``[[unit_kinds]]``.
    kind: str = Field(pattern=UNIT_KIND_PATTERN)
    district: str = ""


class UnitKind(_Frozen):
    """A kind of unit (``[[unit_kinds]]``): boards filter by it; its name is shown as is."""

    code: str = Field(pattern=UNIT_KIND_PATTERN)
    name: str = Field(min_length=1, max_length=100)


#: The kinds of the seed organisation (a Sở TT&TT with district culture units, before 2025) and
#: those of the organisation since the 2025 reorganisation: Sở TT&TT merged into the Sở Khoa
#: học và Công nghệ on 1/3/2025, the district level was abolished on 1/7/2025 (domain.md §0b).
DEFAULT_UNIT_KINDS: tuple[UnitKind, ...] = (
    UnitKind(code="office", name="Văn phòng Sở"),
    UnitKind(code="department", name="Phòng chuyên môn"),
    UnitKind(code="inspectorate", name="Thanh tra"),
    UnitKind(code="centre", name="Trung tâm trực thuộc"),
    UnitKind(code="public_service", name="Đơn vị sự nghiệp công lập"),
    UnitKind(code="agency", name="Sở, ban, ngành"),
    UnitKind(code="commune", name="UBND xã, phường, đặc khu"),
    UnitKind(code="commune_office", name="Phòng Văn hóa - Xã hội cấp xã"),
    UnitKind(code="district_office", name="Phòng Văn hóa và Thông tin cấp huyện"),
    UnitKind(code="district_centre", name="Trung tâm Văn hóa - Thông tin cấp huyện"),
    UnitKind(code="enterprise", name="Doanh nghiệp thuộc Ngành"),
)


def unit_kinds_fault(
    kinds: tuple[UnitKind, ...], units: tuple[Unit, ...]
) -> tuple[str, str] | None:
    """The first problem of the kinds and the units' use of them, as (key, message), or None."""
    codes = [kind.code for kind in kinds]
    if len(set(codes)) != len(codes):
        return ("unit_kinds", "unit kind codes must be unique")
    for number, unit in enumerate(units):
        if unit.kind not in codes:
            known = ", ".join(codes)
            return (f"units[{number}].kind", f"unknown unit kind {unit.kind!r}; one of {known}")
    return None


class Admin(_Frozen):
    """A bootstrap administrator, recognised by channel account id."""

    channel: Literal["telegram", "zalo", "zalo_oa", "console"]
    id: AccountId
