"""Files between the web app and Telegram, with the whole bot running against the fake Bot
API: a file sent on Telegram opens on the web app served by the same process (``getFile``,
then the file URL), and a file uploaded on the web reaches Telegram as a document with its
bytes and its Vietnamese name."""

from __future__ import annotations

from bot.callbacks import InitiativeFile
from bot.ports import Channel
from bot.roles import Role
from bot.services.common import FileInfo, MemberView
from tests.e2e.harness import RunningBot, TgUser, member_of
from tests.factories import join_on_telegram, make_member, make_proposal
from tests.fakes.telegram import FakeTelegramApi
from tests.web.support import sign_in, web_client

PDF = b"%PDF-1.7\n% quyet dinh\n%%EOF\n"
NAME = "Quyết định công nhận.pdf"


async def _author(bot: RunningBot) -> MemberView:
    return await make_member(bot.core, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")


async def test_a_telegram_file_opens_on_the_web_app_of_the_same_process(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    app = bot.core
    assert Channel.TELEGRAM in app.messengers  # registered as the channel started
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    sent = fake.push_document(4100, NAME, PDF, mime_type="application/pdf", queue=False)
    document = sent["message"]["document"]
    file = FileInfo("telegram", document["file_id"], NAME, "application/pdf", len(PDF))
    item = await app.services.initiatives.submit(await _author(bot), make_proposal(files=(file,)))
    async with web_client(app) as client:
        await sign_in(client, app, office)
        got = await client.get(f"/web/sang-kien/{item.id}/tep/{item.files[0].id}")
        assert got.status == 200 and await got.read() == PDF
        assert got.headers["Content-Type"] == "application/pdf"
    assert fake.calls_to("getFile")


async def test_a_web_upload_reaches_telegram_as_a_document(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    user = await join_on_telegram(bot, TgUser(fake, 4101, "Phòng"), Role.OFFICE, "Lê Phòng", "VP")
    author = await _author(bot)
    upload = await bot.core.services.files.store(author, NAME, "application/pdf", PDF)
    item = await bot.core.services.initiatives.submit(author, make_proposal(files=(upload,)))
    assert (await member_of(bot, user)).role is Role.OFFICE
    await user.press(InitiativeFile(item.id, item.files[0].id).pack(), replies=2)
    text, sent = fake.messages_to(user.user_id)[-2:]
    assert NAME in (text.plain_text or "")
    assert sent.method == "sendDocument"
    assert (sent.file_name, sent.file_content) == (NAME, PDF)
