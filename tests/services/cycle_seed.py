"""The award catalogue of the emulation year's tests (registration, vote lists, listing,
sessions), with the rules the shipped config sets and, where a test needs one, those it
leaves off (a vote share floor, a ratio cap)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update

from bot.app import App
from models import Discipline, Member

CYCLE_AWARDS: list[dict[str, Any]] = [
    {
        "code": "LDTT",
        "name": "Lao động tiên tiến",
        "applies_to": "individual",
        "tracks": ["annual"],
        "kind": "title",
        "eligibility": {"min_months_in_service": 6, "discipline_from": "khien_trach"},
    },
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "kind": "title",
        "eligibility": {
            "requires": ["LDTT"],
            "requires_one_of": ["initiative", "excellent", "research"],
        },
    },
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "applies_to": "collective",
        "tracks": ["annual"],
        "kind": "title",
        "eligibility": {
            "member_share": {"award": "LDTT", "share": 0.7},
            "member_discipline_from": "canh_cao",
        },
    },
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual", "thematic", "adhoc"],
    },
]


async def started(app: App, member_id: int, on: date | None) -> None:
    """Record the day a member entered service."""
    async with app.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.id == member_id).values(service_start=on)
        )


async def discipline(app: App, member_id: int, year: int, level: str) -> None:
    """Record a disciplinary measure of the year."""
    async with app.sessions.begin() as session:
        session.add(
            Discipline(
                member_id=member_id,
                year=year,
                level=level,
                note="",
                recorded_at=app.clock.now(),
            )
        )
