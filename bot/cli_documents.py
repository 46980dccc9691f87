"""``documents``, ``dossier`` and ``documents-templates``: the dossier's documents at the
terminal, the same files the chat sends (DESIGN §3.12).

The operator at the terminal may have every document. Blank fields are warned about on
standard error; a wrong code or kind is a :class:`~bot.cli.UsageError` (exit code 2).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.app import open_app
from bot.cli import UsageError
from bot.config import Settings
from bot.documents import Rendered, shipped_templates
from bot.documents.forms.build import build_all
from bot.errors import DomainError
from bot.formatting import strip_html
from bot.services import Services
from bot.services.documents import Blanks, DocumentKind, Ref, SubjectKind
from bot.texts import Texts

#: The commands of this module.
COMMANDS = frozenset({"documents", "dossier", "documents-templates"})


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``documents``, ``dossier`` and ``documents-templates`` to the command line."""
    documents = commands.add_parser(
        "documents", help="write the official documents (.docx) of an item, list or decision"
    )
    documents.add_argument("code", help="SK-…, DC-…, BX-…, PH-…, CK-… or a decision's number")
    kinds = ", ".join(k.value for k in DocumentKind)
    documents.add_argument("--kind", help=f"one kind ({kinds}); default: every kind it has")
    documents.add_argument("--out", type=Path, default=Path(), help="the folder to write into")
    dossier = commands.add_parser(
        "dossier", help="write a council session's or a decision's whole dossier as one .zip"
    )
    which = dossier.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", help="the session's code, PH-…")
    which.add_argument("--decision", help="the decision's or Tờ trình's number")
    dossier.add_argument("--out", type=Path, required=True, help="the .zip file to write")
    templates = commands.add_parser(
        "documents-templates", help="copy the shipped .docx templates for the Office to edit"
    )
    templates.add_argument("--out", type=Path, required=True, help="the folder to write into")
    templates.add_argument(
        "--build", action="store_true", help="build them anew from their form sources (.toml)"
    )


async def run(settings: Settings, texts: Texts, args: argparse.Namespace) -> int:
    """Run one of :data:`COMMANDS` as parsed."""
    if args.command == "documents":
        return await run_documents(settings, texts, args.code, args.kind, args.out)
    if args.command == "dossier":
        return await run_dossier(settings, texts, args.session, args.decision, args.out)
    return run_templates(texts, args.out, build=args.build)


async def run_documents(
    settings: Settings, texts: Texts, code: str, kind: str | None, out: Path
) -> int:
    """Write the documents of ``code`` (one kind, or every kind it has) into folder ``out``."""
    kinds = None if kind is None else (_kind(texts, kind),)
    app = await open_app(settings, texts=texts)
    try:
        services = app.services
        wanted = kinds or await services.documents.kinds(None, code)
        files = [f for k in wanted for f in (await services.documents.files(None, code, k)).files]
    except DomainError as exc:
        raise _usage(texts, exc) from None
    finally:
        await app.close()
    if not files:
        _say(texts.t("documents.cli.none", code=code))
    await _write_all(texts, out, files)
    _warn(texts, app.services, (Blanks(f.name, f.missing) for f in files))
    return 0


async def run_dossier(
    settings: Settings, texts: Texts, session: str | None, decision: str | None, out: Path
) -> int:
    """Write the whole dossier of a council session or a decision as one ``.zip``."""
    ref: Ref = session if session is not None else decision or ""
    expected = SubjectKind.SESSION if session is not None else SubjectKind.DECISION
    app = await open_app(settings, texts=texts)
    try:
        subject = await app.services.documents.subject(None, ref)
        if subject.kind is not expected:
            problem = texts.t("documents.cli.not_dossier", code=ref, option=_option(expected))
            raise UsageError(strip_html(problem))
        dossier = await app.services.documents.dossier(None, ref)
    except DomainError as exc:
        raise _usage(texts, exc) from None
    finally:
        await app.close()
    await _write(texts, out, dossier.content)
    count, incomplete = len(dossier.documents), len(dossier.incomplete)
    _say(texts.t("documents.cli.dossier_written", path=out, count=count, incomplete=incomplete))
    _warn(texts, app.services, dossier.documents)
    return 0


def run_templates(texts: Texts, out: Path, *, build: bool) -> int:
    """Copy the shipped templates into ``out`` for the Office to edit (``build``: write them
    anew from their form sources)."""
    try:
        if build:
            written = build_all(out)
        else:
            out.mkdir(parents=True, exist_ok=True)
            written = tuple(Path(shutil.copy2(p, out / p.name)) for p in shipped_templates())
    except OSError as exc:
        raise UsageError(
            strip_html(texts.t("export.cli.write_error", path=out, problem=exc))
        ) from None
    for path in written:
        _say(texts.t("documents.cli.templates_copied", path=path))
    key = "documents.cli.templates_built" if build else "documents.cli.templates_done"
    _say(texts.t(key, count=len(written), folder=out))
    return 0


def _kind(texts: Texts, value: str) -> DocumentKind:
    try:
        return DocumentKind(value.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in DocumentKind)
        problem = texts.t("documents.cli.bad_kind", kind=value, kinds=kinds)
        raise UsageError(strip_html(problem)) from None


def _option(kind: SubjectKind) -> str:
    return "--session" if kind is SubjectKind.SESSION else "--decision"


def _usage(texts: Texts, exc: DomainError) -> UsageError:
    return UsageError(strip_html(texts.t(exc.text_key, **exc.params)))


async def _write_all(texts: Texts, folder: Path, files: Iterable[Rendered]) -> None:
    try:
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    except OSError as exc:
        problem = texts.t("export.cli.write_error", path=folder, problem=exc)
        raise UsageError(strip_html(problem)) from None
    for file in files:
        path = folder / file.name
        await _write(texts, path, file.content)
        _say(texts.t("documents.cli.written", path=path))


async def _write(texts: Texts, path: Path, content: bytes) -> None:
    try:
        await asyncio.to_thread(path.write_bytes, content)
    except OSError as exc:
        problem = texts.t("export.cli.write_error", path=path, problem=exc)
        raise UsageError(strip_html(problem)) from None


def _warn(texts: Texts, services: Services, documents: Iterable[Blanks]) -> None:
    """One line on standard error per document with blank fields."""
    field = services.documents.field
    for document in documents:
        if document.missing:
            fields = "; ".join(field(key) for key in document.missing)
            line = texts.t("documents.cli.blank", name=document.name, fields=fields)
            sys.stderr.write(strip_html(line) + "\n")


def _say(text: str) -> None:
    sys.stdout.write(strip_html(text) + "\n")
