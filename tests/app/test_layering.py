"""The engine stays plain Python: nothing under app/ may import Qt."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def qt_imports(source: str) -> list[tuple[int, str]]:
    """Every import of a Qt module in ``source``, at any depth (a function's lazy import too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found += [(node.lineno, name) for name in names if name.split(".")[0] in QT_MODULES]
    return found


def test_no_file_in_app_imports_qt():
    offenders = []
    files = list(APP.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for line, name in qt_imports(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(APP.parent)}:{line} imports {name}")
    assert offenders == []


def test_the_check_itself_catches_an_import():
    sample = (
        "import json\n"
        "from app.domain import models\n"
        "def later():\n"
        "    from PySide6.QtCore import QObject\n"
        "    import shiboken6\n"
        "    import PyQt6.QtWidgets as w\n"
    )
    assert qt_imports(sample) == [(4, "PySide6.QtCore"), (5, "shiboken6"), (6, "PyQt6.QtWidgets")]
    assert qt_imports("import pyside_helpers\nfrom .PySide6 import x\n") == []
