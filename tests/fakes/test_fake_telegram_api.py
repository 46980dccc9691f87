"""FakeTelegramApi answering the bot's calls: sends, edits, refusals, commands, files.

Every behaviour is checked through ``telegram.Bot`` talking HTTP to the fake, plus a few raw
HTTP requests for encodings PTB does not produce.
"""

from __future__ import annotations

import io
import warnings

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from tests.fakes.conftest import OTHER_USER, TOKEN, USER, PNG_1x2, keyboard
from tests.fakes.telegram import FakeTelegramApi, UploadedFile


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
