"""Which maker writes each kind of document, and for which subjects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.services.documents.achievement import make_achievement
from bot.services.documents.application import make_application
from bot.services.documents.council_minutes import make_council_minutes
from bot.services.documents.decision import make_decision
from bot.services.documents.public_notice import make_public_notice
from bot.services.documents.records import DocumentKind, Maker, SubjectKind
from bot.services.documents.result_notice import make_result_notice
from bot.services.documents.submission import make_submission
from bot.services.documents.vote_minutes import make_vote_minutes

_SESSION_OR_DECISION = frozenset({SubjectKind.SESSION, SubjectKind.DECISION})

#: Every kind the bot makes: the subjects it is made for, and its maker.
MAKERS: Final[Mapping[DocumentKind, tuple[frozenset[SubjectKind], Maker]]] = {
    DocumentKind.APPLICATION: (frozenset({SubjectKind.INITIATIVE}), make_application),
    DocumentKind.ACHIEVEMENT: (frozenset({SubjectKind.NOMINATION}), make_achievement),
    DocumentKind.VOTE_MINUTES: (frozenset({SubjectKind.VOTE_LIST}), make_vote_minutes),
    DocumentKind.COUNCIL_MINUTES: (frozenset({SubjectKind.SESSION}), make_council_minutes),
    DocumentKind.SUBMISSION: (_SESSION_OR_DECISION, make_submission),
    DocumentKind.DECISION: (_SESSION_OR_DECISION, make_decision),
    DocumentKind.PUBLIC_NOTICE: (frozenset({SubjectKind.LISTING}), make_public_notice),
    DocumentKind.RESULT_NOTICE: (frozenset({SubjectKind.DECISION}), make_result_notice),
}
