"""Recording the competent authority's decision on the web, as ``/quyetdinh`` does: the Office
sees the lists waiting, fills number, date and signer, confirms, and the nominations are
decided with the chat's notices; a wrong field is kept with its message, other roles and
forged addresses are refused, and a form posted twice records once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.config import Settings
from bot.dates import day_text
from bot.domain import NominationState
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.decisions import Pending
from models import AuditEntry, Decision
from tests.factories import make_member
from tests.services.documents_seed import documents_settings
from tests.services.nominations_seed import draft_for, last_delivery, recommend
from tests.services.test_decisions import GRANTED
from tests.web.support import Client, post_form, sign_in, web_client

SIGNER = "Nguyễn Văn Giám, Giám đốc Sở"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url, **GRANTED)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


class Seeded:
    """The Office, CNTT's head and two staff recommended by the council for an award."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def make(self, award_code: str = "CSTDCS") -> Seeded:
        app = self.app
        self.office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
        self.head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Trưởng")
        an = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
        binh = await make_member(app, "binh", Role.STAFF, "CNTT", name="Đặng Thị Bình")
        self.ids: list[int] = []
        for who in (an, binh):
            view = await app.services.nominations.submit(
                self.head, draft_for(who, award_code=award_code)
            )
            await recommend(app, self.office, view.id)
            self.ids.append(view.id)
        return self

    async def group(self) -> Pending:
        (group,) = await self.app.services.decisions.pending(self.office)
        return group


def url_of(group: Pending) -> str:
    return f"/web/quyet-dinh/{group.award_code}/{group.year}/{group.submission_id or 0}"


def today(app: App) -> str:
    return day_text(app.clock.now().astimezone(app.settings.organisation.zone).date())


def fields(app: App, ids: list[int], **changes: str) -> dict[str, str]:
    base = {
        "ho-so": ",".join(str(i) for i in ids),
        "so": "125/QĐ-SKHCN",
        "ngay-ky": today(app),
        "nguoi-ky": SIGNER,
        "xac-nhan": "1",
    }
    return base | changes


async def states(app: App, viewer: MemberView, ids: list[int]) -> list[NominationState]:
    return [(await app.services.nominations.view(viewer, i)).state for i in ids]


async def decisions(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Decision)) or 0


async def test_the_office_records_a_decision_and_the_nominations_are_awarded(
    app: App, client: Client
) -> None:
    seeded = await Seeded(app).make()
    await sign_in(client, app, seeded.office)
    lists = await client.get("/web/quyet-dinh")
    assert lists.status == 200
    page = await lists.text()
    group = await seeded.group()
    assert url_of(group) in page and "Chiến sĩ thi đua cơ sở" in page
    assert "chờ quyết định của Giám đốc Sở" in page
    form_page = await client.get(url_of(group))
    text = await form_page.text()
    assert "Nguyễn Văn An" in text and "Đặng Thị Bình" in text
    # Without the confirmation, the page asks "chắc chắn" and records nothing.
    asked = await post_form(client, url_of(group), fields(app, seeded.ids, **{"xac-nhan": ""}))
    assert asked.status == 200
    assert "chắc chắn" in await asked.text() and await decisions(app) == 0
    start = await last_delivery(app)
    done = await post_form(client, url_of(group), fields(app, seeded.ids))
    assert done.status == 200 and done.url.path == "/web/quyet-dinh"
    assert "Đã ghi nhận Quyết định" in await done.text()
    assert await states(app, seeded.head, seeded.ids) == [NominationState.AWARDED] * 2
    view = await app.services.nominations.view(seeded.head, seeded.ids[0])
    assert [(d.number, d.outcome) for d in view.decisions] == [("125/QĐ-SKHCN", "awarded")]
    assert await last_delivery(app) > start  # the chat's notices and published result
    async with app.sessions() as session:
        actions = set(await session.scalars(select(AuditEntry.action)))
    assert any(a.startswith("decision") for a in actions)
    assert await app.services.decisions.pending(seeded.office) == ()


