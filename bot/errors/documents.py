"""Errors of the dossier's documents."""

from __future__ import annotations

from bot.errors.base import DomainError


class DocumentSubjectNotFound(DomainError):
    """No initiative, nomination, list, session, listing or decision has this code."""

    text_key = "documents.error.not_found"


class DocumentKindUnavailable(DomainError):
    """This kind of document is not made for this subject (or not yet: no session result)."""

    text_key = "documents.error.kind_unavailable"


class TemplateBroken(DomainError):
    """A template (an Office's own, usually) cannot be opened or filled."""

    text_key = "documents.error.template_broken"


class FileUnavailable(DomainError):
    """An attachment's bytes cannot be had here: its chat channel does not run in this
    process, the platform would not hand it over, or the upload is gone."""

    text_key = "documents.error.file_unavailable"


class AttachmentNotFound(DomainError):
    """The item has no attachment with this id (a forged or stale address)."""

    text_key = "files.error.not_found"
