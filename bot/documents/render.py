"""Filling ``.docx`` templates: Jinja2 in Word, as docxtpl writes it (``{{ field }}``,
``{%p for … %}`` paragraphs, ``{%tr for … %}`` table rows).

A template is prepared once — docxtpl's own preprocessing of the Word XML, then one compiled
Jinja template — and each document only renders the body and writes the package again, so a
dossier of hundreds of documents stays fast. Templates whose headers or footers hold fields,
or that loop over table columns (``{%tc``), go through docxtpl's full render instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from bot.documents.typography import BLANK
from bot.errors import TemplateBroken

BODY: Final = "word/document.xml"
_SHIPPED: Final = Path(__file__).parent / "templates"
_PARTS_WITH_FIELDS = re.compile(r"word/(header|footer)\d*\.xml")


class _Blank(jinja2.ChainableUndefined):
    """A field the template names but the bot does not fill shows as a visible blank."""

    def __str__(self) -> str:
        return BLANK


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=_Blank)


@dataclass(frozen=True, slots=True)
class _Entry:
    info: zipfile.ZipInfo
    data: bytes


class CompiledTemplate:
    """One template, prepared for many renders."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                self._entries = [_Entry(i, package.read(i)) for i in package.infolist()]
            body = next(e.data for e in self._entries if e.info.filename == BODY).decode()
            full = self._needs_docxtpl(body)
            self._body = None if full else _environment().from_string(self._patch(data, body))
        except (zipfile.BadZipFile, StopIteration, UnicodeDecodeError, KeyError) as exc:
            raise TemplateBroken(name=name, reason=type(exc).__name__) from exc
        except jinja2.TemplateError as exc:
            raise TemplateBroken(name=name, reason=str(exc)) from exc

    def _needs_docxtpl(self, body: str) -> bool:
        fields_elsewhere = any(
            _PARTS_WITH_FIELDS.fullmatch(e.info.filename) and b"{" in e.data for e in self._entries
        )
        return fields_elsewhere or "{%tc" in body or "{%-tc" in body

    @staticmethod
    def _patch(data: bytes, body: str) -> str:
        patched: str = DocxTemplate(io.BytesIO(data)).patch_xml(body)
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)

    def render(self, context: Mapping[str, object]) -> bytes:
        """The filled document's bytes; user values are XML-escaped."""
        try:
            if self._body is None:
                return self._render_with_docxtpl(context)
            xml = self._body.render(context)
        except jinja2.TemplateError as exc:
            raise TemplateBroken(name=self.name, reason=str(exc)) from exc
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, tag)
        try:
            etree.fromstring(xml.encode())
        except etree.XMLSyntaxError as exc:
            raise TemplateBroken(name=self.name, reason=str(exc)) from exc
        return self._package(xml.encode())

    def _package(self, body: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            for entry in self._entries:
                data = body if entry.info.filename == BODY else entry.data
                package.writestr(entry.info.filename, data)
        return out.getvalue()

    def _render_with_docxtpl(self, context: Mapping[str, object]) -> bytes:
        template = DocxTemplate(io.BytesIO(self._data))
        template.render(dict(context), _environment())
        out = io.BytesIO()
        template.save(out)
        return out.getvalue()


class TemplateStore:
    """The templates: the Office's folder first (``[documents] templates_dir``), then the
    shipped ones. A template replaced on disk is read again at its next use."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._cache: dict[str, tuple[tuple[Path, int, int], CompiledTemplate]] = {}

    def path(self, name: str) -> Path:
        """Where template ``name`` is read from."""
        if self._folder is not None and (self._folder / name).is_file():
            return self._folder / name
        return _SHIPPED / name

    def get(self, name: str) -> CompiledTemplate:
        """Template ``name``, compiled once per version of its file."""
        path = self.path(name)
        try:
            stat = path.stat()
        except OSError as exc:
            raise TemplateBroken(name=name, reason=type(exc).__name__) from exc
        key = (path, stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        compiled = CompiledTemplate(name, path.read_bytes())
        self._cache[name] = (key, compiled)
        return compiled


def shipped_templates() -> tuple[Path, ...]:
    """Every template the bot ships, for the Office to copy and edit."""
    return tuple(sorted(_SHIPPED.glob("*.docx")))
