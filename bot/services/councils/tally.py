"""The rule of a council's vote as data and arithmetic: a share of *all* the council's members,
the quorum, and the item's result (DESIGN §3.10; the thresholds are configuration,
docs/awards.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Result(StrEnum):
    """What a session concluded on one item."""

    OPEN = ""
    PASSED = "passed"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"
    UNRULED = "unruled"  # no threshold configured: the Office concludes


@dataclass(frozen=True, slots=True)
class Tally:
    """The votes on one item against the council's roll.

    Attributes:
        members: All the council's active members when the session closed.
        recused: Those left out for a conflict of interest (they still count in ``members``).
    """

    agree: int
    disagree: int
    members: int
    recused: int = 0

    @property
    def voters(self) -> int:
        """How many voted."""
        return self.agree + self.disagree

    @property
    def share(self) -> float:
        """The agreement as a share of all the council's members."""
        return self.agree / self.members if self.members else 0.0

    def needed(self, threshold: float) -> int:
        """The fewest agreeing members that reach ``threshold`` of all members."""
        return math.ceil(threshold * self.members - 1e-9)


def result(tally: Tally, threshold: float | None, quorum: float | None) -> Result:
    """The item's result: no quorum when too few of all members voted; passed when the
    agreement reaches the threshold of all members; unruled without a threshold."""
    if tally.members == 0:
        return Result.NO_QUORUM
    if quorum is not None and tally.voters < tally.needed(quorum):
        return Result.NO_QUORUM
    if threshold is None:
        return Result.UNRULED
    return Result.PASSED if tally.agree >= tally.needed(threshold) else Result.FAILED
