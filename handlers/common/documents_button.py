"""The 📄 button detail screens carry to the dossier's documents.

A feature never imports :mod:`handlers.documents`: its screen only packs the payload, and the
documents handler (and the service after it) decides what the person may have.
"""

from __future__ import annotations

from bot.callbacks import DocumentChoice, DocumentMenu, DocumentSubject
from bot.ports import Button
from bot.turn import Turn


def documents_row(turn: Turn, subject: DocumentSubject, item: int) -> tuple[Button, ...]:
    """A row with the "📄 Văn bản" button of one item or list."""
    payload = DocumentMenu(DocumentChoice.OFFER, subject, item).pack()
    return (Button(turn.t("documents.chat.button"), payload),)
