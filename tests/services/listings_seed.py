"""The catalogue, calendar and helpers shared by the public listing tests.

A state-level award needs 10 working days of listing (ND 98/2023 Art. 46); a grassroots one
needs none. Thursday 05/03/2026 is a holiday, so a listing published on Monday 02/03/2026 takes
objections until Tuesday 17/03/2026.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.services.common.views import MemberView
from bot.services.nominations.workflow import Action
from models import AuditEntry, Delivery
from tests.conftest import make_settings
from tests.services.nominations_seed import GROUP, draft_for

COUNCILS: list[dict[str, Any]] = [
    {"code": "HDTDKT", "name": "Hội đồng Thi đua - Khen thưởng Sở", "kind": "emulation"},
]
AWARDS: list[dict[str, Any]] = [
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "council": "HDTDKT",
    },
    {
        "code": "BK-TTG",
        "name": "Bằng khen của Thủ tướng Chính phủ",
        "applies_to": "both",
        "tracks": ["annual"],
        "level": "state",
        "council": "HDTDKT",
        "public_days": 10,
    },
]
CALENDAR = {"holidays": ["2026-03-05"]}
#: The last day of a window of 10 working days opened on Monday 02/03/2026.
CLOSES = "17/03/2026"
STATE = "BK-TTG"


def listing_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings with the catalogue above, the holiday and an announcement group."""
    return make_settings(
        database_url,
        councils=COUNCILS,
        awards=AWARDS,
        calendar=CALENDAR,
        announcements=GROUP,
        **overrides,
    )


async def received(
    app: App, office: MemberView, head: MemberView, who: MemberView, award: str = STATE
) -> int:
    """A nomination of ``who`` for ``award`` the Office received (waiting for the council)."""
    item = await app.services.nominations.submit(head, draft_for(who, award_code=award))
    await app.services.nominations.act(office, item.id, Action.RECEIVE)
    return item.id


async def deliveries(app: App, after: int = 0) -> list[tuple[str, str]]:
    """(chat, text) of the deliveries queued after ``after``, oldest first."""
    async with app.sessions() as session:
        rows = await session.execute(
            select(Delivery.chat_id, Delivery.payload)
            .where(Delivery.id > after)
            .order_by(Delivery.id)
        )
        return [(chat, str(payload["text"])) for chat, payload in rows]


async def audited(app: App) -> list[tuple[str, str]]:
    """(action, entity id) of the listing entries of the audit log."""
    async with app.sessions() as session:
        rows = await session.execute(
            select(AuditEntry.action, AuditEntry.entity_id)
            .where(AuditEntry.action.like("listing.%"))
            .order_by(AuditEntry.id)
        )
        return [(action, entity) for action, entity in rows]
