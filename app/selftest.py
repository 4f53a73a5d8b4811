"""The engine's half of ``Kindly --smoke``: is everything an installed Kindly needs really there?

A frozen build can start and still be broken: a data file left out of the bundle, a keyring backend
that PyInstaller did not see, a migration that fails on a fresh file. Each check here returns a
``Check`` instead of raising, so the self-test reports every problem at once, in words. The window
half (render, icon) is ``ui/shell/smoke.py``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.paths import resources_dir

# Backends that mean "no keychain": keyring falls back to these when nothing real is available.
_NO_KEYCHAIN_MODULES = ("keyring.backends.fail", "keyring.backends.null")
# Systems where Kindly ships to owners and a real keychain must be found.
KEYCHAIN_REQUIRED_ON = ("win32", "darwin")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def run_check(name: str, check: Callable[[], str]) -> Check:
    """Run one check; its return value is the detail, any exception is the failure's reason."""
    try:
        return Check(name, True, check())
    except Exception as exc:  # a self-test reports every failure, expected or not
        return Check(name, False, f"{type(exc).__name__}: {exc}")


def check_resources(root: Path | None = None) -> str:
    root = root or resources_dir()
    shop_file = root / "demo" / "shop.json"
    with shop_file.open(encoding="utf-8") as handle:
        shop = json.load(handle)
    posts = shop.get("posts") or []
    if not posts:
        raise ValueError(f"{shop_file} has no posts")
    icon = root / "icons" / "kindly.svg"
    if not icon.is_file():
        raise FileNotFoundError(f"{icon} is missing")
    return f"demo shop has {len(posts)} posts, icons in {icon.parent}"


def check_database(path: Path) -> str:
    """A fresh database at ``path`` gets every migration, and the demo shop loads into it."""
    from app.services.demo import load_demo
    from app.storage.database import schema_version
    from app.storage.migrations import migrations
    from app.workspace import open_workspace

    workspace = open_workspace(path)
    try:
        latest = migrations._migrations[-1].name
        version = schema_version(workspace.db)
        if version != latest:
            raise RuntimeError(f"schema is at {version or 'nothing'}, expected {latest}")
        counts = load_demo(workspace)
        waiting = workspace.db.execute(
            "SELECT count(*) FROM posts WHERE is_shop = 0 AND kind IS NOT NULL"
        ).fetchone()[0]
        if not waiting:
            raise RuntimeError("the demo loaded, but no mention was triaged")
    finally:
        workspace.close()
    return f"schema {version}; demo loaded ({counts['mentions']} mentions, {waiting} triaged)"


def check_triage_model() -> str:
    """Triage's learned model and the embedding it reads ship inside Kindly: both load."""
    from app.domain.triage.model import shipped

    model = shipped()
    if model is None:
        raise RuntimeError("the triage model did not load (model.json missing or damaged)")
    embedding = model.embedding()
    if model.dense and embedding is None:
        raise RuntimeError("the triage embedding did not load (embedding.bin missing or damaged)")
    dims = embedding.dims if embedding is not None else 0
    return f"{len(model.weights)} weights, embedding of {dims} dimensions"


def check_sorting_process() -> str:
    """Imported mentions are sorted in a child process: it starts (an installed Kindly starts
    itself again as that child), agrees with triage here, and ends when told to."""
    from app.domain.triage import classify
    from app.services.triage_backlog import ClassifierProcess

    texts = ["@shop my parcel never arrived", "@shop thank you, it is lovely"]
    with ClassifierProcess() as classifier:
        child = classifier.child
        if child is None:
            raise RuntimeError("no child process could be started")
        found = classifier([(text, None) for text in texts])
        if classifier.child is None:
            raise RuntimeError("the child process stopped answering")
    child.join(timeout=10)
    if child.is_alive():
        raise RuntimeError(f"the child process {child.pid} did not end")
    if found != [classify(text) for text in texts]:
        raise RuntimeError(f"the child sorted differently: {found}")
    return f"child process {child.pid} sorted {len(texts)} mentions and ended"


def describe_backend(backend) -> str:
    cls = type(backend)
    name = f"{cls.__module__}.{cls.__qualname__}"
    inner = getattr(backend, "backends", None)
    if inner is not None:  # keyring's ChainerBackend: several backends tried in turn
        name += " [" + ", ".join(describe_backend(b) for b in inner) + "]"
    return name


def is_real_keychain(backend) -> bool:
    """True unless ``backend`` is keyring's 'fail' or 'null' one (or a chain of nothing else)."""
    inner = getattr(backend, "backends", None)
    if inner is not None:
        return any(is_real_keychain(b) for b in inner)
    return not type(backend).__module__.startswith(_NO_KEYCHAIN_MODULES)


def check_keychain(platform: str | None = None, backend=None) -> str:
    """On Windows and macOS the OS keychain must be what keyring uses; elsewhere it is reported."""
    import keyring

    platform = platform or sys.platform
    backend = backend if backend is not None else keyring.get_keyring()
    description = describe_backend(backend)
    if is_real_keychain(backend):
        return description
    if platform in KEYCHAIN_REQUIRED_ON:
        raise RuntimeError(
            f"no OS keychain backend is active ({description}); X sign-in could not be kept"
        )
    return f"{description} (no keychain service here; not required on {platform})"
