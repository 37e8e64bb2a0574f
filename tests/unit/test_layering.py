"""Layering rules import-linter cannot express: view-models use QtCore only."""

from __future__ import annotations

import ast
from pathlib import Path

import alloy_desktop

PACKAGE = Path(alloy_desktop.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_viewmodels_import_only_qtcore_from_qt() -> None:
    offenders = {
        f"{path.name}: {name}"
        for path in (PACKAGE / "ui" / "viewmodels").glob("*.py")
        for name in _imports(path)
        if name.startswith(("PySide6.", "pyqtgraph")) and name != "PySide6.QtCore"
    }
    assert offenders == set()


def test_every_module_has_a_one_line_docstring() -> None:
    missing = []
    for path in PACKAGE.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc or "\n" in doc.strip():
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []
