"""Audiences resolve to exactly the people they mean, in a small seeded organisation.

The clock reads Monday 2 March 2026, 09:00 in Hà Nội. The organisation:

* Văn phòng Sở: the Office clerk, an administrator, two council members (Hà, seated on the
  initiative council, reviewed the initiative under review; Hùng has no seat);
* Phòng CNTT: its head (co-author of Dũng's withdrawn initiative), An (confirmed the
  latest plan, authored an initiative this year), Bình (confirmed only the old plan,
  co-author of An's initiative, seated on the initiative council) and Cường (inactive);
* Phòng VHTT Vĩnh Yên: its head (author of the initiative under review), Chi (initiative
  last year only) and Dũng (his initiative this year was withdrawn, another is a draft);
* Trung tâm Tin học: its head (blocked the bot) and Em (never started the bot; co-author
  of Chi's initiative of last year);
* Chi cục cũ (inactive unit): its head and a staff member, never in any audience.

Report periods (deadline N days away): 14 (CNTT sent, VY's was returned, TT missing),
7 (all sent), 1 (CNTT missing), 3 (closed, nobody sent).
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind, Reach, Recipient, resolve
from models import Nomination
from tests.initiative_recognition import INITIATIVE_COUNCIL
from tests.services.broadcasts_audiences_seed import seed
from tests.services.broadcasts_seed import add_member

K = AudienceKind
OFFICE_STAFF = {"Văn Phòng", "Quản Trị", "Hội Hà", "Hội Hùng"}
CNTT = {"Trưởng CNTT", "An", "Bình"}
VY = {"Trưởng VY", "Chi", "Dũng"}
TT = {"Trưởng TT", "Em"}
EVERYONE = OFFICE_STAFF | CNTT | VY | TT


async def who(app: App, audience: Audience) -> list[Recipient]:
    async with app.sessions() as session:
        return await resolve(
            session,
            audience,
            now=app.clock.now(),
            zone=app.settings.organisation.zone,
            initiative_councils=(INITIATIVE_COUNCIL,),
        )


async def names(app: App, audience: Audience) -> set[str]:
    return {r.full_name for r in await who(app, audience)}


CASES: list[tuple[str, Audience, set[str]]] = [
    ("everyone", Audience(K.EVERYONE), EVERYONE),
    ("units", Audience(K.UNITS, units=()), EVERYONE),
    ("roles council", Audience(K.ROLES, roles=(Role.COUNCIL,)), {"Hội Hà", "Hội Hùng"}),
    (
        "roles heads+admin",
        Audience(K.ROLES, roles=(Role.UNIT_HEAD, Role.ADMIN)),
        {"Quản Trị", "Trưởng CNTT", "Trưởng VY", "Trưởng TT"},
    ),
    ("not confirmed", Audience(K.NOT_CONFIRMED), EVERYONE - {"An"}),
    ("no initiative", Audience(K.NO_INITIATIVE), EVERYONE - {"An", "Bình", "Trưởng VY"}),
    ("report missing", Audience(K.REPORT_MISSING), {"Trưởng CNTT", "Trưởng VY", "Trưởng TT"}),
    ("due in 14", Audience(K.REPORT_MISSING, due_in_days=(14,)), {"Trưởng VY", "Trưởng TT"}),
    ("due in 7", Audience(K.REPORT_MISSING, due_in_days=(7,)), set()),
    ("due in 1", Audience(K.REPORT_MISSING, due_in_days=(1,)), {"Trưởng CNTT"}),
    ("due in 3 closed", Audience(K.REPORT_MISSING, due_in_days=(3,)), set()),
    ("due in 7 or 1", Audience(K.REPORT_MISSING, due_in_days=(7, 1)), {"Trưởng CNTT"}),
    # The seated members who have not evaluated, whatever their role; not a council member
    # without a seat.
    ("reviews pending", Audience(K.REVIEWS_PENDING), {"Văn Phòng", "Quản Trị", "Bình"}),
]


@pytest.mark.parametrize(
    ("audience", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_each_kind_resolves_to_exactly_its_people(
    app: App, audience: Audience, expected: set[str]
) -> None:
    org = await seed(app)
    if audience.kind is K.UNITS:
        audience = Audience(K.UNITS, units=tuple(org.units.values()))
    assert await names(app, audience) == expected


NARROWED: list[tuple[Audience, set[str]]] = [
    (Audience(K.EVERYONE, units=(0,)), CNTT),
    (Audience(K.ROLES, units=(0,), roles=(Role.STAFF,)), {"An", "Bình"}),
    (Audience(K.NOT_CONFIRMED, units=(0,)), {"Trưởng CNTT", "Bình"}),
    (Audience(K.NO_INITIATIVE, units=(0,)), {"Trưởng CNTT"}),
    (Audience(K.REPORT_MISSING, units=(0,)), {"Trưởng CNTT"}),
    (Audience(K.REPORT_MISSING, units=(0,), due_in_days=(14,)), set()),
    (Audience(K.REVIEWS_PENDING, units=(0,)), {"Bình"}),
]


async def test_units_narrow_every_kind(app: App) -> None:
    org = await seed(app)
    cntt = org.units["CNTT"]
    for audience, expected in NARROWED:
        narrowed = Audience(audience.kind, (cntt,), audience.roles, audience.due_in_days)
        assert await names(app, narrowed) == expected, audience.kind
    both = Audience(K.UNITS, units=(org.units["VHTT-VY"], org.units["TT"]))
    assert await names(app, both) == VY | TT
    assert await names(app, Audience(K.UNITS, units=(org.units["CU"],))) == set()
    assert await names(app, Audience(K.UNITS)) == set()  # none chosen is nobody
    office = Audience(K.REVIEWS_PENDING, units=(org.units["VP"],))
    assert await names(app, office) == {"Văn Phòng", "Quản Trị"}


async def test_recipients_come_by_unit_then_name_with_their_reach(app: App) -> None:
    org = await seed(app)
    found = await who(app, Audience(K.UNITS, units=(org.units["TT"], org.units["CNTT"])))
    assert [r.full_name for r in found] == ["An", "Bình", "Trưởng CNTT", "Em", "Trưởng TT"]
    reach = {r.full_name: (r.reach, r.channel, r.chat_id) for r in found}
    an = org.people["An"]
    assert reach["An"] == (Reach.OK, Channel.TELEGRAM, "505")
    assert an.unit.code == "CNTT"
    assert reach["Trưởng TT"] == (Reach.BLOCKED, Channel.TELEGRAM, "511")
    assert reach["Em"] == (Reach.UNREACHABLE, None, None)
    assert {r.unit_name for r in found} == {"Phòng Công nghệ thông tin", "Trung tâm Tin học"}


async def test_report_missing_fills_the_period_and_deadline_of_the_nearest_one(
    app: App,
) -> None:
    await seed(app)
    found = {r.full_name: r.context for r in await who(app, Audience(K.REPORT_MISSING))}
    assert found["Trưởng CNTT"] == {
        "ho_ten": "Trưởng CNTT",
        "don_vi": "Phòng Công nghệ thông tin",
        "ky_bao_cao": "Kỳ 1 ngày",
        "han_nop": "03/03/2026",
    }
    assert (found["Trưởng VY"]["ky_bao_cao"], found["Trưởng VY"]["han_nop"]) == (
        "Kỳ 14 ngày",
        "16/03/2026",
    )
    everyone = await who(app, Audience(K.EVERYONE))
    assert all("ky_bao_cao" not in r.context for r in everyone)
    assert everyone[0].context == {"ho_ten": everyone[0].full_name, "don_vi": "Văn phòng Sở"}


async def test_reviews_pending_follows_the_office_queue(app: App) -> None:
    org = await seed(app, office_queue=False)
    pending = Audience(K.REVIEWS_PENDING)
    assert await names(app, pending) == {"Bình"}
    now = app.clock.now()
    async with app.sessions.begin() as s:
        s.add(
            Nomination(
                code="DH-1",
                year=2026,
                track="individual",
                unit_id=org.units["CNTT"],
                nominee_kind="member",
                nominee_name="An",
                nominee_key="an",
                award_code="CSTD",
                award_name="Chiến sĩ thi đua cơ sở",
                summary="x",
                state=NominationState.RESUBMITTED.value,
                submitted_at=now,
                updated_at=now,
            )
        )
    assert await names(app, pending) == {"Văn Phòng", "Quản Trị", "Bình"}


async def test_the_account_to_send_to_is_the_best_reachable_one(app: App) -> None:
    tg, zalo, console = Channel.TELEGRAM, Channel.ZALO, Channel.CONSOLE
    cases = {
        "Zalo thay Telegram chặn": ((tg, "t1", True), (zalo, "z1", False)),
        "Telegram trước Zalo": ((zalo, "z2", False), (console, "c2", False), (tg, "t2", False)),
        "Zalo trước console": ((console, "c3", False), (zalo, "z3", False)),
        "Chặn hết": ((zalo, "z4", True), (tg, "t4", True)),
    }
    for name, accounts in cases.items():
        await add_member(app, "CNTT", name, accounts=accounts)
    found = {
        r.full_name: (r.reach, r.channel, r.chat_id) for r in await who(app, Audience(K.EVERYONE))
    }
    assert found == {
        "Zalo thay Telegram chặn": (Reach.OK, zalo, "z1"),
        "Telegram trước Zalo": (Reach.OK, tg, "t2"),
        "Zalo trước console": (Reach.OK, zalo, "z3"),
        "Chặn hết": (Reach.BLOCKED, tg, "t4"),
    }
