"""``/lienket`` through the router: one member on Telegram and Zalo."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.app import App
from bot.callbacks import LinkAct
from bot.config import DEFAULT_PLAN, plan_path
from bot.ports import Channel
from bot.roles import Role
from models import Delivery, Member
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

CODE = re.compile(r"lienket (\d{6})")
TG, ZL = Channel.TELEGRAM, Channel.ZALO
PLAN = (
    plan_path(DEFAULT_PLAN)
    .read_text(encoding="utf-8")
    .replace("## [nong-thon-moi]", "- Bổ sung: liên kết Zalo.\n\n## [nong-thon-moi]", 1)
)


async def code_of(person: Person) -> str:
    await person.send("/lienket")
    match = CODE.search(person.text)
    assert match, person.text
    return match.group(1)


async def notices(app: App) -> list[tuple[str, str, str]]:
    async with app.sessions() as session:
        rows = await session.scalars(select(Delivery).order_by(Delivery.id))
        return [(d.channel, d.chat_id, d.payload["text"]) for d in rows]


async def member_id(app: App, telegram_user: str) -> int:
    member = await app.services.members.find(TG, telegram_user)
    assert member is not None
    return member.id


async def linked_pair(app: App, role: Role = Role.STAFF) -> tuple[Person, Person]:
    tg = await join(app, "t1", "CNTT", role, "Nguyễn Văn An", channel=TG)
    zl = Person(app.router, "z1", channel=ZL)
    await zl.send(f"lienket {await code_of(tg)}")
    return tg, zl


async def test_telegram_member_links_zalo(app: App) -> None:
    tg = await join(app, "t1", "CNTT", Role.STAFF, "Nguyễn Văn An", channel=TG)
    code = await code_of(tg)
    assert "Đã liên kết: Telegram" in tg.text and "09:10 02/03/2026" in tg.text
    assert not tg.last.buttons  # one channel: nothing to choose
    zl = Person(app.router, "z1", channel=ZL)
    await zl.send(f"lienket {code}")
    assert "Đã liên kết tài khoản Zalo" in zl.text and "Nguyễn Văn An" in zl.text
    assert zl.last.commands is not None and "kehoach" in {c.name for c in zl.last.commands}
    await zl.send("/cuatoi")
    assert "lời mời" not in zl.text  # a member now, not a stranger
    assert [(ch, chat) for ch, chat, _ in await notices(app)] == [("telegram", "t1")]
    assert "Tài khoản Zalo đã được liên kết" in (await notices(app))[0][2]


async def test_zalo_member_links_telegram(app: App) -> None:
    zl = await join(app, "z1", "CNTT", Role.STAFF, "Lê Thị Bình", channel=ZL)
    tg = Person(app.router, "t1", channel=TG)
    await tg.send(f"/lienket {await code_of(zl)}")
    assert "Đã liên kết tài khoản Telegram" in tg.text
    assert [(ch, chat) for ch, chat, _ in await notices(app)] == [("zalo", "z1")]
    await tg.send("/lienket")
    assert "Đã liên kết: Zalo, Telegram" in tg.text and "qua: Zalo" in tg.text


async def test_a_stranger_asking_for_a_code_is_told_how_linking_works(app: App) -> None:
    stranger = Person(app.router, "z9", channel=ZL)
    await stranger.send("lienket")
    assert "lienket 123456" in stranger.text and "lời mời" in stranger.text


async def test_each_refusal_is_explained(app: App, clock: FakeClock) -> None:
    tg = await join(app, "t1", "CNTT", Role.STAFF, "Nguyễn Văn An", channel=TG)
    other = await join(app, "z-other", "CNTT", Role.STAFF, "Trần Văn Khác", channel=ZL)
    code = await code_of(tg)
    await tg.send(f"/lienket {code}")
    assert "ứng dụng khác với ứng dụng đã lấy mã" in tg.text
    await other.send(f"lienket {code}")
    assert "cán bộ khác" in other.text and "Văn phòng" in other.text
    zl = Person(app.router, "z1", channel=ZL)
    await zl.send("lienket 12ab56")
    assert "đúng 6 chữ số" in zl.text
    await zl.send(f"lienket {(int(code) + 1) % 1_000_000:06d}")
    assert "không đúng" in zl.text
    clock.advance(minutes=10)
    await zl.send(f"lienket {code}")
    assert "hết hạn" in zl.text
    await zl.send(f"lienket {await code_of(tg)}")
    assert "Đã liên kết tài khoản Zalo" in zl.text
    await zl.send(f"lienket {code}")
    assert "đã liên kết rồi" in zl.text


async def test_a_code_works_once(app: App) -> None:
    tg = await join(app, "t1", "CNTT", Role.STAFF, "Nguyễn Văn An", channel=TG)
    code = await code_of(tg)
    await Person(app.router, "z1", channel=ZL).send(f"lienket {code}")
    late = Person(app.router, "z2", channel=ZL)
    await late.send(f"lienket {code}")
    assert "đã được dùng" in late.text


async def test_wrong_codes_lock_the_account_for_a_while(app: App, clock: FakeClock) -> None:
    tg = await join(app, "t1", "CNTT", Role.STAFF, "Nguyễn Văn An", channel=TG)
    code = await code_of(tg)
    guesser = Person(app.router, "z1", channel=ZL)
    for guess in range(5):
        await guesser.send(f"lienket {(int(code) + 1 + guess) % 1_000_000:06d}")
        assert "không đúng" in guesser.text
    await guesser.send(f"lienket {code}")
    assert "quá nhiều lần" in guesser.text
    clock.advance(minutes=10, seconds=1)
    await guesser.send(f"lienket {await code_of(tg)}")
    assert "Đã liên kết" in guesser.text


async def test_the_preferred_channel_is_chosen_with_a_button(app: App) -> None:
    tg, zl = await linked_pair(app)
    await zl.send("/lienket")
    assert "qua: Telegram" in zl.text
    await zl.tap("qua Zalo")
    assert "Từ nay đồng chí nhận thông báo qua Zalo" in zl.text and zl.last.edit
    async with app.sessions() as session:
        assert await session.scalar(select(Member.preferred_channel)) == "zalo"
    await tg.send("/lienket")
    assert "qua: Zalo" in tg.text


async def test_a_forged_button_changes_nothing(app: App) -> None:
    await linked_pair(app)
    victim_id = await member_id(app, "t1")
    mallory = await join(app, "t2", "CNTT", Role.STAFF, "Phạm Văn Mạo", channel=TG)
    await mallory.press(LinkAct(victim_id, Channel.ZALO).pack())
    assert "không được dùng" in mallory.text
    mallory_id = await member_id(app, "t2")
    await mallory.press(LinkAct(mallory_id, Channel.ZALO).pack())
    assert "chưa có tài khoản" in mallory.text
    await mallory.press("lk:1:x:y")
    assert "hết hạn" in mallory.text
    stranger = Person(app.router, "z9", channel=ZL)
    await stranger.press(LinkAct(victim_id, Channel.ZALO).pack())
    assert "lời mời" in stranger.text
    async with app.sessions() as session:
        rows = dict((await session.execute(select(Member.id, Member.preferred_channel))).all())
    assert rows == {victim_id: "telegram", mallory_id: "telegram"}


async def test_a_linked_member_gets_one_copy_on_the_preferred_channel(app: App) -> None:
    head, zl = await linked_pair(app, Role.UNIT_HEAD)
    await zl.send("/lienket")
    await zl.tap("qua Zalo")
    before = len(await notices(app))
    # The unit head is told once.
    await join(app, "t5", "CNTT", Role.STAFF, "Đỗ Văn Mới", channel=TG)
    await app.services.plans.publish(None, PLAN, "ke-hoach.md")  # everyone is told once
    sent = (await notices(app))[before:]
    to_head = [(ch, chat) for ch, chat, _ in sent if chat in ("t1", "z1")]
    assert to_head == [("zalo", "z1"), ("zalo", "z1")]
    assert head.user_id == "t1"
