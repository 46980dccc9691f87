"""What the ``/sangkien`` preview and co-author step show: the whole application as the Office
will read it, and the authors with the form's details (a co-author listed without them is
marked, to be completed)."""

from __future__ import annotations

from bot.dates import day_text
from bot.texts import Safe
from bot.turn import Turn
from handlers.initiatives.form_steps import appliers_text
from handlers.initiatives.proposal_answers import CoAuthorAnswer, ProposalAnswers


async def render_preview(turn: Turn, answers: ProposalAnswers) -> str:
    """Everything the application holds, as the Office will read it."""
    since = "" if answers.applied_since is None else day_text(answers.applied_since)
    files = ", ".join(f.name for f in answers.files)
    none = turn.t("initiative.form.none_confidential")
    return turn.t(
        "initiative.form.preview",
        title=answers.title,
        filer=_filer_text(turn, answers),
        authors=Safe(authors_text(turn, answers)),
        kind=turn.t(f"initiative.kind.{answers.kind}"),
        field=answers.field,
        movement=answers.movement_name or turn.t("initiative.propose.no_movement"),
        problem=answers.problem,
        solution=answers.solution,
        confidential=answers.confidential or none,
        conditions=answers.conditions,
        applied_where=answers.applied_where,
        applied_since=since,
        benefit=answers.benefit,
        appliers=Safe(appliers_text(turn, answers)),
        files=files or turn.t("common.none"),
    )


def _filer_text(turn: Turn, answers: ProposalAnswers) -> str:
    if not answers.investor:
        return turn.t("initiative.form.filer_author")
    return turn.t(
        "initiative.form.filer_investor",
        name=answers.investor_name,
        address=answers.investor_address,
    )


def authors_text(turn: Turn, answers: ProposalAnswers) -> str:
    """The authors, a line each with the form's details: the filing author (unless the
    investor files) with the share the co-authors leave, then the co-authors."""
    assert turn.member is not None
    blank = turn.t("initiative.form.blank")
    lines = []
    if answers.investor:
        lines.append(
            turn.t(
                "initiative.form.investor_line",
                name=answers.investor_name,
                total=answers.others_total,
            )
        )
    else:
        lines.append(
            turn.t(
                "initiative.form.author_self",
                name=turn.member.full_name,
                birth=day_text(answers.author_birth) if answers.author_birth else blank,
                workplace=answers.author_workplace or blank,
                job_title=answers.author_title or blank,
                qualification=answers.author_qualification or blank,
                share=100 - answers.others_total,
            )
        )
    lines += [_coauthor_line(turn, c) for c in answers.coauthors]
    return "\n".join(lines)


def _coauthor_line(turn: Turn, c: CoAuthorAnswer) -> str:
    if not c.complete:
        return turn.t("initiative.form.coauthor_incomplete", name=c.name, share=c.share)
    return turn.t(
        "initiative.form.author_details",
        name=c.name,
        birth=day_text(c.birth) if c.birth else "",
        workplace=c.workplace,
        job_title=c.job_title,
        qualification=c.qualification,
        share=c.share,
    )
