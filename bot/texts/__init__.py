"""The catalogue of every user-facing string.

Strings live in ``vi.toml`` under dotted keys (``start.welcome``). :meth:`Texts.t` fills
``{placeholders}`` with values escaped for Telegram HTML, so a name like ``<b>An</b>`` shows as
typed and never breaks a message.
"""

from __future__ import annotations

import functools
import html
import string
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

_FORMATTER = string.Formatter()


class MissingText(KeyError):
    """A text key is not in the catalogue."""


class Safe(str):
    """A value that is already markup and must not be escaped again."""

    __slots__ = ()


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = str(value)
    return flat


@functools.lru_cache(maxsize=4096)
def placeholders(template: str) -> frozenset[str]:
    """Return the names of the ``{placeholders}`` of a template (parsed once per template:
    ``Turn.t`` asks on every text it renders)."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def escape(value: object) -> str:
    """Escape a value for Telegram HTML unless it is :class:`Safe`."""
    if isinstance(value, Safe):
        return str(value)
    return html.escape(str(value), quote=False)


def vn_number(value: int) -> str:
    """Write a whole number the Vietnamese way: ``1.200``."""
    return f"{value:,}".replace(",", ".")


class Texts:
    """A loaded catalogue."""

    def __init__(self, catalogue: Mapping[str, str]) -> None:
        self._catalogue = dict(catalogue)

    @classmethod
    def load(cls, language: str = "vi") -> Texts:
        """Load the packaged catalogue of ``language``."""
        source = resources.files(__package__).joinpath(f"{language}.toml").read_text("utf-8")
        return cls(_flatten(tomllib.loads(source)))

    @property
    def keys(self) -> frozenset[str]:
        """All keys of the catalogue."""
        return frozenset(self._catalogue)

    def has(self, key: str) -> bool:
        """Tell whether ``key`` exists."""
        return key in self._catalogue

    def raw(self, key: str) -> str:
        """Return the template of ``key`` unfilled."""
        try:
            return self._catalogue[key]
        except KeyError:
            raise MissingText(key) from None

    def t(self, key: str, **params: object) -> str:
        """Return the text of ``key`` with escaped ``params`` filled in."""
        template = self.raw(key)
        if not params:
            return template
        return template.format_map({name: escape(value) for name, value in params.items()})
