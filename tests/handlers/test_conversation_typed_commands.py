"""Commands typed without "/", with diacritics or as Vietnamese words, and what a channel
cannot hand over (stickers, voice, documents on Zalo)."""

from __future__ import annotations

from bot.app import App
from bot.formatting import strip_html
from bot.ports import Channel, Incoming
from bot.roles import Role
from tests.factories import finish_registration, invite_token, make_admin
from tests.fakes.people import Person


async def zalo_member(app: App, user_id: str = "z1") -> Person:
    await make_admin(app)
    person = Person(app.router, user_id, channel=Channel.ZALO)
    await person.send(f"thamgia {await invite_token(app, 'CNTT', Role.STAFF)}")
    await finish_registration(person, name="Nguyễn Thị Zalo")
    return person


async def test_thamgia_with_an_invite_joins_like_start(app: App) -> None:
    person = await zalo_member(app)
    await person.send("trogiup")
    assert "kehoach" in person.text


async def test_a_command_word_with_or_without_slash_or_diacritics(app: App) -> None:
    person = await zalo_member(app)
    for typed in ("kehoach", "/kehoach", "Kế hoạch", "KE HOACH", "/kế_hoạch"):
        await person.send(typed)
        assert "Mục lục" in person.text, typed


async def test_a_bare_command_with_stray_words_is_not_a_command(app: App) -> None:
    person = await zalo_member(app)
    await person.send("kế hoạch năm nay thế nào")
    assert "Mục lục" not in person.text


async def test_inside_a_dialog_a_command_word_is_an_answer_and_huy_cancels(app: App) -> None:
    await make_admin(app)
    person = Person(app.router, "z2", channel=Channel.ZALO)
    await person.send(f"thamgia {await invite_token(app, 'CNTT', Role.STAFF)}")
    await person.send("kehoach")  # the name step: an answer (too short a name), not the command
    assert "Bước 1/3" in person.text and "Mục lục" not in person.text
    await person.send("hủy")
    await person.send("kehoach")
    assert "Mục lục" not in person.text  # not a member: cancelled before registering


async def test_a_stranger_typing_an_unknown_word_is_told_how_to_join(app: App) -> None:
    person = Person(app.router, "z3", channel=Channel.ZALO)
    await person.send("xin chào")
    assert "thamgia" in person.text


async def unsupported(app: App, user_id: str, kind: str) -> str:
    reply = await app.router.dispatch(
        Incoming(channel=Channel.ZALO, chat_id=user_id, user_id=user_id, unsupported=kind)
    )
    assert reply is not None
    return reply.text


async def test_stickers_voice_and_documents_get_a_clear_answer(app: App) -> None:
    await zalo_member(app)
    assert "nhãn dán" in await unsupported(app, "z1", "sticker")
    assert "thoại" in await unsupported(app, "z1", "voice")
    assert "chụp ảnh" in await unsupported(app, "z1", "other")


async def test_an_unsupported_message_in_a_dialog_asks_the_step_again(app: App) -> None:
    person = await zalo_member(app)
    await person.send("sangkien")
    step = person.text
    text = strip_html(await unsupported(app, "z1", "other"))
    assert "chụp ảnh" in text
    assert step.splitlines()[0] in text
