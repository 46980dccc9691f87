"""The values and shared steps of the initiative use cases: what a proposal holds, what a
reader sees, and the history, ledger and notification rows written with each change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.domain import InitiativeKind, InitiativeState
from bot.services.common import AttachmentView, ChangeView, FileInfo
from bot.services.initiatives import form
from bot.services.initiatives.form import (
    NO_DETAILS,
    Applier,
    AuthorDetails,
    Filer,
    appliers_of,
    details_of,
)
from bot.services.initiatives.workflow import FLOW
from models import (
    ConditionMark,
    Initiative,
    InitiativeAuthor,
    Member,
    Movement,
    Review,
    Unit,
)

ENTITY = FLOW.entity
#: The kinds of solution, in the order the law lists them.
KINDS: tuple[str, ...] = tuple(kind.value for kind in InitiativeKind)
TITLE_MAX = 200
TEXT_MAX = 3000
PLACE_MAX = 300


@dataclass(frozen=True, slots=True)
class CoAuthor:
    """A co-author: a member (``member_id``) or an outsider named as typed."""

    name: str
    share: int
    member_id: int | None = None
    details: AuthorDetails = NO_DETAILS


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the proposal dialog collected. ``author_share`` is what the co-authors leave to
    the filing author (nothing when the investor files: the co-authors are all the authors).
    """

    title: str
    kind: str
    field: str
    movement: str
    problem: str
    solution: str
    applied_where: str
    applied_since: str
    benefit: str
    coauthors: tuple[CoAuthor, ...] = ()
    files: tuple[FileInfo, ...] = ()
    filer: str = Filer.AUTHOR
    investor_name: str = ""
    investor_address: str = ""
    #: The filing author's details (when an author files).
    author: AuthorDetails = NO_DETAILS
    confidential: str = ""
    conditions: str = ""
    appliers: tuple[Applier, ...] = ()

    @property
    def author_share(self) -> int:
        """The filing author's % contribution (0 when the investor files)."""
        if self.filer == Filer.INVESTOR:
            return 0
        return 100 - sum(c.share for c in self.coauthors)

    def check(self, filer_id: int | None = None) -> None:
        """Re-check in the service what the dialog checked (its data could be tampered with);
        ``filer_id``: the member filing, who is not listed again when they file as an author."""
        texts = (self.problem, self.solution, self.benefit)
        if (
            not 1 <= len(self.title) <= TITLE_MAX
            or any(not 1 <= len(t) <= TEXT_MAX for t in texts)
            or not 1 <= len(self.applied_where) <= PLACE_MAX
            or self.kind not in set(InitiativeKind)
            or not self._shares_fit()
            or not self._form_fits()
            or self._lists_twice(filer_id)
        ):
            raise errors.InvalidProposal
        date.fromisoformat(self.applied_since)

    def _lists_twice(self, filer_id: int | None) -> bool:
        """Whether the filing author is listed again among the co-authors."""
        listed = {c.member_id for c in self.coauthors if c.member_id is not None}
        return self.filer == Filer.AUTHOR and filer_id in listed

    def _shares_fit(self) -> bool:
        if any(not 1 <= c.share <= 100 for c in self.coauthors):
            return False
        if self.filer == Filer.INVESTOR:
            return sum(c.share for c in self.coauthors) == 100
        return 1 <= self.author_share <= 100

    def _form_fits(self) -> bool:
        investor = self.filer == Filer.INVESTOR
        if self.filer not in set(Filer) or investor != bool(self.investor_name):
            return False
        return (
            len(self.investor_name) <= form.NAME_MAX
            and len(self.investor_address) <= form.ADDRESS_MAX
            and len(self.confidential) <= TEXT_MAX
            and len(self.conditions) <= TEXT_MAX
            and len(self.appliers) <= form.APPLIERS_MAX
            and all(a.valid() for a in self.appliers)
            and all(d.valid() for d in (self.author, *(c.details for c in self.coauthors)))
        )


@dataclass(frozen=True, slots=True)
class AuthorView:
    """An author and their % contribution."""

    member_id: int | None
    name: str
    share: int
    details: AuthorDetails = NO_DETAILS


@dataclass(frozen=True, slots=True)
class ScoreView:
    """A council member's scores; ``note`` is for reviewers' eyes only."""

    member_id: int
    member: str
    novelty: int
    applicability: int
    benefit: int
    note: str


@dataclass(frozen=True, slots=True)
class MarkView:
    """A council member's "đạt" (``met``) or "không đạt" on one condition, with a comment."""

    member_id: int
    member: str
    code: str
    label: str
    kind: str
    met: bool
    comment: str


