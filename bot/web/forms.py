"""A form as typed and what is wrong with it: pages re-show both next to the fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiohttp import web
from multidict import MultiMapping

#: The longest single-line value a form accepts; longer text fields say their own limit.
LINE_MAX = 200


@dataclass
class FormState:
    """The values typed (as text) and one Vietnamese message per field that is wrong."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether no field is wrong."""
        return not self.errors

    def value(self, name: str) -> str:
        """What was typed in ``name`` ("" when nothing)."""
        return self.values.get(name, "")

    def refuse(self, name: str, message: str) -> None:
        """Mark ``name`` wrong with ``message`` (the first message of a field is kept)."""
        self.errors.setdefault(name, message)


def typed(posted: MultiMapping[str | web.FileField | object] | Mapping[str, object]) -> FormState:
    """The text fields of a posted form (files and the CSRF token left out)."""
    values = {
        name: value for name, value in posted.items() if isinstance(value, str) and name != "_csrf"
    }
    return FormState(values=values)
