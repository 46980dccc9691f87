"""Typed settings: ``config.toml`` for everything non-secret, the environment for secrets.

:func:`load_settings` is called once by the CLI; tests build :class:`Settings` directly.
A wrong value raises :class:`ConfigError` whose message names the key and the problem.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.config_awards import Authority, Award, Council, Rewards, catalogue_fault
from bot.config_documents import Documents
from bot.config_files import FileSettings
from bot.config_initiatives import (
    DEFAULT_CERTIFICATE_FORMAT,
    DEFAULT_CONDITIONS,
    InitiativeCondition,
    check_certificate_format,
    check_conditions,
)
from bot.config_milestones import Milestone, milestones_fault
from bot.config_ops import LogSettings, Ops
from bot.config_organisation import (
    DEFAULT_UNIT_KINDS,
    Admin,
    Announcements,
    Organisation,
    Unit,
    UnitKind,
    unit_kinds_fault,
)
from bot.config_registration import RegistrationSettings, registration_fault
from bot.config_schedules import (
    BroadcastSettings,
    InboxSettings,
    ReminderDefault,
    SchedulerSettings,
    SendCalendarSettings,
)
from bot.config_telegram import Telegram
from bot.config_web import Web
from bot.config_zalo import Zalo
from bot.config_zalo_oa import ZaloOa

DEFAULT_CONFIG = Path("config.toml")
DEFAULT_PLAN = "ke-hoach-thi-dua-2021-2025.md"
DEFAULT_FIELDS = (
    "Bưu chính",
    "Viễn thông",
    "Ứng dụng công nghệ thông tin",
    "An toàn, an ninh mạng",
    "Báo chí, truyền thông",
    "Chuyển đổi số",
    "Khác",
)
MAX_FIELD_LENGTH = 100
# Bounds of an invite's uses and lifetime, for the defaults and for `invite --uses/--days`.
INVITE_USES_RANGE = (1, 10_000)
INVITE_DAYS_RANGE = (1, 365)


class ConfigError(Exception):
    """The configuration is unusable; the message is one line naming the key."""


class _KeyedError(ValueError):
    """A check across sections whose fault lies with one key (reported under that key)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Database(_Frozen):
    """Where the data lives."""

    url: str = "sqlite+aiosqlite:///data/thidua.db"
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            msg = "must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
            raise ValueError(msg)
        return value


class Dialogs(_Frozen):
    """Dialog engine settings."""

    timeout_minutes: int = Field(default=1440, ge=1)


class Invites(_Frozen):
    """Invite defaults."""

    default_days: int = Field(default=7, ge=INVITE_DAYS_RANGE[0], le=INVITE_DAYS_RANGE[1])
    default_uses: int = Field(default=1, ge=INVITE_USES_RANGE[0], le=INVITE_USES_RANGE[1])


class Outbox(_Frozen):
    """Pacing and retries of messages sent to other people."""

    # 0 switches the overall cap off (benchmarks); several worker processes split the cap.
    rate_per_second: float = Field(default=30.0, ge=0)
    processes: int = Field(default=1, ge=1, le=64)
    per_chat_interval_seconds: float = Field(default=1.0, ge=0)
    group_per_minute: int = Field(default=20, ge=1)
    max_attempts: int = Field(default=8, ge=1)
    backoff_base_seconds: float = Field(default=2.0, gt=0)
    backoff_cap_seconds: float = Field(default=600.0, gt=0)
    lease_seconds: float = Field(default=120.0, gt=0)
    batch_size: int = Field(default=200, ge=1)
    idle_poll_seconds: float = Field(default=2.0, gt=0)


class PlanSettings(_Frozen):
    """Which plan document is disseminated, and how often the Office may nudge."""

    file: str = Field(default=DEFAULT_PLAN, min_length=1)
    nudge_cooldown_minutes: int = Field(default=60, ge=0, le=10_080)

    @field_validator("file")
    @classmethod
    def _exists(cls, value: str) -> str:
        if not plan_path(value).is_file():
            msg = f"file not found: {value} (a path, or the name of a plan shipped in bot/plans/)"
            raise ValueError(msg)
        return value

    @property
    def path(self) -> Path:
        """The plan file to read."""
        return plan_path(self.file)


