"""Joining: invites, registration, and everything a careless user or attacker may try."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.ports import Channel, Outgoing, Reply
from bot.roles import Role
from models import AuditEntry, ChannelAccount, Delivery, Member
from tests.factories import INVITE_TOKEN, finish_registration, invite_token, join, make_admin
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person


async def count(app: App, model: type) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_stranger_gets_how_to_join_and_nothing_else(app: App) -> None:
    stranger = Person(app.router, "khach")
    for text in ("/start", "xin chào", "/kehoach", "/duyet", "/moi"):
        await stranger.send(text)
        assert "lời mời" in stranger.text
        assert not stranger.last.buttons
    assert await count(app, Member) == 0


async def test_bootstrap_admin_registers_without_invite(app: App) -> None:
    admin = await make_admin(app)
    assert "Quản trị viên" in admin.text
    assert admin.last.commands is not None
    assert {c.name for c in admin.last.commands} >= {"moi", "nhacviec", "xuat", "duyet"}


async def test_office_creates_invite_by_dialog_and_newcomer_joins(app: App) -> None:
    admin = await make_admin(app)
    await admin.send("/moi")
    await admin.tap("Phòng Công nghệ thông tin")
    await admin.tap("Cán bộ")
    await admin.send("1")
    match = INVITE_TOKEN.search(admin.text)
    assert match, admin.text
    lan = Person(app.router, "lan")
    await lan.send(f"/start {match.group(1)}")
    assert "Phòng Công nghệ thông tin" in lan.text
    await finish_registration(lan, name="Nguyễn Thị Lan")
    member = await app.services.members.find(lan.channel, "lan")
    assert member is not None
    assert (member.role, member.unit.code) == (Role.STAFF, "CNTT")
    assert {c.name for c in lan.last.commands or ()} == {
        "viecchoxuly",
        "kehoach",
        "sangkien",
        "cuatoi",
        "bangxephang",
        "dangkythidua",
        "lichthidua",
        "congkhai",
        "bophieu",
        "lienket",
        "huy",
        "quaylai",
        "trogiup",
    }


async def test_unit_head_is_told_when_a_member_joins(app: App) -> None:
    await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Lê Văn Trưởng")
    await join(app, "binh", "CNTT", Role.STAFF, "Phạm Văn Bình")
    async with app.sessions() as session:
        rows = (await session.scalars(select(Delivery))).all()
    assert [r.chat_id for r in rows] == ["truong"]
    assert "Phạm Văn Bình" in rows[0].payload["text"]


async def test_each_bad_token_has_its_own_message(app: App, clock: FakeClock) -> None:
    person = Person(app.router, "x")
    await person.send("/start abc$%^")
    assert "không đúng dạng" in person.text
    await person.send("/start " + "a" * 65)
    assert "không đúng dạng" in person.text
    await person.send("/start khongtontai123")
    assert "Không tìm thấy" in person.text
    token = await invite_token(app, "CNTT", Role.STAFF)
    clock.advance(days=8)
    await person.send(f"/start {token}")
    assert "hết hạn" in person.text


async def test_used_up_invite_is_refused(app: App) -> None:
    token = await invite_token(app, "CNTT", Role.STAFF, uses=1)
    first = Person(app.router, "mot")
    await first.send(f"/start {token}")
    await finish_registration(first, name="Hoàng Văn Một")
    second = Person(app.router, "hai")
    await second.send(f"/start {token}")
    assert "dùng hết" in second.text


async def test_invite_used_up_while_second_person_is_mid_dialog(app: App) -> None:
    token = await invite_token(app, "CNTT", Role.STAFF, uses=1)
    first, second = Person(app.router, "mot"), Person(app.router, "hai")
    await first.send(f"/start {token}")
    await second.send(f"/start {token}")
    await finish_registration(first, name="Hoàng Văn Một")
    await second.send("Đỗ Thị Hai")
    await second.send("Chuyên viên")
    await second.tap("Xác nhận")
    assert "dùng hết" in second.text
    assert await app.services.members.find(second.channel, "hai") is None


async def test_member_using_an_invite_again_is_told_they_are_in(app: App) -> None:
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send(f"/start {await invite_token(app, 'VP', Role.OFFICE)}")
    assert "đã là thành viên" in lan.text
    member = await app.services.members.find(lan.channel, "lan")
    assert member is not None and member.role is Role.STAFF


async def test_registration_validates_and_goes_back_and_cancels(app: App) -> None:
    token = await invite_token(app, "CNTT", Role.STAFF)
    person = Person(app.router, "p")
    await person.send(f"/start {token}")
    await person.send("A")
    assert "quá ngắn" in person.text
    await person.send("12345 67")
    assert "chữ cái" in person.text
    await person.send("Vũ Thị Hoa")
    assert "Chức vụ" in person.text
    await person.send("/quaylai")
    assert "Họ và tên" in person.text and "Vũ Thị Hoa" in person.text
    await person.send("/quaylai")
    assert "bước đầu tiên" in person.text
    await person.send("/huy")
    assert "Đã hủy" in person.text
    await person.send("Vũ Thị Hoa")
    assert "lời mời" in person.text
    assert await count(app, Member) == 0


async def test_too_long_position_is_refused_and_the_step_repeats(app: App) -> None:
    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await person.send("Vũ Thị Hoa")
    await person.send("x" * 5000)
    assert "quá dài" in person.text and "5000" in person.text
    assert "Chức vụ" in person.text


async def test_html_in_values_is_shown_as_typed(app: App) -> None:
    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await person.send("Vũ Thị Hoa")
    await person.send("<b>Trưởng</b> & <script>")
    assert "&lt;b&gt;Trưởng&lt;/b&gt; &amp; &lt;script&gt;" in person.last.text
    await person.tap("Xác nhận")
    member = await app.services.members.find(person.channel, "p")
    assert member is not None and member.position == "<b>Trưởng</b> & <script>"


async def test_confirm_edit_starts_over_keeping_answers(app: App) -> None:
    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await person.send("Vũ Thị Hoa")
    await person.send("Chuyên viên")
    await person.tap("Sửa lại")
    assert "Họ và tên" in person.text and "Vũ Thị Hoa" in person.text
    await person.send("Vũ Thị Hoà")
    await person.send("Phó phòng")
    await person.tap("Xác nhận")
    member = await app.services.members.find(person.channel, "p")
    assert member is not None and member.full_name == "Vũ Thị Hoà"


async def test_decomposed_vietnamese_is_normalised(app: App) -> None:
    import unicodedata

    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await finish_registration(person, name=unicodedata.normalize("NFD", "Nguyễn Thị Hường"))
    member = await app.services.members.find(person.channel, "p")
    assert member is not None and member.full_name == "Nguyễn Thị Hường"


async def test_registration_is_audited(app: App) -> None:
    await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    async with app.sessions() as session:
        actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["invite.create", "member.register"]
    assert await count(app, ChannelAccount) == 1


async def test_blocked_member_who_writes_again_gets_notices_again(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Lê Văn Trưởng")
    await app.services.outbox.send_later([Outgoing(Channel.CONSOLE, "truong", Reply("thử"))])
    (claimed,) = await app.services.outbox.claim(10)
    await app.services.outbox.mark_blocked(claimed.id, Channel.CONSOLE, "truong", "blocked")
    await join(app, "mot", "CNTT", Role.STAFF, "Hoàng Văn Một")
    assert await count(app, Delivery) == 1  # nothing queued to the blocked head
    await head.send("/trogiup")
    await join(app, "hai", "CNTT", Role.STAFF, "Đỗ Thị Hai")
    async with app.sessions() as session:
        texts = [d.payload["text"] for d in await session.scalars(select(Delivery))]
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert "Đỗ Thị Hai" in texts[-1]
    assert "account.blocked" in actions and "account.unblocked" in actions


async def test_a_name_without_diacritics_is_questioned_once_and_may_be_kept(app: App) -> None:
    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await person.send("tran van quan")
    assert (
        "Họ tên có dấu giúp tìm kiếm chính xác hơn — dùng «tran van quan» như vậy?" in person.text
    )
    await person.tap("Dùng như vậy")
    assert "Bước 2/3" in person.text
    await person.send("Chuyên viên")
    await person.tap("Xác nhận")
    member = await app.services.members.find(person.channel, "p")
    assert member is not None and member.full_name == "tran van quan"


async def test_a_name_without_diacritics_may_be_typed_again(app: App) -> None:
    person = Person(app.router, "p")
    await person.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await person.send("Tran Van Quan")
    await person.send("go lai co dau")  # the button's label, typed loosely
    assert "Bước 1/3" in person.text
    await person.send("Tran Van Quann")  # asked once: not asked again
    assert "Bước 2/3" in person.text
    await person.send("/quaylai")
    assert "Bước 1/3" in person.text
    await finish_registration(person, name="Trần Văn Quản")