@dataclass(frozen=True, slots=True)
class InitiativeView:
    """Everything about one initiative."""

    id: int
    code: str
    title: str
    kind: str
    field: str
    movement: str
    movement_code: str
    problem: str
    solution: str
    applied_where: str
    applied_since: date
    benefit: str
    filer: str
    investor_name: str
    investor_address: str
    confidential: str
    conditions: str
    appliers: tuple[Applier, ...]
    state: InitiativeState
    version: int
    author_id: int
    unit_id: int
    unit: str
    submitted_at: datetime
    updated_at: datetime
    authors: tuple[AuthorView, ...]
    files: tuple[AttachmentView, ...]
    history: tuple[ChangeView, ...]
    scores: tuple[ScoreView, ...]
    marks: tuple[MarkView, ...] = ()
    #: "pass" / "fail" once the Office recorded the council's conclusion, else "".
    conclusion: str = ""
    conclusion_reason: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    decision_signer: str = ""
    certificate_number: str = ""
    #: The initiative council the *viewer* sits on ("" none), filled for one viewer.
    viewer_seat: str = ""


@dataclass(frozen=True, slots=True)
class _Queries:
    item: Select[Initiative, str, str | None, str | None]
    authors: Select[InitiativeAuthor]
    scores: Select[Review, str]
    marks: Select[ConditionMark, str]


@cache
def _queries() -> _Queries:
    """The dossier's statements, built on first use and kept (a statement never changes):
    building and keying each on every read cost SQLAlchemy more than SQLite's answers (an
    item's page made nine)."""
    item = bindparam("item", type_=Integer())
    return _Queries(
        select(Initiative, Unit.name, Movement.name, Movement.code)
        .join(Unit, Unit.id == Initiative.unit_id)
        .outerjoin(Movement, Movement.id == Initiative.movement_id)
        .where(Initiative.id == item),
        select(InitiativeAuthor)
        .where(InitiativeAuthor.initiative_id == item)
        .order_by(InitiativeAuthor.position),
        select(Review, Member.full_name)
        .join(Member, Member.id == Review.member_id)
        .where(Review.initiative_id == item)
        .order_by(Review.scored_at),
        select(ConditionMark, Member.full_name)
        .join(Member, Member.id == ConditionMark.member_id)
        .where(ConditionMark.initiative_id == item)
        .order_by(ConditionMark.position, ConditionMark.marked_at, ConditionMark.id),
    )


async def load_view(session: AsyncSession, item_id: int) -> InitiativeView:
    """Read an initiative and everything attached to it (six small queries, built once)."""
    queries, item_param = _queries(), {"item": item_id}
    row = (await session.execute(queries.item, item_param)).first()
    if row is None:
        raise errors.InitiativeNotFound
    item, unit, movement, movement_code = row
    authors = await session.scalars(queries.authors, item_param)
    scores = await session.execute(queries.scores, item_param)
    marks = await session.execute(queries.marks, item_param)
    return InitiativeView(
        id=item.id,
        code=item.code,
        title=item.title,
        kind=item.kind,
        field=item.field,
        movement=movement or "",
        movement_code=movement_code or "",
        problem=item.problem,
        solution=item.solution,
        applied_where=item.applied_where,
        applied_since=item.applied_since,
        benefit=item.benefit,
        filer=item.filer,
        investor_name=item.investor_name,
        investor_address=item.investor_address,
        confidential=item.confidential,
        conditions=item.conditions,
        appliers=await appliers_of(session, item_id),
        state=InitiativeState(item.state),
        version=item.version,
        author_id=item.author_id,
        unit_id=item.unit_id,
        unit=unit,
        submitted_at=item.submitted_at,
        updated_at=item.updated_at,
        authors=tuple(AuthorView(a.member_id, a.name, a.share, details_of(a)) for a in authors),
        files=await FLOW.files(session, item_id),
        history=await FLOW.history(session, item_id),
        scores=tuple(
            ScoreView(r.member_id, name, r.novelty, r.applicability, r.benefit, r.note)
            for r, name in scores
        ),
        marks=tuple(
            MarkView(m.member_id, name, m.condition_code, m.label, m.kind, m.met, m.comment)
            for m, name in marks
        ),
        conclusion=item.conclusion,
        conclusion_reason=item.conclusion_reason,
        decision_number=item.decision_number,
        decision_date=item.decision_date,
        decision_signer=item.decision_signer,
        certificate_number=item.certificate_number or "",
    )
