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


ROOT = APP.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(source: str, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``source`` imports when it runs, at any depth (a function's
    lazy import too). Imports under ``if TYPE_CHECKING:`` are left out: they never run."""
    tree = ast.parse(source)
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }

    def known_prefix(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {m for m in map(known_prefix, names) if m}
    return found


def import_graph() -> dict[str, set[str]]:
    """Kindly's own modules (main.py, app/, ui/) and which of them each imports at run time; a
    package's import of its own parent package is left out (Python does that anyway)."""
    paths = {module_name(p): p for base in ("app", "ui") for p in (ROOT / base).rglob("*.py")}
    paths["main"] = ROOT / "main.py"
    graph = {}
    for name, path in paths.items():
        imported = runtime_imports(path.read_text(encoding="utf-8"), set(paths))
        graph[name] = {m for m in imported if m != name and not name.startswith(m + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_loop():
    """main.py is the composition root: it imports app/ and ui/, and nothing imports it back
    (the installed commands are ``main:main`` and ``main:gui_main``)."""
    graph = import_graph()
    assert len(graph) > 100
    assert {"app.cli", "ui.shell.launch"} <= graph["main"]
    assert cycles(graph) == []
    importers_of_main = sorted(name for name, imported in graph.items() if "main" in imported)
    assert importers_of_main == ["app.__main__"]  # ``python -m app``, a script like main.py
    engine_importing_ui = [
        name
        for name, imported in graph.items()
        if name.startswith("app.") and any(m.startswith("ui.") for m in imported)
    ]
    assert engine_importing_ui == []


def test_the_cycle_check_itself_finds_a_loop():
    known = {"main", "app.cli", "ui.shell.launch", "app.paths"}
    assert runtime_imports(
        "import main\nfrom app import cli, paths\nif TYPE_CHECKING:\n    import ui.shell.launch\n"
        "def later():\n    from ui.shell.launch import run_gui\n",
        known,
    ) == {"main", "app.cli", "app.paths", "ui.shell.launch"}
    assert runtime_imports("if TYPE_CHECKING:\n    import main\n", known) == set()
    loop = {"main": {"app.cli"}, "app.cli": {"app.paths", "main"}, "app.paths": set()}
    assert cycles(loop) == [["app.cli", "main"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_exempt_from_the_type_check():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert set(config["files"]) == {"app", "ui"}
    exempt = [o["module"] for o in config.get("overrides", []) if o.get("ignore_errors")]
    assert exempt == [], "fix the module's type errors instead"