def plan_path(file: str) -> Path:
    """A plan file by path, else by the name of one shipped with the bot."""
    given = Path(file)
    if given.is_absolute() or given.is_file():
        return given
    return Path(str(resources.files("bot").joinpath("plans", file)))


class InitiativeSettings(_Frozen):
    """Fields of application, caps and attachment limits of initiatives."""

    fields: tuple[str, ...] = Field(default=DEFAULT_FIELDS, min_length=1)
    daily_cap: int = Field(default=3, ge=1, le=100)
    max_attachments: int = Field(default=5, ge=0, le=20)
    max_attachment_mb: int = Field(default=20, ge=1, le=20)
    page_size: int = Field(default=8, ge=1, le=30)
    #: What the initiative council evaluates (Decree 13/2012 Art. 3; docs/initiatives.md).
    conditions: tuple[InitiativeCondition, ...] = Field(
        default=DEFAULT_CONDITIONS, min_length=1, max_length=20
    )
    #: The certificate number given at the head's decision: ``{number}`` counts per year.
    certificate_format: str = DEFAULT_CERTIFICATE_FORMAT

    @field_validator("conditions")
    @classmethod
    def _conditions(
        cls, conditions: tuple[InitiativeCondition, ...]
    ) -> tuple[InitiativeCondition, ...]:
        return check_conditions(conditions)

    @field_validator("certificate_format")
    @classmethod
    def _certificate(cls, value: str) -> str:
        return check_certificate_format(value)

    @field_validator("fields")
    @classmethod
    def _fields_are_names(cls, fields: tuple[str, ...]) -> tuple[str, ...]:
        for field in fields:
            if not 1 <= len(field.strip()) <= MAX_FIELD_LENGTH:
                msg = f"each field must be 1-{MAX_FIELD_LENGTH} characters: {field!r}"
                raise ValueError(msg)
        if len(set(fields)) != len(fields):
            msg = "fields must be unique"
            raise ValueError(msg)
        return fields


