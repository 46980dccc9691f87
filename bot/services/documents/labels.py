"""What documents and their subjects are called on screen, shared by the chat handlers and the
web pages (literal keys, so the catalogue test sees them used)."""

from __future__ import annotations

from bot.services.documents.records import DocumentKind, SubjectKind

#: What each kind of document is called.
KIND_NAMES: dict[DocumentKind, str] = {
    DocumentKind.APPLICATION: "documents.kind.application",
    DocumentKind.ACHIEVEMENT: "documents.kind.achievement",
    DocumentKind.VOTE_MINUTES: "documents.kind.vote_minutes",
    DocumentKind.COUNCIL_MINUTES: "documents.kind.council_minutes",
    DocumentKind.SUBMISSION: "documents.kind.submission",
    DocumentKind.DECISION: "documents.kind.decision",
    DocumentKind.PUBLIC_NOTICE: "documents.kind.public_notice",
    DocumentKind.RESULT_NOTICE: "documents.kind.result_notice",
    DocumentKind.REWARD_LIST: "documents.kind.reward_list",
}
#: What each kind of subject is called.
SUBJECT_NAMES: dict[SubjectKind, str] = {
    SubjectKind.INITIATIVE: "documents.subject.initiative",
    SubjectKind.NOMINATION: "documents.subject.nomination",
    SubjectKind.VOTE_LIST: "documents.subject.vote_list",
    SubjectKind.SESSION: "documents.subject.session",
    SubjectKind.LISTING: "documents.subject.listing",
    SubjectKind.DECISION: "documents.subject.decision",
}
