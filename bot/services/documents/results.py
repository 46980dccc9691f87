"""What the documents service returns: frozen records, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass

from bot.documents import Rendered
from bot.services.documents.records import DocumentKind, Subject, SubjectKind


@dataclass(frozen=True, slots=True)
class SubjectRef:
    """A subject as a button names it: its kind and id (a decision's number may not fit a
    button's payload, so buttons carry ids; the service looks them up again)."""

    kind: SubjectKind
    id: int


#: A code typed by a person, or a button's reference.
Ref = str | SubjectRef


@dataclass(frozen=True, slots=True)
class Offer:
    """A subject and the documents the person asking may have of it."""

    subject: Subject
    title: str
    kinds: tuple[DocumentKind, ...]
    #: Whether the whole dossier (.zip) is offered too: a session or decision, to the Office.
    dossier: bool


@dataclass(frozen=True, slots=True)
class DocumentFiles:
    """The files of one kind of document of a subject; each notes its blank fields."""

    subject: Subject
    kind: DocumentKind
    files: tuple[Rendered, ...]


@dataclass(frozen=True, slots=True)
class Blanks:
    """One document of a dossier and the fields (text keys) it leaves blank."""

    name: str
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DossierPlan:
    """What a dossier will hold, before it is built: its documents and their blanks."""

    subject: Subject
    documents: tuple[Blanks, ...]

    @property
    def incomplete(self) -> tuple[Blanks, ...]:
        """The documents with at least one blank field."""
        return tuple(d for d in self.documents if d.missing)


@dataclass(frozen=True, slots=True)
class Dossier:
    """A whole dossier as one ``.zip``, with what it leaves blank."""

    subject: Subject
    name: str
    content: bytes
    documents: tuple[Blanks, ...]

    @property
    def incomplete(self) -> tuple[Blanks, ...]:
        """The documents with at least one blank field."""
        return tuple(d for d in self.documents if d.missing)
