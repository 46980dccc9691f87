"""Four initiatives around the turn of the year, for the export tests (service, CLI, e2e).

| code         | author (unit)          | submitted (Asia/Ho_Chi_Minh) | state          |
|--------------|------------------------|------------------------------|----------------|
| SK-2025-0001 | Phạm Thị Lan (VHTT-VY) | 31/12/2025 17:00             | submitted      |
| SK-2026-0001 | Nguyễn Văn An (CNTT)   | 01/01/2026 00:30 (UTC: 2025) | recognized     |
| SK-2026-0002 | Trần Thị Bình (CNTT)   | 15/03/2026 10:00             | returned       |
| SK-2026-0003 | Nguyễn Văn An (CNTT)   | 01/04/2026 00:30 (UTC: 31/3) | submitted      |

SK-2026-0001 has two co-authors (a member, 30%, with the form's details, and an outsider, 10%,
without them), one first applier, two files and two council scores: (4, 5, 3) and (5, 4, 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.app import App
from bot.roles import Role
from bot.services.common.views import FileInfo, MemberView
from bot.services.initiatives import Scores
from bot.services.initiatives.form import Applier, AuthorDetails
from bot.services.initiatives.records import CoAuthor
from bot.services.initiatives.workflow import Action
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.initiative_recognition import all_met, decided_today, seated

#: The form's details of the member co-author of SK-2026-0001, and its first applier.
BINH = AuthorDetails("1990-09-02", "Văn phòng Sở", "Chuyên viên chính", "Thạc sĩ Quản lý công")
APPLIER = Applier("Văn phòng Sở", "Số 1 đường Nguyễn Trãi", "Rút ngắn thời gian xét hồ sơ.")
#: When the seeding starts: 17:00 on 31/12/2025 in Vĩnh Phúc.
START = datetime(2025, 12, 31, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Seeded:
    """The people the seed created."""

    an: MemberView
    binh: MemberView
    lan: MemberView
    office: MemberView
    council: MemberView


async def seed(app: App, clock: FakeClock) -> Seeded:
    """Create the four initiatives of the table above; the clock must start at ``START``."""
    assert clock.now() == START
    people = Seeded(
        an=await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An"),
        binh=await make_member(app, "binh", Role.STAFF, "CNTT", name="Trần Thị Bình"),
        lan=await make_member(app, "lan", Role.STAFF, "VHTT-VY", name="Phạm Thị Lan"),
        office=await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng"),
        council=await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội"),
    )
    second = await make_member(app, "hoi2", Role.COUNCIL, "VP", name="Vũ Thị Thẩm")
    library = make_proposal(title="Thư viện số huyện", movement="", field="Khác")
    await app.services.initiatives.submit(people.lan, library)
    clock.advance(hours=7, minutes=30)
    await _recognised(app, people, second)
    clock.advance(days=73, hours=9, minutes=30)
    chatbot = make_proposal(title="Chatbot hỏi đáp thủ tục", kind="ky_thuat")
    item = await app.services.initiatives.submit(people.binh, chatbot)
    await app.services.reviews.act(people.office, item.id, Action.RETURN, reason="Thiếu số liệu")
    clock.advance(days=16, hours=14, minutes=30)
    await app.services.initiatives.submit(people.an, make_proposal(title="Ký số văn bản"))
    return people


async def _recognised(app: App, people: Seeded, second: MemberView) -> None:
    proposal = make_proposal(
        coauthors=(
            CoAuthor("Trần Thị Bình", 30, people.binh.id, BINH),
            CoAuthor("Ông Ngoài", 10),
        ),
        appliers=(APPLIER,),
        confidential="Mã nguồn của bot.",
        files=(
            FileInfo("console", "/tmp/a.pdf", "a.pdf", "application/pdf", 10),
            FileInfo("console", "/tmp/b.png", "b.png", "image/png", 20),
        ),
    )
    item = await app.services.initiatives.submit(people.an, proposal)
    reviews = app.services.reviews
    await reviews.act(people.office, item.id, Action.RECEIVE)
    await reviews.act(people.office, item.id, Action.SEND_TO_COUNCIL)
    evaluate = app.services.evaluations.evaluate
    for member, scores in ((people.council, Scores(4, 5, 3)), (second, Scores(5, 4, 4))):
        await seated(app, people.office, member)
        await evaluate(member, item.id, all_met(app), scores)
    await reviews.act(people.office, item.id, Action.CONCLUDE_MET, reason="Đạt đủ điều kiện")
    await reviews.recognize(people.office, item.id, decided_today(app))
