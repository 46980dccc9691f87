"""People and initiatives for the web desk's tests: an Office member, a unit head of CNTT,
and initiatives of CNTT and VHTT-VY."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app import App
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.initiatives import InitiativeView
from tests.factories import make_member, make_proposal


@dataclass(frozen=True)
class Desk:
    """Who is on the desk and what they look at."""

    office: MemberView
    head: MemberView
    author: MemberView
    app_item: InitiativeView  # CNTT, "Ứng dụng …"
    other_item: InitiativeView  # VHTT-VY


async def desk(app: App) -> Desk:
    """Two initiatives of two units and the people looking at them."""
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "tp", Role.UNIT_HEAD, "CNTT", name="Trưởng Phòng Cường")
    author = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    lan = await make_member(app, "lan", Role.STAFF, "VHTT-VY", name="Phạm Thị <b>Lan</b>")
    services = app.services.initiatives
    first = await services.submit(author, make_proposal(title="Ứng dụng chữ ký số nội bộ"))
    other = await services.submit(lan, make_proposal(title="Thư viện số <script>huyện</script>"))
    return Desk(office, head, author, first, other)
