"""Each feature package's ``__init__`` is its public API: other packages import only from there.

A reader who knows a feature's name finds its service under ``bot/services/<feature>/`` and its
handlers under ``handlers/<feature>/``; what another package may use is what the ``__init__``
lists in ``__all__``.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("bot", "handlers", "scheduler", "models", "bench")
FEATURE_ROOTS = ("bot/services", "handlers")


def _packages() -> list[str]:
    found = []
    for base in FEATURE_ROOTS:
        for init in sorted((ROOT / base).glob("*/__init__.py")):
            found.append(".".join(init.parent.relative_to(ROOT).parts))
    return found


PACKAGES = _packages()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(module: str) -> str | None:
    return next((p for p in PACKAGES if module == p or module.startswith(p + ".")), None)


def _imports() -> Iterator[tuple[str, int, str, tuple[str, ...]]]:
    for top in PRODUCT:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "versions" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = tuple(alias.name for alias in node.names)
                    yield _module_name(path), node.lineno, node.module, names


def test_the_feature_packages_the_issue_names_exist() -> None:
    services = {p.rsplit(".", 1)[1] for p in PACKAGES if p.startswith("bot.services.")}
    handlers = {p.rsplit(".", 1)[1] for p in PACKAGES if p.startswith("handlers.")}
    assert {"people", "conversation", "plans", "initiatives", "nominations", "reports"} <= services
    assert {"leaderboards", "broadcasts", "delivery", "workflow", "common"} <= services
    assert {"people", "plans", "initiatives", "nominations", "reports", "leaderboards"} <= handlers
    assert {"broadcasts", "reminders", "exports", "common"} <= handlers


def test_no_package_reaches_into_another_packages_modules() -> None:
    reaching = []
    for importer, line, module, names in _imports():
        target = _package_of(module)
        if target is None or _package_of(importer) == target:
            continue
        if module != target:
            reaching.append(f"{importer}:{line} imports {module}")
            continue
        public = set(importlib.import_module(target).__all__)
        hidden = [n for n in names if n not in public]
        if hidden:
            reaching.append(f"{importer}:{line} imports {hidden} that {target} does not export")
    assert reaching == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_name_a_package_exports_exists(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__doc__
    assert [name for name in module.__all__ if not hasattr(module, name)] == []
