"""The dossier's documents (DESIGN §3.12, issue 19): which a person may have of a subject, the
files of one kind, and a session's or decision's whole dossier as one ``.zip``.

Generic over the makers' registry: a maker reads inside this service's one transaction and
returns drafts; filling the templates happens off the event loop, so a large dossier never
stalls the other chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Authority, Award, Council, Rewards
from bot.documents import Draft, Letterhead, Rendered, TemplateStore, file_name, pack, render
from bot.roles import OFFICE
from bot.services.common import MemberView, require_role
from bot.services.documents import lookup
from bot.services.documents.records import DocumentKind, Maker, Setting, Subject, SubjectKind
from bot.services.documents.related import related
from bot.services.documents.results import (
    Blanks,
    DocumentFiles,
    Dossier,
    DossierPlan,
    Offer,
    Ref,
    SubjectRef,
)
from bot.services.documents.rewards import RewardList, reward_rows
from bot.texts import Texts

Makers = Mapping[DocumentKind, tuple[frozenset[SubjectKind], Maker]]
#: Writes a reward list as the accountant's ``.xlsx`` (made at the given moment).
RewardSheet = Callable[[RewardList, datetime], bytes]


def _office(actor: MemberView | None) -> bool:
    """The Office, an admin, or the operator at the terminal (``None``)."""
    return actor is None or actor.role in OFFICE


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What every maker is given beside the database and the day."""

    letterhead: Letterhead
    rewards: Rewards
    awards: tuple[Award, ...]
    authorities: tuple[Authority, ...]
    councils: tuple[Council, ...]


