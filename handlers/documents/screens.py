"""``/vanban CODE`` and the 📄 button: the documents a person may have of an item or a list,
one file per press, and for the Office a session's or decision's whole dossier (.zip) after
a look at the fields it leaves blank.

The service re-checks who may have what, so a forged button gets nothing.
"""

from __future__ import annotations

import asyncio

from bot.callbacks import DocumentChoice, DocumentMenu, DocumentSubject
from bot.documents import file_name, pack
from bot.ports import Button, Document, Reply
from bot.services.documents import (
    KIND_NAMES,
    SUBJECT_NAMES,
    Blanks,
    DocumentKind,
    Offer,
    Ref,
    Subject,
    SubjectKind,
    SubjectRef,
)
from bot.turn import Turn
from handlers.common import member_of

#: How many incomplete documents the warning lists before it only counts the rest.
SHOWN_BLANKS = 12


async def start(turn: Turn) -> Reply:
    """``/vanban``: ask for a code; ``/vanban CODE``: the documents of that subject."""
    code = turn.args.strip()
    if not code:
        return Reply(turn.t("documents.chat.ask_code"))
    return await _offer(turn, code)


async def press(turn: Turn, payload: DocumentMenu) -> Reply:
    """A documents button: the offer, one file, the dossier's check, or the dossier."""
    ref = SubjectRef(SubjectKind(payload.subject.value), payload.item)
    if payload.choice is DocumentChoice.FILE:
        return await _file(turn, ref, payload.kind)
    if payload.choice is DocumentChoice.CHECK:
        return await _check(turn, ref)
    if payload.choice is DocumentChoice.DOSSIER:
        return await _dossier(turn, ref)
    return await _offer(turn, ref)


def _payload(choice: DocumentChoice, subject: Subject, kind: str = "") -> str:
    return DocumentMenu(choice, DocumentSubject(subject.kind.value), subject.id, kind).pack()


def _named(turn: Turn, subject: Subject) -> str:
    return turn.t(
        "documents.chat.named", subject=turn.t(SUBJECT_NAMES[subject.kind]), code=subject.code
    )


async def _offer(turn: Turn, ref: Ref) -> Reply:
    offer: Offer = await turn.services.documents.offer(member_of(turn), ref)
    subject = offer.subject
    rows = [
        (Button(turn.t(KIND_NAMES[k]), _payload(DocumentChoice.FILE, subject, k.value)),)
        for k in offer.kinds
    ]
    if offer.dossier:
        rows.append(
            (
                Button(
                    turn.t("documents.chat.dossier_button"),
                    _payload(DocumentChoice.CHECK, subject),
                ),
            )
        )
    key = "documents.chat.offer" if rows else "documents.chat.offer_none"
    text = turn.t(key, named=_named(turn, subject), title=offer.title)
    return Reply(text, buttons=tuple(rows))


async def _file(turn: Turn, ref: Ref, kind_value: str) -> Reply:
    try:
        kind = DocumentKind(kind_value)
    except ValueError:
        return await _offer(turn, ref)  # a button of an older release
    result = await turn.services.documents.files(member_of(turn), ref, kind)
    named = _named(turn, result.subject)
    if not result.files:
        return Reply(turn.t("documents.chat.file_none", named=named))
    blanks = tuple(Blanks(f.name, f.missing) for f in result.files)
    text = turn.t("documents.chat.file_sent", document=turn.t(KIND_NAMES[kind]), named=named)
    warning = _blanks_text(turn, blanks)
    if len(result.files) == 1:
        only = result.files[0]
        return Reply(_join(text, warning), document=Document(only.name, only.content))
    notes = turn.services.documents.notes(result.subject, blanks)
    bundle = Document(
        file_name(kind.value, result.subject.code, suffix=".zip"),
        await asyncio.to_thread(pack, result.files, notes=notes),
    )
    return Reply(_join(text, warning), document=bundle)


async def _check(turn: Turn, ref: Ref) -> Reply:
    plan = await turn.services.documents.plan(member_of(turn), ref)
    named = _named(turn, plan.subject)
    back = (Button(turn.t("documents.chat.back"), _payload(DocumentChoice.OFFER, plan.subject)),)
    if not plan.documents:
        return Reply(turn.t("documents.chat.dossier_empty", named=named), buttons=(back,))
    warning = _blanks_text(turn, plan.documents)
    key = "documents.chat.check_blanks" if warning else "documents.chat.check_full"
    text = _join(turn.t(key, named=named, count=len(plan.documents)), warning)
    label = "documents.chat.build_anyway" if warning else "documents.chat.build"
    build = (Button(turn.t(label), _payload(DocumentChoice.DOSSIER, plan.subject)),)
    return Reply(text, buttons=(build, back))


async def _dossier(turn: Turn, ref: Ref) -> Reply:
    dossier = await turn.services.documents.dossier(member_of(turn), ref)
    text = turn.t(
        "documents.chat.dossier_sent",
        named=_named(turn, dossier.subject),
        count=len(dossier.documents),
        incomplete=len(dossier.incomplete),
    )
    return Reply(text, document=Document(dossier.name, dossier.content))


def _blanks_text(turn: Turn, documents: tuple[Blanks, ...]) -> str:
    """Which documents leave which fields blank (empty when none does)."""
    incomplete = [d for d in documents if d.missing]
    if not incomplete:
        return ""
    field = turn.services.documents.field
    lines = [turn.t("documents.chat.blanks_header", count=len(incomplete))]
    for document in incomplete[:SHOWN_BLANKS]:
        fields = "; ".join(field(key) for key in document.missing)
        lines.append(turn.t("documents.chat.blanks_line", name=document.name, fields=fields))
    if len(incomplete) > SHOWN_BLANKS:
        lines.append(turn.t("documents.chat.blanks_more", count=len(incomplete) - SHOWN_BLANKS))
    return "\n".join(lines)


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)
