"""Several votes of one member at once (the web ballot): all cast as single votes would be,
or none when one of them is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App
from bot.config import Settings
from models import Ballot
from tests.web.council_seed import council_settings, open_sitting


@pytest.fixture
def settings(database_url: str) -> Settings:
    return council_settings(database_url)


async def _count(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count(Ballot.id))) or 0


async def test_votes_are_cast_together_or_not_at_all(app: App) -> None:
    sitting = await open_sitting(app)
    (member,) = sitting.members
    sessions = app.services.council_sessions
    first, second = [a.item_id for a in await sessions.agenda(member, sitting.session_id)]
    await sessions.vote(member, first, agree=True)
    with pytest.raises(errors.AlreadyVoted):
        await sessions.vote_many(member, sitting.session_id, {first: False, second: True})
    assert await _count(app) == 1  # the second item was not cast either
    with pytest.raises(errors.SessionListChanged):
        await sessions.vote_many(member, sitting.session_id, {second + 99: True})
    with pytest.raises(errors.OwnNomination):
        await sessions.vote_many(sitting.colleague, sitting.session_id, {second: True})
    with pytest.raises(errors.NotSeated):
        await sessions.vote_many(sitting.outsider, sitting.session_id, {second: True})
    assert await sessions.vote_many(member, sitting.session_id, {second: False}) == 1
    agenda = await sessions.agenda(member, sitting.session_id)
    assert [a.voted for a in agenda] == [True, True]
    progress = await sessions.progress(sitting.office, sitting.session_id)
    assert [i.voted for i in progress.items] == [1, 1]
    await sessions.close(sitting.office, sitting.session_id)
    with pytest.raises(errors.SessionClosed):
        await sessions.vote_many(member, sitting.session_id, {second: True})