class DocumentService:
    """The documents of initiatives, nominations, lists, sessions and decisions."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        *,
        makers: Makers,
        store: TemplateStore,
        catalogue: Catalogue,
        zone: ZoneInfo,
        reward_sheet: RewardSheet,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._makers = makers
        self._store = store
        self._catalogue = catalogue
        self._zone = zone
        self._reward_sheet = reward_sheet

    async def subject(self, _actor: MemberView | None, ref: Ref) -> Subject:
        """The subject a code or button names (anyone may ask; its documents are checked).

        Raises:
            DocumentSubjectNotFound: Nothing has this code.
        """
        async with self._sessions.begin() as session:
            return (await self._find(session, ref)).subject

    async def offer(self, actor: MemberView | None, ref: Ref) -> Offer:
        """The subject and the kinds of document ``actor`` may have of it.

        Raises:
            DocumentSubjectNotFound: Nothing has this code.
            NotAllowed: ``actor`` may have none of its documents.
        """
        async with self._sessions.begin() as session:
            found = await self._find(session, ref)
            kinds = await self._allowed(session, actor, found.subject)
        dossier = _office(actor) and found.subject.kind in lookup.DOSSIER_SUBJECTS
        if not kinds and not dossier:
            raise errors.NotAllowed
        return Offer(found.subject, found.title, kinds, dossier)

    def shows_documents(
        self,
        actor: MemberView,
        subject: SubjectKind,
        *,
        unit_id: int | None = None,
        authored: bool = False,
    ) -> bool:
        """Whether a screen of a ``subject`` of unit ``unit_id`` should offer ``actor`` its
        documents: some kind the registry makes for it is theirs (no database read; the
        methods below check again)."""
        if _office(actor) and subject in lookup.DOSSIER_SUBJECTS and self._makers:
            return True
        return any(
            lookup.allowed(actor, subject, kind, unit_id=unit_id, authored=authored)
            for kind in self._kinds_of(subject)
        )

    async def kinds(self, actor: MemberView | None, ref: Ref) -> tuple[DocumentKind, ...]:
        """The kinds of document ``actor`` may have of the subject (none: an empty tuple)."""
        async with self._sessions.begin() as session:
            found = await self._find(session, ref)
            return await self._allowed(session, actor, found.subject)

    async def files(self, actor: MemberView | None, ref: Ref, kind: DocumentKind) -> DocumentFiles:
        """The files of document ``kind`` of a subject, filled from what the bot holds.

        Raises:
            DocumentSubjectNotFound: Nothing has this code.
            DocumentKindUnavailable: This kind is not made for this subject.
            NotAllowed: ``actor`` may not have it.
            TemplateBroken: The template cannot be opened or filled.
        """
        async with self._sessions.begin() as session:
            subject = (await self._find(session, ref)).subject
            if kind not in self._kinds_of(subject.kind):
                raise errors.DocumentKindUnavailable(code=subject.code)
            if not await lookup.may_have(session, actor, subject, kind):
                raise errors.NotAllowed
            setting = self._setting()
            if kind is DocumentKind.REWARD_LIST:
                rewards = await reward_rows(session, subject, setting)
                drafts: tuple[Draft, ...] = ()
            else:
                rewards = None
                drafts = await self._maker(subject, kind)(session, subject, setting)
        files = await asyncio.to_thread(self._render_all, drafts, rewards)
        return DocumentFiles(subject, kind, files)

    async def plan(self, actor: MemberView | None, ref: Ref) -> DossierPlan:
        """What the dossier of a session or decision will hold and which fields it leaves
        blank, so the Office is warned before building it (nothing is rendered)."""
        async with self._sessions.begin() as session:
            subject, drafts, rewards = await self._gather(session, actor, ref)
        blanks = [Blanks(d.file_name, d.missing) for d in drafts]
        blanks.append(Blanks(self._reward_name(rewards.code), rewards.missing))
        return DossierPlan(subject, tuple(blanks))

    async def dossier(self, actor: MemberView | None, ref: Ref) -> Dossier:
        """Every document of a session or decision and of its items, as one ``.zip`` with a
        note of the blank fields.

        Raises:
            DocumentSubjectNotFound: Nothing has this code.
            DocumentKindUnavailable: Not a session or decision.
            NotAllowed: ``actor`` is not of the Office.
            TemplateBroken: A template cannot be opened or filled.
        """
        async with self._sessions.begin() as session:
            subject, drafts, rewards = await self._gather(session, actor, ref)
        content, documents = await asyncio.to_thread(self._pack, subject, drafts, rewards)
        return Dossier(
            subject, file_name("Ho-so", subject.code, suffix=".zip"), content, documents
        )

    async def _find(self, session: AsyncSession, ref: Ref) -> lookup.Found:
        if isinstance(ref, SubjectRef):
            found = await lookup.by_id(session, ref.kind, ref.id)
            code = f"{ref.kind.value} {ref.id}"
        else:
            found = await lookup.by_code(session, ref)
            code = ref.strip()
        if found is None:
            raise errors.DocumentSubjectNotFound(code=code)
        return found

    def _maker(self, subject: Subject, kind: DocumentKind) -> Maker:
        entry = self._makers.get(kind)
        if entry is None or subject.kind not in entry[0]:
            raise errors.DocumentKindUnavailable(code=subject.code)
        return entry[1]

    def _kinds_of(self, subject: SubjectKind) -> tuple[DocumentKind, ...]:
        made = [k for k in DocumentKind if subject in self._makers.get(k, ((), None))[0]]
        if subject in lookup.DOSSIER_SUBJECTS:
            made.append(DocumentKind.REWARD_LIST)
        return tuple(made)

    async def _allowed(
        self, session: AsyncSession, actor: MemberView | None, subject: Subject
    ) -> tuple[DocumentKind, ...]:
        """The kinds ``actor`` may have that ``subject`` has: a kind its maker finds nothing
        for (a decision's Tờ trình, an open session's draft decision) is not offered."""
        setting = self._setting()
        return tuple(
            [
                k
                for k in self._kinds_of(subject.kind)
                if await lookup.may_have(session, actor, subject, k)
                and (
                    k is DocumentKind.REWARD_LIST
                    or await self._drafts_if_any(session, subject, k, setting)
                )
            ]
        )

    async def _gather(
        self, session: AsyncSession, actor: MemberView | None, ref: Ref
    ) -> tuple[Subject, tuple[Draft, ...], RewardList]:
        if actor is not None:
            require_role(actor, OFFICE)
        subject = (await self._find(session, ref)).subject
        if subject.kind not in lookup.DOSSIER_SUBJECTS:
            raise errors.DocumentKindUnavailable(code=subject.code)
        setting = self._setting()
        drafts: list[Draft] = []
        for part in (subject, *await related(session, subject)):
            for kind in self._dossier_kinds(subject, part):
                drafts.extend(await self._drafts_if_any(session, part, kind, setting))
        return subject, tuple(drafts), await reward_rows(session, subject, setting)

    def _dossier_kinds(self, subject: Subject, part: Subject) -> tuple[DocumentKind, ...]:
        """What ``part`` gives the dossier of ``subject``: all its documents, but of the
        session a recorded act came from only the minutes (its drafts are superseded)."""
        if part.kind is SubjectKind.SESSION and subject.kind is SubjectKind.DECISION:
            return (DocumentKind.COUNCIL_MINUTES,)
        return tuple(k for k in self._kinds_of(part.kind) if k is not DocumentKind.REWARD_LIST)

    async def _drafts_if_any(
        self, session: AsyncSession, part: Subject, kind: DocumentKind, setting: Setting
    ) -> tuple[Draft, ...]:
        """The drafts of ``kind`` for ``part``, none when it has no such document (a decision
        has no Tờ trình, a Tờ trình no decision): offers and dossiers hold what there is."""
        try:
            return await self._maker(part, kind)(session, part, setting)
        except errors.DocumentKindUnavailable:
            return ()

    def _setting(self) -> Setting:
        catalogue = self._catalogue
        return Setting(
            letterhead=catalogue.letterhead,
            rewards=catalogue.rewards,
            awards={a.code: a for a in catalogue.awards},
            authorities={a.code: a for a in catalogue.authorities},
            councils={c.code: c for c in catalogue.councils},
            zone=self._zone,
            today=self._clock.now().astimezone(self._zone).date(),
        )

    def _render_all(
        self, drafts: Iterable[Draft], rewards: RewardList | None = None
    ) -> tuple[Rendered, ...]:
        files = [render(self._store, d) for d in drafts]
        if rewards is not None:
            sheet = self._reward_sheet(rewards, self._clock.now())
            files.append(Rendered(self._reward_name(rewards.code), sheet, rewards.missing))
        return tuple(files)

    @staticmethod
    def _reward_name(code: str) -> str:
        return file_name("Danh-sach-khen-thuong", code, suffix=".xlsx")

    def _pack(
        self,
        subject: Subject,
        drafts: tuple[Draft, ...],
        rewards: RewardList,
    ) -> tuple[bytes, tuple[Blanks, ...]]:
        files = self._render_all(drafts, rewards)
        documents = tuple(Blanks(f.name, f.missing) for f in files)
        return pack(files, notes=self.notes(subject, documents)), documents

    def notes(self, subject: Subject, documents: Iterable[Blanks]) -> str:
        """The dossier's note of blank fields, in Vietnamese (empty when nothing is blank)."""
        raw = self._texts.raw
        lines: list[str] = []
        for document in documents:
            if document.missing:
                lines.append(raw("documents.dossier.notes_file").format(name=document.name))
                lines.extend(
                    raw("documents.dossier.notes_field").format(field=self.field(key))
                    for key in document.missing
                )
        if not lines:
            return ""
        return "\n".join((raw("documents.dossier.notes_title").format(code=subject.code), *lines))

    def field(self, key: str) -> str:
        """The Vietnamese label of a blank field's text key (the key itself if it has none)."""
        return self._texts.raw(key) if self._texts.has(key) else key
