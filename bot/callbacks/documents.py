"""The payloads of the dossier's documents (/vanban and the 📄 button of detail screens)."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.callbacks.base import CallbackData


class DocumentSubject(StrEnum):
    """What a document is about; the values are those of the documents service's kinds."""

    INITIATIVE = "initiative"
    NOMINATION = "nomination"
    VOTE_LIST = "vote_list"
    SESSION = "session"
    LISTING = "listing"
    DECISION = "decision"


class DocumentChoice(StrEnum):
    """What a documents button does."""

    OFFER = "offer"  # the subject and a button per document the person may have
    FILE = "file"  # one kind of document, sent as a file
    CHECK = "check"  # the dossier's blank fields, then "Vẫn tạo hồ sơ"
    DOSSIER = "zip"  # the whole dossier, as one .zip


@dataclasses.dataclass(frozen=True)
class DocumentMenu(CallbackData, prefix="dv"):
    """A documents screen or file of one subject (by id: a decision's number may not fit).

    ``kind`` is a document kind's value for ``FILE``; the handler checks it, and the service
    re-checks who may have it.
    """

    choice: DocumentChoice
    subject: DocumentSubject
    item: int
    kind: str = ""
