"""Storing a proposal: its own fields as columns, its authors (with the form's details) and
its first appliers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.common import MemberView
from bot.services.initiatives.form import AuthorDetails, Filer
from bot.services.initiatives.records import Proposal
from models import InitiativeApplier, InitiativeAuthor, Movement


async def store_parts(
    session: AsyncSession, item_id: int, author: MemberView, proposal: Proposal
) -> None:
    """The authors (the filing author first, unless the investor files) and the appliers."""
    authors = [(c.member_id, c.name, c.share, c.details) for c in proposal.coauthors]
    if proposal.filer == Filer.AUTHOR:
        authors.insert(0, (author.id, author.full_name, proposal.author_share, proposal.author))
    session.add_all(
        _author_row(item_id, n, member_id, name, share, details)
        for n, (member_id, name, share, details) in enumerate(authors)
    )
    session.add_all(
        InitiativeApplier(
            initiative_id=item_id, name=a.name, address=a.address, benefit=a.benefit, position=n
        )
        for n, a in enumerate(proposal.appliers)
    )


def _author_row(
    item_id: int,
    position: int,
    member_id: int | None,
    name: str,
    share: int,
    details: AuthorDetails,
) -> InitiativeAuthor:
    return InitiativeAuthor(
        initiative_id=item_id,
        member_id=member_id,
        name=name,
        share=share,
        position=position,
        birth_date=details.birth,
        workplace=details.workplace,
        job_title=details.job_title,
        qualification=details.qualification,
    )


async def proposal_fields(session: AsyncSession, proposal: Proposal) -> dict[str, object]:
    """The proposal's own fields as the initiative's columns (the movement by its code)."""
    movement_id = None
    if proposal.movement:
        # Codes are unique per period: a code a new period reuses names its active movement.
        movement_id = await session.scalar(
            select(Movement.id)
            .where(Movement.code == proposal.movement)
            .order_by(Movement.active.desc(), Movement.id.desc())
            .limit(1)
        )
    return {
        "title": proposal.title,
        "kind": proposal.kind,
        "field": proposal.field,
        "movement_id": movement_id,
        "problem": proposal.problem,
        "solution": proposal.solution,
        "applied_where": proposal.applied_where,
        "applied_since": date.fromisoformat(proposal.applied_since),
        "benefit": proposal.benefit,
        "filer": proposal.filer,
        "investor_name": proposal.investor_name,
        "investor_address": proposal.investor_address,
        "confidential": proposal.confidential,
        "conditions": proposal.conditions,
    }
