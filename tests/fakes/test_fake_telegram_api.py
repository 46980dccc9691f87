"""Tests of FakeTelegramApi, driven through real python-telegram-bot objects.

PTB's own request encoding and error mapping are what the project's tests will rely on, so
every behaviour is checked through ``telegram.Bot`` (or ``Application``) talking HTTP to the
fake, plus a few raw HTTP requests for encodings PTB does not produce.
"""

from __future__ import annotations

import asyncio
import io
import warnings
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes
from telegram.warnings import PTBDeprecationWarning

from .fake_telegram_api import FakeTelegramApi, UploadedFile, parse_telegram_html

TOKEN = "123:TEST"
USER = 42
OTHER_USER = 43
GROUP = -1001234567890
PNG_1x2 = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x02" + b"\x00" * 16


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    """One-row inline keyboard of callback buttons."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in labels_and_data]]
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi() as api:
        yield api


@pytest.fixture
async def bot(fake: FakeTelegramApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client


async def test_get_me_answers_the_configured_bot(bot: Bot, fake: FakeTelegramApi) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot) == (7000001, "thidua_test_bot", True)
    assert fake.calls_to("getme")[-1].status == 200


async def test_send_message_with_html_and_keyboard_reads_back(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    markup = keyboard(("Đồng ý", "v1|ok|7"), ("Hủy", "v1|no|7"))

    message = await bot.send_message(
        USER, "<b>Điểm</b> của &lt;Lan&gt;: 9 🎉", parse_mode=ParseMode.HTML, reply_markup=markup
    )

    assert message.text == "Điểm của <Lan>: 9 🎉"
    assert message.entities == (MessageEntity(MessageEntity.BOLD, 0, 4),)
    assert message.reply_markup == markup
    assert message.from_user is not None and message.from_user.id == fake.bot_id
    sent = fake.sent[-1]
    assert sent.text == "<b>Điểm</b> của &lt;Lan&gt;: 9 🎉"
    assert (sent.chat_id, sent.message_id, sent.parse_mode) == (USER, message.message_id, "HTML")
    assert fake.calls[-1].params["chat_id"] == USER
    assert fake.buttons(USER) == [[("Đồng ý", "v1|ok|7"), ("Hủy", "v1|no|7")]]
    assert fake.button_data(USER, "hủy") == "v1|no|7"
    with pytest.raises(AssertionError, match="no button matches"):
        fake.button_data(USER, "Xóa")


async def test_edit_message_text_replaces_text_and_drops_keyboard(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    sent = await bot.send_message(USER, "Trang 1", reply_markup=keyboard(("▶", "v1|pg|2")))

    edited = await bot.edit_message_text("Trang 2", chat_id=USER, message_id=sent.message_id)

    assert not isinstance(edited, bool)
    assert edited.edit_date is not None
    assert fake.last_text(USER) == "Trang 2"
    assert fake.buttons(USER) == []
    assert [(m.method, m.edited) for m in fake.messages_to(USER)] == [
        ("sendMessage", False),
        ("editMessageText", True),
    ]
    assert fake.sent_count_to(USER) == 2

    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard(("◀", "p1")))
    assert fake.buttons(USER) == [[("◀", "p1")]]
    assert fake.sent[-1].method == "editMessageReplyMarkup"
    assert fake.sent[-1].text == "Trang 2"


async def test_edit_errors_match_telegram(bot: Bot, fake: FakeTelegramApi) -> None:
    markup = keyboard(("▶", "v1|pg|2"))
    sent = await bot.send_message(USER, "<b>Trang</b> 1", parse_mode="HTML", reply_markup=markup)

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>Trang</b> 1",
            chat_id=USER,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=markup,
        )
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("😀" * 2048, True),
        ("😀" * 2048 + "a", False),
        ("<b>" + "a" * 4096 + "</b>", True),
        ("&amp;" * 4097, False),
    ],
    ids=["emoji-4096-units", "emoji-4097-units", "tags-not-counted", "entities-counted-once"],
)
async def test_text_limit_counts_utf16_units_after_parsing(
    bot: Bot, fake: FakeTelegramApi, text: str, ok: bool
) -> None:
    if ok:
        await bot.send_message(USER, text, parse_mode="HTML")
        assert fake.sent_count == 1
    else:
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(USER, text, parse_mode="HTML")


async def test_empty_text_and_long_caption_are_rejected(bot: Bot, fake: FakeTelegramApi) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(USER, b"x", filename="a.txt", caption="c" * 1025)
    assert fake.sent == []


async def test_callback_data_is_limited_to_64_utf8_bytes(bot: Bot, fake: FakeTelegramApi) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard(("A", "đ" * 32)))

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "x", reply_markup=keyboard(("A", "đ" * 32 + "x")))
    assert fake.sent_count == 1


@pytest.mark.parametrize(
    "broken",
    [
        "<b>chưa đóng",
        "<b>sai</i>",
        "thừa</b>",
        "xuống<br>dòng",
        "<script>x</script>",
        "<span>x</span>",
        "a < b",
        "a > b",
        "AT&T",
        "&nbsp;",
        '<a href="https://x.org>link</a>',
    ],
)
async def test_broken_html_is_rejected(bot: Bot, broken: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(USER, broken, parse_mode=ParseMode.HTML)


async def test_escaped_html_passes(bot: Bot) -> None:
    text = (
        '&lt;b&gt; AT&amp;T &#128512; &#x1F600; &quot;q&quot; <a href="https://x.org/?a=1&amp;b=2">'
        'link</a> <span class="tg-spoiler">s</span> <blockquote expandable>q</blockquote>'
    )

    message = await bot.send_message(USER, text, parse_mode=ParseMode.HTML)

    assert message.text == '<b> AT&T 😀 😀 "q" link s q'
    assert [entity.type for entity in message.entities] == [
        MessageEntity.TEXT_LINK,
        MessageEntity.SPOILER,
        MessageEntity.EXPANDABLE_BLOCKQUOTE,
    ]
    assert message.entities[0].url == "https://x.org/?a=1&b=2"


def test_html_parser_reports_utf16_offsets_and_pre_language() -> None:
    plain, entities = parse_telegram_html(
        '<b>😀 <i>x</i></b>\n<pre><code class="language-python">p = 1</code></pre>'
    )

    assert plain == "😀 x\np = 1"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 3, "length": 1},
        {"type": "pre", "language": "python", "offset": 5, "length": 5},
    ]


async def test_block_and_never_started_answer_forbidden(bot: Bot, fake: FakeTelegramApi) -> None:
    sent = await bot.send_message(USER, "trước")
    fake.block(USER)
    fake.never_started(OTHER_USER)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "x")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.edit_message_text("x", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(OTHER_USER, "x")

    fake.unblock(USER)
    await bot.send_message(USER, "sau")
    assert [call.status for call in fake.calls_to("sendMessage")] == [200, 403, 403, 200]


async def test_fail_next_429_raises_retry_after(bot: Bot, fake: FakeTelegramApi) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)

    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "x")
    await bot.send_message(USER, "x")

    with warnings.catch_warnings():
        # PTB 22 warns that retry_after becomes a timedelta; the value is what matters here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        assert caught.value.retry_after == 3
    assert [call.status for call in fake.calls_to("sendMessage")] == [429, 200]


async def test_fail_next_502_only_hits_that_chat_that_often(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    fake.fail_next("SENDMESSAGE", status=502, chat_id=OTHER_USER, times=2)

    await bot.send_message(USER, "không bị ảnh hưởng")
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(OTHER_USER, "x")
    await bot.send_message(OTHER_USER, "x")

    assert fake.sent_count_to(OTHER_USER) == 1
    with pytest.raises(ValueError, match="does not implement"):
        fake.fail_next("sendPoll", status=500)


async def test_commands_are_stored_per_scope_and_resolved(bot: Bot, fake: FakeTelegramApi) -> None:
    await bot.set_my_commands([("start", "Bắt đầu"), ("help", "Trợ giúp")])
    await bot.set_my_commands([("admin", "Quản trị")], scope=BotCommandScopeChat(USER))
    await bot.set_my_commands(
        [("diem", "Xem điểm")], scope=BotCommandScopeAllPrivateChats(), language_code="vi"
    )

    assert fake.visible_commands(USER) == [("admin", "Quản trị")]
    assert fake.visible_commands(OTHER_USER) == [("start", "Bắt đầu"), ("help", "Trợ giúp")]
    assert fake.visible_commands(OTHER_USER, language_code="vi") == [("diem", "Xem điểm")]
    assert fake.commands_for(("all_private_chats",), "vi") == [("diem", "Xem điểm")]
    assert await bot.get_my_commands(scope=BotCommandScopeChat(USER)) == (
        BotCommand("admin", "Quản trị"),
    )

    await bot.delete_my_commands(scope=BotCommandScopeChat(USER))
    assert fake.visible_commands(USER) == [("start", "Bắt đầu"), ("help", "Trợ giúp")]


@pytest.mark.parametrize(
    ("commands", "error"),
    [
        ([("Start", "Viết hoa")], "BOT_COMMAND_INVALID"),
        ([("bat-dau", "Gạch ngang")], "BOT_COMMAND_INVALID"),
        ([("start", "")], "BOT_COMMAND_DESCRIPTION_INVALID"),
        ([("start", "x" * 257)], "BOT_COMMAND_DESCRIPTION_INVALID"),
        ([(f"c{i}", "x") for i in range(101)], "BOT_COMMANDS_TOO_MUCH"),
    ],
)
async def test_invalid_commands_are_rejected(
    bot: Bot, commands: list[tuple[str, str]], error: str
) -> None:
    with pytest.raises(BadRequest, match=rf"(?i){error}"):
        await bot.set_my_commands(commands)


async def test_get_updates_confirms_by_offset(bot: Bot, fake: FakeTelegramApi) -> None:
    for text in ("một", "hai", "ba"):
        fake.push_message(USER, text)

    first = await bot.get_updates(limit=2)
    assert [update.update_id for update in first] == [1, 2]
    assert fake.pending_updates == 3

    rest = await bot.get_updates(offset=3)
    assert [(u.update_id, u.message and u.message.text) for u in rest] == [(3, "ba")]
    assert (fake.pending_updates, fake.confirmed_offset) == (1, 3)

    assert await bot.get_updates(offset=4) == ()
    assert fake.pending_updates == 0


async def test_long_poll_is_woken_by_push_and_superseded_by_newer_poll(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    # PTB serialises getUpdates on one connection, so a second poller needs a second Bot,
    # just like a second bot instance would.
    older = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for(lambda: fake.active_polls == 1)
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as second:
        newer = asyncio.create_task(second.get_updates(timeout=30))

        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await older
        await fake.wait_for(lambda: fake.active_polls == 1)
        fake.push_message(USER, "dậy đi")

        async with asyncio.timeout(5):
            updates = await newer
    assert [u.message and u.message.text for u in updates] == ["dậy đi"]


async def test_long_poll_without_updates_returns_empty_after_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == ()


async def test_pushed_command_gets_bot_command_entity(bot: Bot, fake: FakeTelegramApi) -> None:
    start = Update.de_json(fake.push_message(USER, "/start abc", queue=False), bot)
    top = Update.de_json(
        fake.push_message(USER, "/top@thidua_test_bot 5", chat_id=GROUP, chat_type="supergroup"),
        bot,
    )
    plain = fake.push_message(USER, "xin chào /start")

    assert start.message is not None and top.message is not None
    assert start.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 6),)
    assert top.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 20),)
    assert top.message.chat.type == "supergroup"
    assert "entities" not in plain["message"]
    assert fake.pending_updates == 2
    with pytest.raises(ValueError, match="explicit"):
        fake.push_message(USER, "x", chat_type="group")


async def test_callback_query_carries_current_message_and_is_answered_once(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    markup = keyboard(("Đồng ý", "v1|ok|7"))
    sent = await bot.send_message(USER, "Xác nhận?", reply_markup=markup)

    update = Update.de_json(fake.push_callback(USER, fake.button_data(USER, "Đồng ý")), bot)
    forged = Update.de_json(fake.push_callback(USER, "v1|admin|1"), bot)

    query = update.callback_query
    assert query is not None and forged.callback_query is not None
    assert query.data == "v1|ok|7" and forged.callback_query.data == "v1|admin|1"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert getattr(query.message, "reply_markup", None) == markup
    with pytest.raises(BadRequest):
        await query.answer("x" * 201)
    assert await query.answer("Đã ghi nhận")
    assert fake.callback_answers[query.id]["text"] == "Đã ghi nhận"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer()


async def test_push_document_is_downloadable(bot: Bot, fake: FakeTelegramApi) -> None:
    content = b"%PDF-1.7 bao cao"
    update = Update.de_json(
        fake.push_document(USER, "Báo cáo.pdf", content, caption="Tháng 5"), bot
    )
    photo = Update.de_json(fake.push_photo(USER, PNG_1x2), bot)

    assert update.message is not None and update.message.document is not None
    assert update.message.caption == "Tháng 5"
    assert update.message.document.file_name == "Báo cáo.pdf"
    file = await bot.get_file(update.message.document.file_id)
    buffer = io.BytesIO()
    await file.download_to_memory(buffer)
    assert buffer.getvalue() == content
    assert file.file_size == len(content)
    assert photo.message is not None
    assert (photo.message.photo[-1].width, photo.message.photo[-1].height) == (1, 2)
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("khong-ton-tai")


async def test_send_document_upload_is_recorded_with_bytes(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    content = b"PK\x03\x04 excel"

    message = await bot.send_document(
        USER,
        content,
        filename="Bảng điểm tháng 5.xlsx",
        caption="<b>Bảng điểm</b>",
        parse_mode="HTML",
    )
    again = await bot.send_document(
        OTHER_USER, message.document.file_id if message.document else ""
    )
    await bot.send_photo(USER, PNG_1x2)

    upload = fake.calls_to("sendDocument")[0].params["document"]
    assert isinstance(upload, UploadedFile)
    assert (upload.file_name, upload.content) == ("Bảng điểm tháng 5.xlsx", content)
    recorded = fake.messages_to(USER)[0]
    assert (recorded.method, recorded.file_name, recorded.file_content) == (
        "sendDocument",
        "Bảng điểm tháng 5.xlsx",
        content,
    )
    assert (recorded.text, recorded.plain_text) == ("<b>Bảng điểm</b>", "Bảng điểm")
    assert again.document is not None and again.document.file_name == "Bảng điểm tháng 5.xlsx"
    assert fake.messages_to(USER)[1].file_content == PNG_1x2


async def test_unknown_method_is_recorded(bot: Bot, fake: FakeTelegramApi) -> None:
    # Telegram answers 404 for unknown methods, which PTB reports as InvalidToken.
    with pytest.raises(InvalidToken, match="method not found"):
        await bot.send_poll(USER, "Chọn?", ["A", "B"])

    assert [(c.method, c.status) for c in fake.unknown_calls] == [("sendPoll", 404)]
    with pytest.raises(AssertionError, match="sendPoll"):
        fake.assert_no_unknown_calls()


async def test_application_polling_round_trip(fake: FakeTelegramApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_user is not None
        await update.effective_message.reply_text(f"Chào {update.effective_user.first_name}")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=10)
        await app.start()
        fake.push_message(USER, "/start", first_name="Lan")
        await fake.wait_sent(USER, 1)
        await app.updater.stop()
        await app.stop()

    assert fake.last_text(USER) == "Chào Lan"
    assert fake.pending_updates == 0
    # The long poll PTB abandons on shutdown is answered 409 but not recorded.
    assert {call.status for call in fake.calls} == {200}
    fake.assert_no_unknown_calls()


async def test_wait_helpers_fail_with_a_description(fake: FakeTelegramApi) -> None:
    with pytest.raises(AssertionError, match=r"timed out after 0\.05s waiting for nothing"):
        await fake.wait_for(lambda: False, timeout=0.05, description="nothing")
    with pytest.raises(AssertionError, match=r"in chat 42.*\(got 0\)"):
        await fake.wait_sent(USER, 1, timeout=0.05)
    with pytest.raises(AssertionError, match="bot sent no message"):
        fake.last_text(USER)


async def test_record_false_keeps_only_counters() -> None:
    async with (
        FakeTelegramApi(record=False) as fake,
        Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot,
    ):
        for index in range(3):
            await bot.send_message(USER, f"tin {index}")

        assert (fake.calls, fake.sent, fake.sent_count, fake.sent_count_to(USER)) == ([], [], 3, 3)
        assert fake.last_text(USER) == "tin 2"
        with pytest.raises(RuntimeError, match="record=True"):
            fake.messages_to(USER)


async def test_raw_http_json_query_and_webhook_rules(fake: FakeTelegramApi) -> None:
    url = f"{fake.base_url}{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{url}/SENDMESSAGE", json={"chat_id": USER, "text": "json", "reply_markup": markup}
        ) as response:
            assert response.status == 200
            assert (await response.json())["result"]["reply_markup"] == markup
        async with http.get(f"{url}/sendMessage?chat_id=@kenh&text=x") as response:
            assert response.status == 400
            assert await response.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            }
        async with http.post(f"{url}/setWebhook", data={"url": "http://x.org"}) as response:
            assert response.status == 400
        async with http.post(f"{url}/setWebhook", data={"url": "https://x.org/h"}) as response:
            assert response.status == 200
        async with http.post(f"{url}/getUpdates") as response:
            assert response.status == 409
    assert fake.calls[0].params["reply_markup"] == markup
    assert fake.buttons(USER) == [[("A", "a")]]
