"""FakeTelegramApi rejects what Telegram rejects: broken HTML, over-long text, bad buttons."""

from __future__ import annotations

import pytest
from telegram import Bot, MessageEntity
from telegram.constants import ParseMode
from telegram.error import BadRequest

from tests.fakes.conftest import USER, keyboard
from tests.fakes.telegram import FakeTelegramApi, parse_telegram_html


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
