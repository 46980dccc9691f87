"""HTML pages from Jinja2 templates (``bot/web/templates``), with the catalogue's texts.

Every value is escaped (autoescape on); a text of the catalogue is trusted markup whose
placeholders are escaped by :meth:`bot.texts.Texts.t`. Never put a ``t(…)`` with a person's
value inside an HTML attribute: the catalogue escapes ``<``, ``>`` and ``&`` only.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bot.dates import moment_text
from bot.texts import Texts, vn_number


class Renderer:
    """Renders the web app's templates; built once per process, then only read."""

    def __init__(self, texts: Texts, zone: tzinfo) -> None:
        """Load the templates lazily (each is compiled on first use, then cached); times are
        shown in ``zone`` (the organisation's)."""
        self._env = Environment(
            loader=PackageLoader("bot.web", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self._env.globals["t"] = self._text
        self._env.filters["number"] = vn_number
        self._env.filters["day"] = self.day
        self._env.filters["moment"] = self.moment
        self._texts = texts
        self._zone = zone

    def day(self, value: date | datetime | None) -> str:
        """``02/03/2026`` (a moment's day in the organisation's zone); "" for none."""
        if isinstance(value, datetime):
            value = value.astimezone(self._zone)
        return "" if value is None else value.strftime("%d/%m/%Y")

    def moment(self, value: datetime | None) -> str:
        """``09:00 02/03/2026`` in the organisation's zone; "" for none."""
        return "" if value is None else moment_text(value, self._zone)

    def _text(self, key: str, **params: object) -> Markup:
        return Markup(self._texts.t(key, **params))  # noqa: S704 - the catalogue is ours

    def render(self, template: str, context: dict[str, Any]) -> str:
        """The page ``template`` filled with ``context``."""
        return self._env.get_template(template).render(context)
