"""A council session to vote in over the web: the Office, seated council members (one of
them in the nominees' unit), and two nominations of CNTT under review on an open session —
CSTĐCS by a secret ballot and the Director's Giấy khen by an open one."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app import App
from bot.config import Settings
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.councils import Position
from bot.services.nominations.workflow import Action
from tests.conftest import make_settings
from tests.factories import make_member
from tests.services.council_sessions_seed import COUNCILS, session_awards
from tests.services.nominations_seed import draft_for


def council_settings(database_url: str) -> Settings:
    """The test organisation with the councils and the awards sessions vote on."""
    return make_settings(database_url, councils=COUNCILS, awards=session_awards(0.5))


@dataclass
class Sitting:
    """Who is who around one open session."""

    office: MemberView
    members: list[MemberView]
    colleague: MemberView
    outsider: MemberView
    session_id: int
    session_code: str
    items: list[int]


async def open_sitting(
    app: App, names: tuple[str, ...] = ("Thành Viên Một",), *, open_now: bool = True
) -> Sitting:
    """Seat ``names`` (of VP) and a CNTT colleague, put two CNTT nominations on a session
    (without ``open_now``, leave them under review: no session, its id 0)."""
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    members = [
        await make_member(app, f"tv{n}", Role.COUNCIL, "VP", name=name)
        for n, name in enumerate(names)
    ]
    colleague = await make_member(app, "dong", Role.COUNCIL, "CNTT", name="Đồng Nghiệp")
    outsider = await make_member(app, "ngoai", Role.COUNCIL, "VP", name="Người Ngoài")
    for member in (*members, colleague):
        await app.services.councils.seat(office, "HDTDKT", member.id, Position.MEMBER)
    head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Văn Trưởng")
    an = await make_member(app, "an", name="Nguyễn <b>Văn</b> An")
    items = []
    for award in ("CSTDCS", "GK-GD"):
        item = await app.services.nominations.submit(head, draft_for(an, award_code=award))
        for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
            await app.services.nominations.act(office, item.id, action)
        items.append(item.id)
    if not open_now:
        return Sitting(office, members, colleague, outsider, 0, "", items)
    opened = await app.services.council_sessions.open(
        office, "HDTDKT", "Phiên họp xét khen thưởng", items
    )
    return Sitting(office, members, colleague, outsider, opened.id, opened.code, items)
