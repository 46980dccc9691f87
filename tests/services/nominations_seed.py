"""The award catalogue, people and helpers shared by the nomination tests.

The service tests open the core with the ``app`` fixture below (they import
``nominations_app``); the handler and end-to-end tests build their own settings from
``AWARDS`` and ``GROUP``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import App, open_app
from bot.domain import NomineeKind, Track
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.decisions import DecisionView, Signed
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import Action
from models import Delivery, ScoreEvent
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock

AWARDS: list[dict[str, Any]] = [
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual", "thematic", "adhoc"],
    },
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "note": "Đạt Lao động tiên tiến và có sáng kiến được công nhận.",
    },
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "applies_to": "collective",
        "tracks": ["annual"],
    },
]
GROUP = {"chat": {"channel": "telegram", "id": "-100123"}}
NAMES = {
    "an": "Nguyễn Văn An",
    "binh": "Trần Thị Bình",
    "truong": "Phạm Văn Trưởng",
    "vp": "Lê Văn Phòng",
    "hoi": "Đỗ Văn Hội",
    "lanh": "Hoàng Văn Lãnh",
    "khac": "Vũ Thị Khác",
}


@pytest.fixture(name="app")
async def nominations_app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with an award catalogue and an announcement group."""
    settings = make_settings(database_url, awards=AWARDS, announcements=GROUP)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def member(app: App, user: str, role: Role, unit: str = "CNTT") -> MemberView:
    return await make_member(app, user, role, unit, name=NAMES[user])


def draft_for(who: MemberView, **changes: Any) -> NominationDraft:
    base = NominationDraft(
        track=Track.ANNUAL,
        nominee=Nominee(NomineeKind.MEMBER, who.unit.id, member_id=who.id),
        award_code="CSTDCS",
        summary="Hoàn thành xuất sắc nhiệm vụ; chủ trì số hóa hồ sơ thi đua.",
    )
    return replace(base, **changes)


async def last_delivery(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.max(Delivery.id))) or 0


async def deliveries_after(app: App, after: int) -> list[tuple[str, bool]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(Delivery.chat_id, Delivery.is_group)
            .where(Delivery.id > after)
            .order_by(Delivery.id)
        )
        return [(chat, group) for chat, group in rows]


async def ledger(app: App) -> list[tuple[str, int | None, int, int]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(ScoreEvent.kind, ScoreEvent.member_id, ScoreEvent.unit_id, ScoreEvent.share)
            .where(ScoreEvent.entity == "nomination")
            .order_by(ScoreEvent.id)
        )
        return [(k, m, u, s) for k, m, u, s in rows]


async def recommend(app: App, office: MemberView, item_id: int) -> None:
    """Take a submitted nomination to the council's recommendation."""
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL, Action.RECOMMEND):
        await app.services.nominations.act(office, item_id, action)


async def decide(
    app: App, office: MemberView, award: str, ids: list[int], number: str = "1/QĐ-SKHCN"
) -> DecisionView:
    """Record the decision awarding the recommended ``ids`` of ``award`` this year."""
    year = app.clock.now().astimezone(app.settings.organisation.zone).year
    today = app.clock.now().astimezone(app.settings.organisation.zone).date()
    signed = Signed(number, today, "Nguyễn Văn Giám, Giám đốc Sở")
    return await app.services.decisions.record(office, award, year, signed, ids)


async def award(app: App, office: MemberView, item_id: int, number: str = "1/QĐ-SKHCN") -> None:
    """Take a submitted nomination through the council to a decision awarding it alone."""
    await recommend(app, office, item_id)
    view = await app.services.nominations.view(office, item_id)
    await decide(app, office, view.award_code, [item_id], number)
