"""The 📄 button detail screens carry to the dossier's documents.

A feature never imports :mod:`handlers.documents`: its screen only packs the payload, and the
documents handler (and the service after it) decides what the person may have.
"""

from __future__ import annotations

from bot.callbacks import DocumentChoice, DocumentMenu, DocumentSubject
from bot.ports import Button
from bot.services.documents import SubjectKind
from bot.turn import Turn
from handlers.common.turns import member_of


def documents_rows(
    turn: Turn,
    subject: DocumentSubject,
    item: int,
    *,
    unit_id: int | None = None,
    authored: bool = False,
) -> list[tuple[Button, ...]]:
    """The row with the "📄 Văn bản" button of one item or list (of unit ``unit_id``), or no
    row when the person may have none of its documents (``authored``: they wrote it)."""
    offered = turn.services.documents.shows_documents(
        member_of(turn), SubjectKind(subject.value), unit_id=unit_id, authored=authored
    )
    if not offered:
        return []
    payload = DocumentMenu(DocumentChoice.OFFER, subject, item).pack()
    return [(Button(turn.t("documents.chat.button"), payload),)]
