"""The settings of the documents tests of the decision cycle (the rows are written by
documents_cycle_seed): CSTĐCS by a secret vote and the Director's Giấy khen, both granted here,
and a province award granted above with no multiple configured.

Base salary 2,340,000 đ rounded up to 10,000 đ: Giấy khen (0,3) pays 710.000, CSTĐCS (1,0)
pays 2.340.000.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from bot.app import App, open_app
from bot.config import Settings
from bot.documents import Draft, Letterhead, TemplateStore, render
from bot.services.documents import Setting
from tests.conftest import make_settings
from tests.documents_text import document_text
from tests.fakes.clock import FakeClock
from tests.services.council_sessions_seed import COUNCILS

AUTHORITIES = [
    {"code": "GD", "name": "Giám đốc Sở", "decides_here": True},
    {"code": "CT-UBND", "name": "Chủ tịch Ủy ban nhân dân tỉnh"},
]
AWARDS: list[dict[str, Any]] = [
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "council": "HDTDKT",
        "vote_threshold": 0.6,
        "secret_vote": True,
        "granted_by": "GD",
        "reward_multiple": 1.0,
    },
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual"],
        "council": "HDTDKT",
        "vote_threshold": 0.5,
        "granted_by": "GD",
        "reward_multiple": 0.3,
    },
    {
        "code": "BK-UBND",
        "name": "Bằng khen của Chủ tịch UBND tỉnh",
        "applies_to": "both",
        "tracks": ["annual"],
        "level": "province",
        "council": "HDTDKT",
        "vote_threshold": 0.6,
        "granted_by": "CT-UBND",
    },
]
DOCUMENTS = {
    "governing_body": "UBND tỉnh Vĩnh Phúc",
    "issuing_body": "Sở Thông tin và Truyền thông",
    "abbreviation": "STTTT",
    "place": "Vĩnh Phúc",
    "head_title": "Giám đốc",
    "head_name": "Nguyễn Văn Giám",
    "office_name": "Văn phòng Sở",
}
REWARDS = {"base_salary": 2_340_000, "round_up_to": 10_000}
TODAY = date(2026, 12, 22)


def documents_settings(database_url: str, **overrides: Any) -> Settings:
    """The settings of the cycle above (``overrides`` replace whole sections)."""
    raw: dict[str, Any] = {
        "councils": COUNCILS,
        "authorities": AUTHORITIES,
        "awards": AWARDS,
        "documents": DOCUMENTS,
        "rewards": REWARDS,
    }
    return make_settings(database_url, **(raw | overrides))


@pytest.fixture(name="app")
async def documents_app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with the catalogue, the letterhead and the base salary above."""
    core = await open_app(documents_settings(database_url), clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


def setting_of(app: App) -> Setting:
    """What the makers are given, from the app's settings."""
    s = app.settings
    return Setting(
        letterhead=Letterhead.of(s.documents, s.organisation.name),
        rewards=s.rewards,
        awards={a.code: a for a in s.awards},
        authorities={a.code: a for a in s.authorities},
        councils={c.code: c for c in s.councils},
        zone=s.organisation.zone,
        today=TODAY,
    )


def text_of(draft: Draft) -> str:
    """The rendered draft's text."""
    return document_text(render(TemplateStore(), draft).content)
