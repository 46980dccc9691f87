"""The arithmetic of a council's vote: shares of all members, quorum, thresholds."""

from __future__ import annotations

import pytest

from bot.services.councils.tally import Result, Tally, result


@pytest.mark.parametrize(
    ("tally", "threshold", "quorum", "expected"),
    [
        (Tally(agree=7, disagree=0, members=10), 0.7, None, Result.PASSED),
        (Tally(agree=6, disagree=0, members=10), 0.7, None, Result.FAILED),
        # A share of all members, not of those who voted: 6 of 6 voters is 60 % of 10.
        (Tally(agree=6, disagree=0, members=10, recused=4), 0.7, None, Result.FAILED),
        (Tally(agree=5, disagree=1, members=9), 0.5, None, Result.PASSED),
        (Tally(agree=4, disagree=0, members=9), 0.5, 0.5, Result.NO_QUORUM),
        (Tally(agree=3, disagree=2, members=9), None, 0.5, Result.UNRULED),
        (Tally(agree=0, disagree=0, members=0), 0.5, None, Result.NO_QUORUM),
        (Tally(agree=2, disagree=1, members=3), 2 / 3, None, Result.PASSED),
    ],
)
def test_results(
    tally: Tally, threshold: float | None, quorum: float | None, expected: Result
) -> None:
    assert result(tally, threshold, quorum) is expected


def test_shares_are_of_all_members() -> None:
    assert Tally(agree=3, disagree=1, members=8).share == 0.375
    assert Tally(agree=7, disagree=0, members=10).needed(0.7) == 7
