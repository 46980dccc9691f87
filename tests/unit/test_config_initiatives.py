"""The initiative council's conditions and the certificate number in ``config.toml``: the
shipped file states the default of Decree 13/2012 Art. 3, and a wrong value names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.config_initiatives import DEFAULT_CONDITIONS

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_conditions_are_the_documented_default() -> None:
    settings = load_settings(ROOT / "config.toml", environ={})
    assert settings.initiatives.conditions == DEFAULT_CONDITIONS
    assert [c.kind for c in DEFAULT_CONDITIONS].count("exclusion") == 2
    number = settings.initiatives.certificate_format.format(number=7, year=2026)
    assert number == "007/GCN-SK-2026"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('code = "applied"', 'code = "new"'), "initiatives.conditions"),
        (('kind = "exclusion"', 'kind = "loai_tru"'), "initiatives.conditions[3].kind"),
        (('"{number:03d}/GCN-SK-{year}"', '"GCN-{so}"'), "initiatives.certificate_format"),
        (('"{number:03d}/GCN-SK-{year}"', '"GCN-{year}"'), "initiatives.certificate_format"),
    ],
)
def test_a_wrong_condition_or_format_names_its_key(
    tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "config.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert f": {key}: " in str(caught.value)
