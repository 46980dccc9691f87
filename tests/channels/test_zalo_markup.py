"""The core's markup as Zalo html: what shows bold, what stays literal, how it is cut."""

from __future__ import annotations

import html

from bot.channels.zalo.markup import split_markup, to_zalo_html
from bot.formatting import strip_html, visible_length
from bot.texts import escape
from tests.fakes.zalo_html import render_html

HOSTILE = "A*b*_c_ <b>x</b> & {red}đỏ{/red} **d** &amp; #1 > q"


def rendered(markup: str) -> tuple[str, tuple[str, ...]]:
    """What Zalo shows for ``markup`` (the fake's parser refuses what Zalo does not know)."""
    return render_html(markup)


def test_bold_and_italic_stay_and_the_rest_becomes_text() -> None:
    core = "<b>Kế hoạch</b> <i>2026</i>\nGõ <code>/trogiup</code>, <pre>x</pre> <u>u</u> <s>s</s>"
    markup = to_zalo_html(core)
    text, bold = rendered(markup)
    assert text == "Kế hoạch 2026\nGõ /trogiup, x u s"
    assert bold == ("Kế hoạch",)
    assert "<code>" not in markup and "<i>2026</i>" in markup


def test_a_user_value_shows_literally_and_formats_nothing() -> None:
    core = f"<b>Tên:</b> {escape(HOSTILE)}"
    text, bold = rendered(to_zalo_html(core))
    assert text == f"Tên: {HOSTILE}"
    assert bold == ("Tên:",)


def test_entities_come_out_as_the_three_html_needs() -> None:
    markup = to_zalo_html("&quot;a&quot; &#39;b&#39; &lt;c&gt; &amp; &#x1F600; &nbsp;")
    assert markup == "\"a\" 'b' &lt;c&gt; &amp; \U0001f600 \u00a0"
    assert rendered(markup)[0] == html.unescape("&quot;a&quot; 'b' <c> & \U0001f600 \u00a0")


def test_a_link_shows_its_address_as_on_plain_channels() -> None:
    core = '<a href="https://x.vn/?a=1&amp;b=2">Biểu mẫu</a> và <a href="https://y.vn">https://y.vn</a>'
    text, _ = rendered(to_zalo_html(core))
    assert text == strip_html(core) == "Biểu mẫu (https://x.vn/?a=1&b=2) và https://y.vn"


def test_sloppy_markup_comes_out_well_formed() -> None:
    for core in ("<b>open", "close</i> x", "<i>a <b>b</i> c</b>", "a < b && c", "<b><i>x</b>"):
        text, _ = rendered(to_zalo_html(core))  # the fake refuses anything ill-formed
        assert text.replace(" ", "") == strip_html(core).replace(" ", "")


def test_pieces_count_the_rendered_length_and_stand_alone() -> None:
    # 1,500 visible units that are 3,000 characters of markup: one message.
    dense = "<b>" + "&amp;" * 1500 + "</b>"
    assert split_markup(to_zalo_html(dense), 2000) == ["<b>" + "&amp;" * 1500 + "</b>"]
    # A long bold paragraph with user values is cut into pieces, each well-formed alone.
    long = to_zalo_html("<b>Tiêu đề</b>\n\n" + "<b>" + escape("<x> & y ") * 900 + "</b>")
    pieces = split_markup(long, 2000)
    assert len(pieces) > 1
    shown = []
    for piece in pieces:
        text, bold = rendered(piece)
        assert 1 <= visible_length(piece) <= 2000 and bold
        shown.append(text)
    assert "".join(shown).replace(" ", "").replace("\n", "") == strip_html(long).replace(
        " ", ""
    ).replace("\n", "")


def test_an_empty_or_blank_text_gives_no_piece() -> None:
    assert split_markup(to_zalo_html("  <b> </b>\n"), 2000) == []
