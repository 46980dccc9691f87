"""Sending a returned list again from a screen that saw an older version of it is refused."""

from __future__ import annotations

from typing import Any

import pytest

from bot import errors
from bot.app import App
from bot.services.vote_lists import ListState
from tests.web.vote_list_seed import MEETING, YEAR, returned_list, vote_list_settings


@pytest.fixture
def settings(database_url: str) -> Any:
    return vote_list_settings(database_url)


async def test_a_stale_version_changes_nothing(app: App) -> None:
    unit = await returned_list(app)
    service = app.services.vote_lists
    view = await service.view(unit.head, unit.list_id)
    rows = [found.row for found in view.rows]
    with pytest.raises(errors.VoteListChanged):
        await service.submit(unit.head, YEAR, rows, MEETING, (), seen_version=view.version - 1)
    assert (await service.view(unit.head, unit.list_id)).state is ListState.RETURNED
    sent = await service.submit(unit.head, YEAR, rows, MEETING, (), seen_version=view.version)
    assert sent.state is ListState.SUBMITTED and sent.version == view.version + 1
    assert service.today().isoformat() == "2026-03-02"
