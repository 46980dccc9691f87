"""Between the ``/sangkien`` answers and the service's proposal: the proposal the answers
describe, and the answers holding a returned initiative to edit and resubmit."""

from __future__ import annotations

from bot import errors
from bot.services.initiatives import (
    Applier,
    AuthorDetails,
    CoAuthor,
    Filer,
    InitiativeView,
    Proposal,
)
from handlers.common import FileAnswer
from handlers.initiatives.proposal_answers import (
    ApplierAnswer,
    CoAuthorAnswer,
    ProposalAnswers,
)


def proposal_of(answers: ProposalAnswers, channel: str) -> Proposal:
    """The proposal the answers describe (``channel``: where files without one were sent)."""
    if answers.applied_since is None:
        raise errors.InvalidProposal
    investor = answers.investor
    born = answers.author_birth
    return Proposal(
        title=answers.title or "",
        kind=answers.kind or "",
        field=answers.field or "",
        movement=answers.movement or "",
        problem=answers.problem or "",
        solution=answers.solution or "",
        applied_where=answers.applied_where or "",
        applied_since=answers.applied_since.isoformat(),
        benefit=answers.benefit or "",
        coauthors=tuple(
            CoAuthor(c.name, c.share, c.member_id, _details(c)) for c in answers.coauthors
        ),
        files=tuple(f.info(channel) for f in answers.files),
        filer=Filer.INVESTOR if investor else Filer.AUTHOR,
        investor_name=(answers.investor_name or "") if investor else "",
        investor_address=(answers.investor_address or "") if investor else "",
        author=AuthorDetails()
        if investor
        else AuthorDetails(
            "" if born is None else born.isoformat(),
            answers.author_workplace or "",
            answers.author_title or "",
            answers.author_qualification or "",
        ),
        confidential=answers.confidential or "",
        conditions=answers.conditions or "",
        appliers=tuple(Applier(a.name, a.address, a.benefit) for a in answers.appliers),
    )


def _details(c: CoAuthorAnswer) -> AuthorDetails:
    born = "" if c.birth is None else c.birth.isoformat()
    return AuthorDetails(born, c.workplace, c.job_title, c.qualification)


def draft_of(item: InitiativeView) -> ProposalAnswers:
    """Answers holding a submitted initiative, to edit and resubmit it; what it lacks (an
    initiative filed before the form had all its fields) stays unanswered, to be asked."""
    investor = item.filer == Filer.INVESTOR
    first = None if investor or not item.authors else item.authors[0].details
    others = item.authors if investor else item.authors[1:]
    return ProposalAnswers(
        resubmit=item.id,
        title=item.title,
        filer=item.filer,
        author_birth=None if first is None else first.birth,
        author_workplace=None if first is None else first.workplace or None,
        author_title=None if first is None else first.job_title or None,
        author_qualification=None if first is None else first.qualification or None,
        investor_name=item.investor_name or None,
        investor_address=item.investor_address or None,
        kind=item.kind,
        field=item.field,
        movement=item.movement_code,
        movement_name=item.movement,
        problem=item.problem,
        solution=item.solution,
        confidential=item.confidential,
        conditions=item.conditions or None,
        applied_where=item.applied_where,
        applied_since=item.applied_since,
        benefit=item.benefit,
        appliers=tuple(
            ApplierAnswer(name=a.name, address=a.address, benefit=a.benefit) for a in item.appliers
        ),
        coauthors=tuple(
            CoAuthorAnswer(
                member_id=a.member_id,
                name=a.name,
                share=a.share,
                birth=a.details.birth,
                workplace=a.details.workplace,
                job_title=a.details.job_title,
                qualification=a.details.qualification,
            )
            for a in others
        ),
        files=tuple(
            FileAnswer(
                channel=f.channel, file_id=f.file_id, name=f.name, mime=f.mime_type, size=f.size
            )
            for f in item.files
        ),
    )
