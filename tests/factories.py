"""What tests make over and over: an initiative proposal, and a person who joined.

Three ways of joining, one per level a test drives the bot at:

* :func:`make_member`: through the services, as the CLI would (no dialog); a ``MemberView``.
* :func:`join`: a :class:`~tests.fakes.people.Person` walked through the router.
* :func:`join_on_telegram`: a :class:`~tests.e2e.harness.TgUser` over the fake Bot API.

Each one invites the person with a one-use invite (created by no one, as by the CLI) into a
unit and role, then registers them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import FileInfo, MemberView
from bot.services.initiatives.form import AuthorDetails
from bot.services.initiatives.records import CoAuthor, Proposal
from bot.services.people.registration import Applicant
from tests.fakes.people import Person

if TYPE_CHECKING:
    from tests.e2e.harness import RunningBot, TgUser

#: An invite's token in a text: a ``/start`` link (Telegram) or ``thamgia`` (Zalo, console).
INVITE_TOKEN = re.compile(r"(?:/start|thamgia) ([A-Za-z0-9_-]+)")
#: The position every joiner types unless a test says otherwise.
POSITION = "Chuyên viên"


def make_proposal(
    *,
    title: str = "Số hóa hồ sơ thi đua",
    kind: str = "quan_ly",
    field: str = "Chuyển đổi số",
    movement: str = "chuyen-doi-so",
    problem: str = "Hồ sơ giấy chậm, dễ thất lạc.",
    solution: str = "Nộp và xét duyệt hồ sơ qua Thi đua bot.",
    applied_where: str = "Văn phòng Sở",
    applied_since: str = "2026-01-15",
    benefit: str = "Tiết kiệm 200 giờ công mỗi năm.",
    coauthors: tuple[CoAuthor, ...] = (),
    files: tuple[FileInfo, ...] = (),
    **form: Any,
) -> Proposal:
    """A complete, valid initiative proposal (a management solution tied to the digital
    transformation movement, filed by its author, no co-author, no applier, no file); change
    any field by its keyword (the application form's too: ``filer=``, ``appliers=``…)."""
    form.setdefault("author", AuthorDetails("1985-04-25", "Phòng CNTT", "Chuyên viên", "Kỹ sư"))
    form.setdefault("conditions", "Máy tính nối mạng và tài khoản Thi đua bot.")
    return Proposal(
        title=title,
        kind=kind,
        field=field,
        movement=movement,
        problem=problem,
        solution=solution,
        applied_where=applied_where,
        applied_since=applied_since,
        benefit=benefit,
        coauthors=coauthors,
        files=files,
        **form,
    )


async def invite_token(app: App, unit: str, role: Role, uses: int = 1) -> str:
    """Create an invite through the service (as the CLI would) and return its token."""
    created = await app.services.invites.create(None, unit_code=unit, role=role, uses=uses, days=7)
    return created.token


async def make_member(
    app: App,
    user: str,
    role: Role = Role.STAFF,
    unit: str = "CNTT",
    *,
    name: str,
    position: str = POSITION,
    channel: Channel = Channel.CONSOLE,
    chat_id: str | None = None,
) -> MemberView:
    """Invite and register ``user`` straight through the services, without a dialog.

    The account is on ``channel`` (the console unless told), in the chat ``chat_id`` (the user
    id unless told).
    """
    created = await app.services.invites.create(None, unit_code=unit, role=role, uses=1, days=7)
    invite = await app.services.invites.check(created.token)
    applicant = Applicant(channel, user, user if chat_id is None else chat_id, name, position)
    return (await app.services.registration.register(applicant, invite_id=invite.id)).member


async def finish_registration(person: Person, *, name: str, position: str = POSITION) -> None:
    """Walk ``person`` through the registration dialog already started; check it succeeded."""
    await person.send(name)
    await person.send(position)
    await person.tap("Xác nhận")
    assert "Đăng ký thành công" in person.text, person.text


async def make_admin(app: App) -> Person:
    """Register the bootstrap console administrator (``quantri`` in the test settings)."""
    admin = Person(app.router, "quantri")
    await admin.send("/start")
    await finish_registration(admin, name="Trần Văn Quản", position="Chánh Văn phòng")
    return admin


async def join(
    app: App,
    user_id: str,
    unit: str,
    role: Role,
    name: str,
    *,
    channel: Channel = Channel.CONSOLE,
) -> Person:
    """Invite ``user_id`` and register them through the router on ``channel``."""
    person = Person(app.router, user_id, channel=channel)
    await person.send(f"/start {await invite_token(app, unit, role)}")
    await finish_registration(person, name=name)
    return person


async def finish_registration_on_telegram(
    user: TgUser, name: str, position: str = POSITION
) -> str:
    """Walk ``user`` through the registration dialog already started on Telegram; return what
    the bot answered the confirmation (``"Đăng ký thành công…"`` when it worked)."""
    await user.send(name)
    await user.send(position)
    return await user.tap("Xác nhận")


async def join_on_telegram(
    bot: RunningBot, user: TgUser, role: Role, name: str, unit: str = "CNTT"
) -> TgUser:
    """Invite ``user`` and register them on Telegram by the ``/start`` deep link."""
    token = await invite_token(bot.core, unit, role)
    await user.send(f"/start {token}")
    assert "Đăng ký thành công" in await finish_registration_on_telegram(user, name)
    return user
