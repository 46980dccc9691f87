"""The text catalogue: every key the code uses exists, every key is used, placeholders match."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.dates import EXAMPLES
from bot.domain import InitiativeKind, InitiativeState
from bot.texts import MissingText, Texts, placeholders

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for d in ("bot", "handlers", "scheduler") for p in (ROOT / d).rglob("*.py")]
TEMPLATES = sorted((ROOT / "bot" / "web" / "templates").rglob("*.html"))
KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
#: ``t("key", name=…)`` in a web template: the key and the text of its arguments.
TEMPLATE_CALL = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']([^)]*)\)""")
# Keys built at run time from data: f"roles.{role}", f"commands.{name}".
DYNAMIC_PREFIXES = (
    "roles.",
    "commands.",
    "initiative.state.",
    "initiative.kind.",
    "initiative.notice.",
    "reminder.defaults.",
    "inbox.task.",
    "web.notice.",
)


#: Marks a key used by a handler, whose ``turn.t`` fills the example dates itself.
HANDLER = "@handler"


def _string_constants() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def _used_keys() -> dict[str, set[str]]:
    """Map each literal key passed to ``t(...)`` to the keyword names given with it."""
    used: dict[str, set[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute | ast.Name)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = {k.arg for k in node.keywords if k.arg}
                if any(k.arg is None for k in node.keywords):
                    names.add("**")
                if path.is_relative_to(ROOT / "handlers"):
                    names.add(HANDLER)
                used.setdefault(node.args[0].value, set()).update(names)
    for template in TEMPLATES:
        for key, arguments in TEMPLATE_CALL.findall(template.read_text(encoding="utf-8")):
            names = set(re.findall(r"\b([a-z_]+)\s*=", arguments))
            used.setdefault(key, set()).update(names)
    return used


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def test_every_key_used_in_code_exists(texts: Texts) -> None:
    missing = sorted(k for k in _used_keys() if not texts.has(k))
    assert missing == []


def test_every_catalogue_key_is_used_somewhere(texts: Texts) -> None:
    constants = _string_constants() | set(_used_keys())
    unused = sorted(
        k for k in texts.keys if k not in constants and not k.startswith(DYNAMIC_PREFIXES)
    )
    assert unused == []


def test_placeholders_given_match_the_catalogue(texts: Texts) -> None:
    for key, given in _used_keys().items():
        if "**" in given or not texts.has(key):
            continue
        filled = EXAMPLES if HANDLER in given else frozenset()
        assert placeholders(texts.raw(key)) - filled == given - filled - {HANDLER}, key


def test_every_role_and_command_has_a_text(texts: Texts) -> None:
    from bot.roles import Role
    from handlers.common.catalog import COMMANDS, PUBLIC_COMMANDS

    for role in Role:
        assert texts.has(f"roles.{role.value}")
    for name in [c.name for c in COMMANDS] + list(PUBLIC_COMMANDS):
        assert texts.has(f"commands.{name}")
        assert len(texts.t(f"commands.{name}")) <= 256


def test_values_are_escaped_but_markup_of_the_catalogue_is_kept(texts: Texts) -> None:
    rendered = texts.t("registration.done", name="<i>An</i> & Bình", org="Sở")
    assert "<b>&lt;i&gt;An&lt;/i&gt; &amp; Bình</b>" in rendered


def test_unknown_key_fails_loudly(texts: Texts) -> None:
    with pytest.raises(MissingText):
        texts.t("no.such.key")


def test_catalogue_keys_are_dotted_lowercase(texts: Texts) -> None:
    assert all(KEY.match(k) for k in texts.keys)


def test_every_initiative_state_and_kind_has_a_name(texts: Texts) -> None:
    for state in InitiativeState:
        assert texts.has(f"initiative.state.{state.value}"), state
    for kind in InitiativeKind:
        assert texts.has(f"initiative.kind.{kind.value}"), kind
    for state in set(InitiativeState) - {InitiativeState.DRAFT}:
        assert texts.has(f"initiative.notice.{state.value}"), state


def test_every_dialog_prompt_is_filled_by_its_answers(texts: Texts) -> None:
    """A step's question names only its dialog's answers (and their nested parts) and the
    example dates: anything else would fail when the step is asked."""
    from handlers import dialogs

    for dialog in dialogs():
        fields = set(dialog.answers.model_fields)
        nested = {
            f"{name}_{part}"
            for name, field in dialog.answers.model_fields.items()
            for part in getattr(
                next(
                    (
                        a
                        for a in getattr(field.annotation, "__args__", ())
                        if hasattr(a, "model_fields")
                    ),
                    field.annotation,
                ),
                "model_fields",
                {},
            )
        }
        for step in dialog.steps:
            if step.render is not None:
                continue
            wanted = placeholders(texts.raw(step.prompt)) - EXAMPLES
            assert wanted <= fields | nested, (dialog.name, step.name, wanted - fields - nested)
