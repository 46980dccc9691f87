"""Documents on Telegram: the Office types ``/vanban PH-…``, presses a document and receives
it by sendDocument; the dossier comes as a .zip after the blank fields are shown (its full
contents on a whole cycle: tests/services/test_documents_dossier.py)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator

import pytest

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser, running, telegram_settings
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.documents_seed import (
    DOCUMENTS,
    PLACE_LABEL,
    SESSION_CODE,
    docx_text,
    seed,
)
from tests.services.nominations_seed import AWARDS


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    settings = telegram_settings(database_url, fake, awards=AWARDS, documents=DOCUMENTS)
    async with running(settings, clock) as started:
        await seed(started.core)
        yield started


async def test_the_office_receives_the_minutes_and_the_dossier(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    office = await join_on_telegram(
        bot, TgUser(fake, 4001, "Phòng"), Role.OFFICE, "Lê Thị Phòng", "VP"
    )
    assert f"Văn bản của Phiên họp {SESSION_CODE}" in await office.send(f"/vanban {SESSION_CODE}")
    await office.tap("Biên bản họp Hội đồng", replies=2)  # the caption, then the document
    sent = fake.messages_to(office.user_id)
    assert PLACE_LABEL in (sent[-2].plain_text or "")
    document = sent[-1]
    assert document.method == "sendDocument"
    assert document.file_name == f"Bien-ban-hop-Hoi-dong-{SESSION_CODE}.docx"
    assert document.file_content is not None
    text = docx_text(document.file_content)
    assert "Phiên họp xét khen thưởng năm 2026" in text
    assert "UBND TỈNH VĨNH PHÚC" in text

    await office.send(f"/vanban {SESSION_CODE}")
    assert PLACE_LABEL in await office.tap("Cả bộ hồ sơ")
    await office.tap("Vẫn tạo hồ sơ", replies=2)
    dossier = fake.messages_to(office.user_id)[-1]
    assert (dossier.method, dossier.file_name) == ("sendDocument", f"Ho-so-{SESSION_CODE}.zip")
    assert dossier.file_content is not None
    with zipfile.ZipFile(io.BytesIO(dossier.file_content)) as archive:
        assert sorted(archive.namelist()) == [
            f"Bien-ban-hop-Hoi-dong-{SESSION_CODE}.docx",
            f"Danh-sach-khen-thuong-{SESSION_CODE}.xlsx",
            "THIEU-DU-LIEU.txt",
        ]
