"""What identifies a signed act (a decision, a Tờ trình, the head's decision recognising an
initiative): its number, its date and who signed it, checked the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import errors

NUMBER_MAX = 64
SIGNER_MAX = 200


@dataclass(frozen=True, slots=True)
class Signed:
    """What identifies a signed act: its number, its date and who signed it."""

    number: str
    signed_on: date
    signer: str

    def checked(self, today: date) -> Signed:
        """The same values, trimmed; refused when empty, too long or dated in the future.

        Raises:
            InvalidDecision: A value is not acceptable.
        """
        number = " ".join(self.number.split())
        signer = " ".join(self.signer.split())
        if not 1 <= len(number) <= NUMBER_MAX or not 1 <= len(signer) <= SIGNER_MAX:
            raise errors.InvalidDecision
        if self.signed_on > today:
            raise errors.InvalidDecision
        return Signed(number, self.signed_on, signer)
