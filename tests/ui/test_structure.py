"""The window's code keeps its shape: views by package, no view over 450 lines, no storage from
the UI, and the main window's parts declared by the main window itself."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
MAX_LINES = 450

# ui/ modules that still read a storage class directly, each waiting for its service to offer
# what it needs. The list may only shrink: a new import of app.storage from ui/ fails.
STORAGE_STILL_IMPORTED = {
    "ui/common/workers.py",  # opens the worker's own connection
    "ui/followups/controller.py",
    "ui/followups/detail.py",
    "ui/followups/model.py",
    "ui/followups/page.py",
    "ui/inbox/model.py",
    "ui/inbox/post_fetch.py",
    "ui/people/detail.py",
    "ui/people/model.py",
    "ui/people/page.py",
    "ui/shell/screenshots.py",
    "ui/stats/page.py",
    "ui/x/account.py",
    "ui/x/sync_status.py",
}


def ui_files() -> list[Path]:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 40
    return files


def storage_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n == "app.storage" or n.startswith("app.storage.")]
    return found


def window_attributes_set(source: str) -> list[str]:
    """``window.x = …`` (or ``self.window.x``, ``self._window.x``): setting a main window's
    attribute from outside it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            if not isinstance(target, ast.Attribute):
                continue
            owner = target.value
            if isinstance(owner, ast.Name) and owner.id in ("window", "win", "main_window"):
                found.append(target.attr)
            elif (
                isinstance(owner, ast.Attribute)
                and owner.attr in ("window", "_window")
                and isinstance(owner.value, ast.Name)
                and owner.value.id == "self"
            ):
                found.append(target.attr)
    return found


def test_every_view_has_its_package_and_no_file_is_over_450_lines():
    top_level = sorted(p.name for p in UI.glob("*.py"))
    assert top_level == ["__init__.py"], "a module at ui/'s top level belongs in a view's package"
    for package in (
        "shell",
        "common",
        "inbox",
        "conversation",
        "review",
        "templates",
        "followups",
        "people",
        "stats",
        "data",
        "x",
    ):
        assert (UI / package / "__init__.py").exists(), package
    long = {
        str(p.relative_to(ROOT)): n
        for p in ui_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_tests_mirror_the_views():
    tests = ROOT / "tests" / "ui"
    for package in (
        "shell",
        "common",
        "inbox",
        "conversation",
        "followups",
        "people",
        "stats",
        "data",
        "x",
    ):
        assert list((tests / package).glob("test_*.py")), package


def test_ui_does_not_import_storage_beyond_what_is_left_to_move():
    importing = {
        str(p.relative_to(ROOT))
        for p in ui_files()
        if storage_imports(p.read_text(encoding="utf-8"))
    }
    assert importing - STORAGE_STILL_IMPORTED == set(), "the UI asks services, not storage"
    assert STORAGE_STILL_IMPORTED - importing == set(), "moved: take it off the list"


def test_no_one_sets_attributes_on_the_main_window():
    offenders = {}
    for path in ui_files():
        if path.name == "main_window.py":
            continue
        found = window_attributes_set(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_main_window_holds_only_what_it_declares(window):
    """At run time too: every attribute on the built window is one main_window.py assigns."""
    source = (UI / "shell" / "main_window.py").read_text(encoding="utf-8")
    declared = {
        t.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
    }
    # Chained assignments (``a = self.b = …``) are Assign targets too, so they count.
    assert {"conversation", "followups_controller", "file_actions", "x_sync"} <= declared
    own = {
        name
        for name in vars(window)
        if not name.startswith("__") and not hasattr(type(window), name)
    }
    assert own and own - declared == set()


def test_the_checks_themselves_find_what_they_look_for():
    sample = (
        "from app.storage.posts import Posts\n"
        "def later(window, self=None):\n"
        "    import app.storage\n"
        "    from app.services.inbox import Inbox\n"
        "    window.opener = 1\n"
        "    self.window.customers: int = 2\n"
        "    self.other.x = 3\n"
    )
    assert storage_imports(sample) == ["app.storage.posts", "app.storage"]
    assert window_attributes_set(sample) == ["opener", "customers"]


def runnable_classes(source: str) -> list[str]:
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id == "QRunnable" for b in node.bases)
    ]


def test_work_off_the_gui_thread_goes_through_the_one_worker_helper():
    assert runnable_classes("class A(QRunnable):\n    pass\nclass B(QObject):\n    pass\n") == ["A"]
    found = {
        str(p.relative_to(ROOT)): names
        for p in ui_files()
        if (names := runnable_classes(p.read_text(encoding="utf-8")))
    }
    assert found == {"ui/common/workers.py": ["Worker"]}
