"""Nominations and a reporting period on top of :mod:`tests.services.initiatives_seed`.

Awards are those of the shipped ``config.toml`` (GK-GD, CSTDCS, TTLDTT …). After the
initiatives (the clock at 01/04/2026 00:30 in Vĩnh Phúc):

| code         | unit    | nominee                    | track  | award  | state     |
|--------------|---------|----------------------------|--------|--------|-----------|
| DC-2026-0001 | CNTT    | Nguyễn Văn An (SK-2026-0001) | annual | CSTDCS | awarded   |
| DC-2026-0002 | CNTT    | Trần Thị Bình              | adhoc  | GK-GD  | submitted |
| DC-2026-0003 | VHTT-VY | the unit itself            | annual | TTLDTT | returned  |

DC-2026-0001 is awarded by Quyết định số 125/QĐ-SKHCN of 02/04/2026 (no authorities are
configured, so the organisation's head decides). Then the period "Báo cáo năm 2026" (deadline
10/04/2026): CNTT reports on time and is accepted; VHTT-VY reports late and is returned
("Thiếu số liệu"); the other units send nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.domain import NomineeKind, Track
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.decisions import Signed
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import Action
from models import Initiative
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.initiatives_seed import Seeded, seed

#: The awards used, as in the shipped ``config.toml`` (for tests building their settings).
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
    },
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "applies_to": "collective",
        "tracks": ["annual"],
    },
]


#: The number of the decision awarding DC-2026-0001.
DECISION = "125/QĐ-SKHCN"


@dataclass(frozen=True)
class Nominated:
    """The people of both seeds, with the unit heads who nominated and reported."""

    people: Seeded
    cntt_head: MemberView
    vy_head: MemberView
    period_id: int


async def seed_nominations(app: App, clock: FakeClock) -> Nominated:
    """Seed the initiatives, then the nominations and the reports of the tables above."""
    people = await seed(app, clock)
    cntt_head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Văn Trưởng")
    vy_head = await make_member(app, "vy", Role.UNIT_HEAD, "VHTT-VY", name="Đinh Thị Vĩnh")
    async with app.sessions() as session:
        cited = await session.scalar(
            select(Initiative.id).where(Initiative.code == "SK-2026-0001")
        )
    assert cited is not None
    service = app.services.nominations
    first = await service.submit(
        cntt_head,
        NominationDraft(
            track=Track.ANNUAL,
            nominee=Nominee(NomineeKind.MEMBER, cntt_head.unit.id, member_id=people.an.id),
            award_code="CSTDCS",
            summary="Chủ trì sáng kiến số hóa hồ sơ thi đua.",
            initiative_ids=(cited,),
        ),
    )
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL, Action.RECOMMEND):
        await service.act(people.office, first.id, action)
    clock.advance(days=1)
    signed = Signed(DECISION, date(2026, 4, 2), "Nguyễn Văn Giám, Giám đốc Sở")
    await app.services.decisions.record(people.office, "CSTDCS", 2026, signed, [first.id])
    clock.advance(hours=2)
    await service.submit(
        cntt_head,
        NominationDraft(
            track=Track.ADHOC,
            nominee=Nominee(NomineeKind.MEMBER, cntt_head.unit.id, member_id=people.binh.id),
            award_code="GK-GD",
            summary="=Khắc phục nhanh sự cố mất kết nối mạng",  # typed text, never a formula
        ),
    )
    third = await service.submit(
        people.office,
        NominationDraft(
            track=Track.ANNUAL,
            nominee=Nominee(NomineeKind.COLLECTIVE, vy_head.unit.id),
            award_code="TTLDTT",
            summary="Hoàn thành tốt nhiệm vụ năm.",
        ),
    )
    await service.act(people.office, third.id, Action.RETURN, reason="Thiếu minh chứng")
    return Nominated(
        people, cntt_head, vy_head, await _reports(app, clock, people, cntt_head, vy_head)
    )


async def _reports(
    app: App, clock: FakeClock, people: Seeded, cntt: MemberView, vy: MemberView
) -> int:
    reports = app.services.reports
    review = app.services.report_review
    period = await reports.open_period(people.office, "Báo cáo năm 2026", date(2026, 4, 10))
    sent = await reports.submit(
        cntt, period.id, "Tóm tắt kết quả năm.", "Kết quả nổi bật năm.", ()
    )
    await review.accept(people.office, sent.id, sent.version)
    clock.advance(days=10)
    late = await reports.submit(vy, period.id, "Tóm tắt kết quả năm.", "Kết quả nổi bật năm.", ())
    await review.return_(people.office, late.id, "Thiếu số liệu", late.version)
    return period.id
