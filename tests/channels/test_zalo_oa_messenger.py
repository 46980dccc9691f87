"""The OA messenger against the fake platform: pieces, choices, pictures, files, and each
refusal code as the delivery outcome the report shows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import App
from bot.channels.zalo_oa.client import OaClient
from bot.channels.zalo_oa.messenger import OaMessenger
from bot.channels.zalo_oa.tokens import TokenKeeper
from bot.ports import (
    Button,
    Document,
    OutsideWindow,
    Photo,
    QuotaExhausted,
    RecipientBlocked,
    Reply,
    RetryLater,
    TransientFailure,
)
from tests.channels.test_zalo_messenger import Choices
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.oa_interactions import RecordedInteractions
from tests.fakes.zalo_oa_events import APP_ID

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64


class Rig:
    def __init__(self, fake: FakeZaloOa, messenger: OaMessenger, clock: FakeClock) -> None:
        self.fake, self.messenger, self.clock = fake, messenger, clock
        self.choices = Choices()
        self.interactions = RecordedInteractions()

    def wrote(self, user: str, ago: timedelta = timedelta()) -> None:
        """``user`` follows and last wrote ``ago``."""
        self.fake.followers.add(user)
        self.fake.last_inbound[user] = self.clock.now() - ago
        self.fake.window_sent[user] = 0


@pytest.fixture
async def rig(app: App, clock: FakeClock) -> AsyncIterator[Rig]:
    async with FakeZaloOa(now=clock.now) as fake:
        client = OaClient(fake.base_url, fake.base_url)
        tokens = TokenKeeper(
            client,
            app.services.oa_tokens,
            app.texts,
            clock,
            app_id=APP_ID,
            app_secret=APP_SECRET,
            margin=timedelta(seconds=600),
        )
        await tokens.start(FIRST_REFRESH_TOKEN)
        choices, interactions = Choices(), RecordedInteractions()
        messenger = OaMessenger(
            client, tokens, app.texts, choices=choices, interactions=interactions
        )
        rig = Rig(fake, messenger, clock)
        rig.choices, rig.interactions = choices, interactions
        yield rig
        await client.aclose()


async def test_long_text_in_pieces_with_the_choices_last_and_each_counted(rig: Rig) -> None:
    rig.wrote("u1")
    text = "\n\n".join(f"<b>Mục {n}</b> " + "thi đua yêu nước " * 20 for n in range(12))
    buttons = ((Button("Xác nhận", "v1|ok"),), (Button("Hủy", "v1|no"),))
    last = await rig.messenger.send("u1", Reply(text, buttons=buttons))
    sent = rig.fake.texts_to("u1")
    assert len(sent) >= 2 and all(len(piece) <= 2000 for piece in sent)
    assert "<b>" not in "".join(sent)
    assert sent[-1].endswith("1. Xác nhận\n2. Hủy")
    assert last == rig.fake.sent[-1].message_id
    assert rig.interactions.of("sent", "u1") == [1] * len(sent)
    assert [b.data for b in rig.choices.by_chat[next(iter(rig.choices.by_chat))]] == [
        "v1|ok",
        "v1|no",
    ]


async def test_a_chart_is_uploaded_and_a_person_s_image_resent_by_url(rig: Rig) -> None:
    rig.wrote("u1")
    await rig.messenger.send("u1", Reply("Bảng xếp hạng", photo=Photo(PNG, "Quý I")))
    url = rig.fake.host_file(PNG)
    await rig.messenger.send("u1", Reply("Ảnh", document=Document("anh.jpg", file_id=url)))
    kinds = [(s.kind, s.image == PNG) for s in rig.fake.sent]
    assert kinds == [("image", True), ("text", False), ("image", True), ("text", False)]
    assert "Quý I" in rig.fake.sent[1].text


async def test_a_pdf_goes_as_a_file_and_a_workbook_is_explained(rig: Rig) -> None:
    rig.wrote("u1")
    await rig.messenger.send("u1", Reply("Kế hoạch", document=Document("ke-hoach.pdf", b"%PDF")))
    await rig.messenger.send("u1", Reply("Danh sách", document=Document("ds.xlsx", b"PK")))
    assert [s.kind for s in rig.fake.sent] == ["file", "text", "text"]
    assert rig.fake.sent[0].file_name == "ke-hoach.pdf"
    assert "«ds.xlsx»" in rig.fake.sent[2].text and "PDF, DOC, DOCX" in rig.fake.sent[2].text


async def test_each_refusal_carries_its_outcome(rig: Rig) -> None:
    with pytest.raises(RecipientBlocked) as stranger:
        await rig.messenger.send("nobody", Reply("x"))
    assert stranger.value.never_started and stranger.value.outcome == "not_following"
    rig.wrote("idle", ago=timedelta(days=8))
    with pytest.raises(OutsideWindow) as idle:
        await rig.messenger.send("idle", Reply("x"))
    assert idle.value.outcome == "inactive"
    rig.wrote("late", ago=timedelta(hours=49))
    with pytest.raises(OutsideWindow) as late:
        await rig.messenger.send("late", Reply("x"))
    assert late.value.outcome == "out_of_window"
    rig.wrote("busy")
    for n in range(8):
        await rig.messenger.send("busy", Reply(f"tin {n}"))
    with pytest.raises(OutsideWindow) as ninth:
        await rig.messenger.send("busy", Reply("tin 9"))
    assert ninth.value.outcome == "out_of_quota"
    rig.fake.proactive_quota = 0
    with pytest.raises(QuotaExhausted) as spent:
        await rig.messenger.send("late", Reply("x"))
    assert spent.value.outcome == "out_of_quota"
    rig.fake.rate_limit()
    with pytest.raises(RetryLater) as slow:
        await rig.messenger.send("busy", Reply("x"))
    assert slow.value.outcome == "rate_limited"


async def test_a_verified_oa_spends_its_proactive_quota_outside_the_window(rig: Rig) -> None:
    rig.fake.proactive_quota = 1
    rig.wrote("late", ago=timedelta(hours=49))
    await rig.messenger.send("late", Reply("Nhắc hạn nộp báo cáo"))
    assert rig.fake.sent[-1].proactive and rig.fake.proactive_quota == 0


async def test_a_token_refused_again_after_a_refresh_is_transient(rig: Rig) -> None:
    rig.wrote("u1")
    rig.fake.expires_in = 0  # what Zalo issues now is dead at once
    rig.fake.expire_access_tokens()
    with pytest.raises(TransientFailure):
        await rig.messenger.send("u1", Reply("x"))
    assert rig.fake.refreshes == 2 and rig.fake.sent == []