async def test_a_bad_number_and_date_are_kept_with_their_messages(
    app: App, client: Client
) -> None:
    seeded = await Seeded(app).make()
    await sign_in(client, app, seeded.office)
    group = await seeded.group()
    future = app.clock.now().astimezone(app.settings.organisation.zone).date() + timedelta(days=3)
    cases = [
        ({"so": "", "ngay-ky": "31/02/2026"}, ["Số văn bản cần từ 1 đến 64", "Ngày ký chưa đúng"]),
        ({"ngay-ky": day_text(future)}, ["là ngày sau hôm nay"]),
        ({"so": "x" * 65, "nguoi-ky": "A"}, ["Số văn bản cần", "Người ký cần từ 3 đến 200"]),
    ]
    for changes, messages in cases:
        answer = await post_form(client, url_of(group), fields(app, seeded.ids, **changes))
        assert answer.status == 400
        page = await answer.text()
        for message in messages:
            assert message in page
        for value in changes.values():
            assert f'value="{value}"' in page
        assert 'value="Nguyễn Văn Giám, Giám đốc Sở"' in page or "nguoi-ky" in changes
    assert await decisions(app) == 0
    assert await states(app, seeded.office, seeded.ids) == [NominationState.RECOMMENDED] * 2


async def test_a_unit_head_a_forged_list_and_a_missing_token_are_refused(
    app: App, client: Client
) -> None:
    seeded = await Seeded(app).make()
    group = await seeded.group()
    await sign_in(client, app, seeded.head)
    assert (await client.get("/web/quyet-dinh")).status == 403
    assert (await client.get(url_of(group))).status == 403
    refused = await post_form(client, url_of(group), fields(app, seeded.ids))
    assert refused.status == 403
    home = await (await client.get("/web/")).text()
    assert "/web/quyet-dinh" not in home  # no menu entry for a unit head
    await sign_in(client, app, seeded.office)
    assert "/web/quyet-dinh" in await (await client.get("/web/")).text()
    assert (await client.get(f"/web/quyet-dinh/CSTDCS/{group.year}/999")).status == 404
    assert (await client.get(f"/web/quyet-dinh/KHONG-CO/{group.year}/0")).status == 404
    no_token = await client.post(url_of(group), data=fields(app, seeded.ids))
    assert no_token.status == 403
    assert await decisions(app) == 0


async def test_the_same_form_posted_twice_records_once(app: App, client: Client) -> None:
    seeded = await Seeded(app).make()
    await sign_in(client, app, seeded.office)
    group = await seeded.group()
    first = await post_form(client, url_of(group), fields(app, seeded.ids))
    assert first.status == 200
    again = await post_form(client, url_of(group), fields(app, seeded.ids, so="126/QĐ-SKHCN"))
    assert again.status == 409
    assert "Không còn hồ sơ nào chờ" in await again.text()
    assert await decisions(app) == 1


async def test_a_stale_list_records_nothing(app: App, client: Client) -> None:
    seeded = await Seeded(app).make()
    await sign_in(client, app, seeded.office)
    group = await seeded.group()
    answer = await post_form(client, url_of(group), fields(app, seeded.ids[:1]))
    assert answer.status == 409
    assert "vừa thay đổi" in await answer.text()
    assert await decisions(app) == 0


async def test_a_submission_then_the_higher_levels_result_with_an_item_not_awarded(
    app: App, client: Client
) -> None:
    seeded = await Seeded(app).make("BK-UBND")
    await sign_in(client, app, seeded.office)
    group = await seeded.group()
    assert not group.grantor.decides_here
    sent = await post_form(client, url_of(group), fields(app, seeded.ids, so="45/TTr-SKHCN"))
    assert sent.status == 200 and "Đã ghi nhận Tờ trình" in await sent.text()
    assert await states(app, seeded.head, seeded.ids) == [NominationState.SENT_UP] * 2
    result = await seeded.group()
    assert result.submission_id is not None
    page = await (await client.get(url_of(result))).text()
    assert f'name="khong-{seeded.ids[1]}"' in page
    form = fields(app, seeded.ids, so="9/QĐ-UBND", **{f"khong-{seeded.ids[1]}": "1"})
    done = await post_form(client, url_of(result), form)
    assert done.status == 200 and "kết quả của cấp trên" in await done.text()
    assert await states(app, seeded.head, seeded.ids) == [
        NominationState.AWARDED,
        NominationState.NOT_AWARDED,
    ]
