"""The award catalogue: the shipped one is complete and consistent; an inconsistent entry stops
the bot with its key named."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, load_settings
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
SHIPPED: dict[str, Any] = tomllib.loads((ROOT / "config.toml").read_text("utf-8"))


def test_shipped_catalogue_knows_who_grants_and_who_advises() -> None:
    settings = load_settings(ROOT / "config.toml", environ={})
    awards = {a.code: a for a in settings.awards}
    assert {"LDTT", "CSTDCS", "CSTD-TINH", "CTD-UBND", "BK-BT", "TTLDTT", "TTLDXS"} <= set(awards)
    here = {a.code for a in settings.authorities if a.decides_here}
    assert here == {"GD"}
    assert awards["CSTD-TINH"].granted_by == "CT-UBND"
    assert awards["LDTT"].granted_by == "GD" and awards["LDTT"].kind == "title"
    kinds = {c.code: c.kind for c in settings.councils}
    assert kinds == {"HDTDKT": "emulation", "HDSK": "initiative"}
    assert {a.council for a in settings.awards} == {"HDTDKT"}
    # Only rules with a source are set: the state-level listing, the LĐTT and TTLĐTT rules.
    assert awards["BK-TTG"].public_days == 10
    assert awards["LDTT"].eligibility.min_months_in_service == 6
    assert awards["LDTT"].eligibility.discipline_from is None
    assert awards["CSTDCS"].eligibility.requires == ("LDTT",)
    assert awards["CSTDCS"].eligibility.ratio_cap is None
    share = awards["TTLDTT"].eligibility.member_share
    assert share is not None and (share.award, share.share) == ("LDTT", 0.7)
    assert all(a.vote_threshold is None for a in settings.awards)
    assert settings.rewards.base_salary is None
    # The notes the domain review found wrong.
    assert "Lao động tiên tiến" in awards["TTLDXS"].note
    assert "6 tháng" in awards["LDTT"].note


def _catalogue(**award: Any) -> dict[str, Any]:
    base = {"code": "X", "name": "Giải X", "applies_to": "individual", "tracks": ["annual"]}
    return {
        "authorities": SHIPPED["authorities"],
        "councils": SHIPPED["councils"],
        "awards": [*SHIPPED["awards"], {**base, "granted_by": "GD", **award}],
    }


@pytest.mark.parametrize(
    ("award", "key", "says"),
    [
        ({"granted_by": "UBND"}, "granted_by", "no [[authorities]] entry has the code 'UBND'"),
        ({"granted_by": ""}, "granted_by", "say which of the [[authorities]]"),
        ({"council": "HDSK"}, "council", "of kind 'emulation'"),
        ({"vote_threshold": 0.7}, "vote_threshold", "needs the council"),
        ({"secret_vote": True}, "secret_vote", "needs the council"),
        ({"public_days": 10}, "public_days", "name the council"),
        ({"kind": "title", "tracks": ["annual", "adhoc"]}, "tracks", "annual track only"),
        ({"vote_threshold": 1.5, "council": "HDTDKT"}, "vote_threshold", "less than or equal"),
        (
            {"eligibility": {"requires": ["LDTT", "NONE"]}},
            "eligibility.requires",
            "'NONE' is not another award",
        ),
        (
            {"eligibility": {"ratio_cap": {"of": "X", "share": 0.15}}},
            "eligibility.ratio_cap.of",
            "'X' is not another award",
        ),
        (
            {"eligibility": {"member_share": {"award": "LDTT", "share": 0.7}}},
            "eligibility",
            "for collective awards",
        ),
        (
            {"applies_to": "collective", "eligibility": {"min_months_in_service": 6}},
            "eligibility",
            "are for individuals",
        ),
        ({"eligibility": {"discipline_from": "phat"}}, "discipline_from", "khien_trach"),
    ],
)
def test_inconsistent_award_names_its_key(award: dict[str, Any], key: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        make_settings("sqlite+aiosqlite://", **_catalogue(**award))
    position = len(SHIPPED["awards"])
    assert f"awards[{position}]" in str(caught.value)
    assert key in str(caught.value)
    assert says in str(caught.value)


def test_duplicate_codes_are_refused_per_section() -> None:
    twice = {**_catalogue(), "councils": [*SHIPPED["councils"], SHIPPED["councils"][0]]}
    with pytest.raises(ConfigError, match=r"councils: .*council codes must be unique"):
        make_settings("sqlite+aiosqlite://", **twice)


def test_without_authorities_every_award_is_decided_here() -> None:
    settings = make_settings(
        "sqlite+aiosqlite://",
        awards=[{"code": "GK", "name": "Giấy khen", "applies_to": "both", "tracks": ["adhoc"]}],
    )
    assert settings.awards[0].granted_by == ""


@pytest.mark.parametrize(
    ("until", "today", "first"),
    [
        ("03-31", date(2027, 1, 5), 2026),
        ("03-31", date(2027, 3, 31), 2026),
        ("03-31", date(2027, 4, 1), 2027),
        ("01-15", date(2027, 2, 1), 2027),
        ("12-31", date(2027, 12, 31), 2026),
    ],
)
def test_the_year_of_achievement_proposed_first(until: str, today: date, first: int) -> None:
    settings = make_settings("sqlite+aiosqlite://", nominations={"last_year_until": until})
    assert settings.nominations.default_year(today) == first


@pytest.mark.parametrize("until", ["02-29", "13-01", "3-31", "04-31"])
def test_a_day_not_in_every_year_is_refused(until: str) -> None:
    with pytest.raises(ConfigError, match=r"nominations\.last_year_until"):
        make_settings("sqlite+aiosqlite://", nominations={"last_year_until": until})
