"""Configuration: the shipped file is valid, environment overrides apply, errors name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_config_describes_a_realistic_organisation() -> None:
    settings = load_settings(ROOT / "config.toml", environ={})
    kinds = {u.kind for u in settings.units}
    assert kinds == {"office", "department", "district_office", "district_centre", "enterprise"}
    districts = {u.district for u in settings.units if u.kind == "district_office"}
    assert len(districts) == 9  # two cities and seven districts of Vĩnh Phúc
    centres = {u.district for u in settings.units if u.kind == "district_centre"}
    assert centres == districts
    assert settings.organisation.timezone == "Asia/Ho_Chi_Minh"
    assert settings.organisation.office_unit in settings.unit_codes()
    assert settings.database.url.startswith("sqlite+aiosqlite:///")
    assert settings.database.url.endswith("/data/thidua.db")
    assert settings.telegram.token is None


def test_environment_overrides_secrets_and_urls() -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": "123:ABC",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "TELEGRAM_BASE_FILE_URL": "http://127.0.0.1:8081/file/bot",
        "DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:5432/thidua",
    }
    settings = load_settings(ROOT / "config.toml", environ=env)
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == "123:ABC"
    assert "123:ABC" not in repr(settings)
    assert settings.telegram.base_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.database.url == env["DATABASE_URL"]


def test_bot_config_variable_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(environ={"BOT_CONFIG": str(path)})
    assert settings.database.url == f"sqlite+aiosqlite:///{tmp_path}/data/thidua.db"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (
            ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"'),
            "organisation.timezone",
        ),
        (('code = "VP"', 'code = "V P"'), "units[0].code"),
        (('kind = "office"', 'kind = "ministry"'), "units[0].kind"),
        (('code = "TTRA"', 'code = "VP"'), "units"),
        (("rate_per_second = 30", "rate_per_second = -1"), "outbox.rate_per_second"),
        (('url = "sqlite+aiosqlite', 'url = "mysql'), "database.url"),
        (("[dialogs]", "[dialogs]\ntimeout_minute = 5"), "dialogs.timeout_minute"),
        (('office_unit = "VP"', 'office_unit = "VPS"'), "organisation.office_unit"),
    ],
)
def test_wrong_value_names_the_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "config.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = str(caught.value)
    assert f": {key}: " in message
    assert "\n" not in message


def test_telegram_admin_id_may_be_a_bare_number(tmp_path: Path) -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    path = tmp_path / "config.toml"
    path.write_text(
        text.replace(
            "[[admins]]", '[[admins]]\nchannel = "telegram"\nid = 123456789\n\n[[admins]]', 1
        ),
        encoding="utf-8",
    )
    settings = load_settings(path, environ={})
    assert settings.is_admin("telegram", "123456789")
    assert settings.is_admin("console", "quantri")


def test_missing_or_broken_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("[organisation\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, environ={})