class NominationSettings(_Frozen):
    """How nominations count: which tracks are annual merit (công trạng), and which year of
    achievement the nomination dialog proposes first."""

    #: Tracks whose awards reach the leaderboard's ledger. Ad-hoc and thematic results are
    #: not annual merit by default (Decree 98/2023 Art. 4; docs/awards.md).
    merit_tracks: tuple[Literal["annual", "thematic", "adhoc"], ...] = ("annual",)
    #: Until this day of the year (``MM-DD``, inclusive) the dialog proposes last year's
    #: achievements first: last year's dossiers are still being collected.
    last_year_until: str = Field(
        default="03-31", pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
    )

    @field_validator("last_year_until")
    @classmethod
    def _a_day_of_every_year(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        try:
            date(2025, month, day)  # not a leap year: 02-29 would not exist every year
        except ValueError as exc:
            msg = f"{value!r} is not a day of every year"
            raise ValueError(msg) from exc
        return value

    def default_year(self, today: date) -> int:
        """The year of achievement proposed first on ``today``."""
        month, day = (int(part) for part in self.last_year_until.split("-"))
        return today.year - 1 if (today.month, today.day) <= (month, day) else today.year


class ListingSettings(_Frozen):
    """Public listings before the council (công khai, docs/awards.md)."""

    #: Working days of the window when the Office lists an award whose ``public_days`` is 0
    #: (good practice, not required by law); 0: such awards cannot be listed.
    default_days: int = Field(default=10, ge=0, le=60)


class Scoring(_Frozen):
    """Points per kind of scored event (boards recompute when these change)."""

    initiative_submitted: int = Field(default=2, ge=0, le=1000)
    initiative_recognized: int = Field(default=10, ge=0, le=1000)
    initiative_applied: int = Field(default=5, ge=0, le=1000)
    nomination_awarded: int = Field(default=20, ge=0, le=1000)
    report_on_time: int = Field(default=10, ge=0, le=1000)
    plan_confirmed: int = Field(default=1, ge=0, le=1000)


class PeopleSettings(_Frozen):
    """Members moving between units (DESIGN §3.11)."""

    #: Where a moved member's items of the year of the move count: ``stay`` with the old unit
    #: (the default: the unit where the work was done keeps it for that year's boards and
    #: vote), or ``follow`` the member to the new unit.
    moved_items: Literal["stay", "follow"] = "stay"


class Settings(_Frozen):
    """Everything the bot is configured with."""

    organisation: Organisation
    database: Database = Database()
    telegram: Telegram = Telegram()
    zalo: Zalo = Zalo()
    zalo_oa: ZaloOa = ZaloOa()
    web: Web = Web()
    dialogs: Dialogs = Dialogs()
    invites: Invites = Invites()
    outbox: Outbox = Outbox()
    plan: PlanSettings = PlanSettings()
    initiatives: InitiativeSettings = InitiativeSettings()
    files: FileSettings = FileSettings()
    nominations: NominationSettings = NominationSettings()
    registration: RegistrationSettings = RegistrationSettings()
    listing: ListingSettings = ListingSettings()
    scoring: Scoring = Scoring()
    calendar: SendCalendarSettings = SendCalendarSettings()
    broadcasts: BroadcastSettings = BroadcastSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    inbox: InboxSettings = InboxSettings()
    reminders: tuple[ReminderDefault, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    rewards: Rewards = Rewards()
    documents: Documents = Documents()
    authorities: tuple[Authority, ...] = ()
    councils: tuple[Council, ...] = ()
    awards: tuple[Award, ...] = ()
    announcements: Announcements = Announcements()
    admins: tuple[Admin, ...] = ()
    unit_kinds: tuple[UnitKind, ...] = Field(default=DEFAULT_UNIT_KINDS, min_length=1)
    units: tuple[Unit, ...] = Field(min_length=1)
    people: PeopleSettings = PeopleSettings()
    ops: Ops = Ops()
    logging: LogSettings = LogSettings()

    @field_validator("units")
    @classmethod
    def _unique_codes(cls, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
        seen: set[str] = set()
        for unit in units:
            if unit.code in seen:
                msg = f"duplicate unit code {unit.code!r}"
                raise ValueError(msg)
            seen.add(unit.code)
        return units

    @model_validator(mode="after")
    def _office_unit_is_a_unit(self) -> Settings:
        code = self.organisation.office_unit
        if code not in self.unit_codes():
            msg = f"no unit has the code {code!r}; use the code of one of the [[units]]"
            raise _KeyedError("organisation.office_unit", msg)
        return self

    @model_validator(mode="after")
    def _known_unit_kinds(self) -> Settings:
        fault = unit_kinds_fault(self.unit_kinds, self.units)
        if fault is not None:
            raise _KeyedError(*fault)
        return self

    @model_validator(mode="after")
    def _consistent_catalogue(self) -> Settings:
        fault = catalogue_fault(self.awards, self.authorities, self.councils)
        if fault is not None:
            raise _KeyedError(*fault)
        return self

    @model_validator(mode="after")
    def _registration_titles_exist(self) -> Settings:
        fault = registration_fault(self.registration, self.awards)
        if fault is not None:
            raise _KeyedError(*fault)
        return self

    @model_validator(mode="after")
    def _consistent_milestones(self) -> Settings:
        fault = milestones_fault(self.milestones)
        if fault is not None:
            raise _KeyedError(*fault)
        return self

    @field_validator("reminders")
    @classmethod
    def _unique_reminders(
        cls, reminders: tuple[ReminderDefault, ...]
    ) -> tuple[ReminderDefault, ...]:
        keys = [reminder.key for reminder in reminders]
        if len(set(keys)) != len(keys):
            msg = "reminder keys must be unique"
            raise ValueError(msg)
        return reminders

    def unit_kind_name(self, code: str) -> str:
        """The name of a unit kind; an unknown code (a kind since removed) is shown as is."""
        return next((kind.name for kind in self.unit_kinds if kind.code == code), code)

    def unit_codes(self) -> frozenset[str]:
        """Return the codes of the configured units."""
        return frozenset(unit.code for unit in self.units)

    def is_admin(self, channel: str, account_id: str) -> bool:
        """Tell whether a channel account is a bootstrap administrator."""
        return any(a.channel == channel and a.id == account_id for a in self.admins)


_ENV_KEYS: dict[str, tuple[str, str]] = {
    "TELEGRAM_BOT_TOKEN": ("telegram", "token"),
    "TELEGRAM_BASE_URL": ("telegram", "base_url"),
    "TELEGRAM_BASE_FILE_URL": ("telegram", "base_file_url"),
    "TELEGRAM_WEBHOOK_SECRET": ("telegram", "webhook_secret"),
    "ZALO_BOT_TOKEN": ("zalo", "token"),
    "ZALO_BASE_URL": ("zalo", "base_url"),
    "ZALO_WEBHOOK_SECRET": ("zalo", "webhook_secret"),
    "ZALO_OA_APP_SECRET": ("zalo_oa", "app_secret"),
    "ZALO_OA_SECRET_KEY": ("zalo_oa", "oa_secret_key"),
    "ZALO_OA_REFRESH_TOKEN": ("zalo_oa", "refresh_token"),
    "ZALO_OA_API_BASE_URL": ("zalo_oa", "api_base_url"),
    "ZALO_OA_OAUTH_BASE_URL": ("zalo_oa", "oauth_base_url"),
    "DATABASE_URL": ("database", "url"),
    # One config for several processes on one machine: each its own metrics port.
    "OPS_PORT": ("ops", "port"),
    "LOG_FORMAT": ("logging", "format"),
}


def load_settings(
    path: Path | None = None, *, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the config file and the environment overrides.

    Args:
        path: The config file; defaults to ``$BOT_CONFIG`` or ``./config.toml``.
        environ: The environment (defaults to ``os.environ``).

    Raises:
        ConfigError: The file is missing, not TOML, or a value is wrong.
    """
    env = os.environ if environ is None else environ
    config_path = path or Path(env.get("BOT_CONFIG") or DEFAULT_CONFIG)
    try:
        raw: dict[str, Any] = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        msg = f"{config_path}: file not found (set BOT_CONFIG or run from the project folder)"
        raise ConfigError(msg) from exc
    except tomllib.TOMLDecodeError as exc:
        msg = f"{config_path}: not valid TOML: {exc}"
        raise ConfigError(msg) from exc
    for name, (section, key) in _ENV_KEYS.items():
        if env.get(name):
            raw.setdefault(section, {})[key] = env[name]
    raw.setdefault("database", {})["url"] = _resolve_sqlite(
        str(raw.get("database", {}).get("url", Database().url)), config_path.resolve().parent
    )
    plan = raw.get("plan")
    if isinstance(plan, dict) and isinstance(plan.get("file"), str):
        # Like SQLite paths: a relative plan file is relative to the config file's folder.
        beside = config_path.resolve().parent / plan["file"]
        if beside.is_file():
            plan["file"] = str(beside)
    return build_settings(raw, source=str(config_path))


def build_settings(raw: Mapping[str, Any], *, source: str = "config") -> Settings:
    """Validate a raw mapping into :class:`Settings`, raising :class:`ConfigError`."""
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        error = first.get("ctx", {}).get("error")
        key = error.key if isinstance(error, _KeyedError) else _key_path(raw, first["loc"])
        msg = f"{source}: {key}: {first['msg']}"
        raise ConfigError(msg) from None


def _key_path(raw: Mapping[str, Any], loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as a config key (``units[3].code``)."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(f".{item}" if parts else item)
    return "".join(parts) or "(top level)"


def _resolve_sqlite(url: str, base: Path) -> str:
    """Make a relative SQLite path relative to the config file's folder."""
    prefix = "sqlite+aiosqlite:///"
    if not url.startswith(prefix) or url.startswith(prefix + "/") or ":memory:" in url:
        return url
    return prefix + str(base / url.removeprefix(prefix))
