"""The engine stays plain Python: nothing under app/ may import Qt."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def test_no_file_in_app_imports_qt():
    offenders = []
    files = list(APP.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in QT_MODULES:
                    offenders.append(f"{path.relative_to(APP.parent)}:{node.lineno} imports {name}")
    assert offenders == []


def test_the_check_itself_catches_an_import(tmp_path):
    sample = "from PySide6.QtCore import QObject\n"
    tree = ast.parse(sample)
    found = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert found == ["PySide6.QtCore"]
