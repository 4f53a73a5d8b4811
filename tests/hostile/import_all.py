"""Import every hostile file into a demo shop in this one process; print each outcome and, last,
the process's peak memory (``import_all FOLDER``). The test reads what it prints."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def peak_kib() -> int:
    """This process's own peak resident memory. On Linux ``ru_maxrss`` keeps, across the exec
    that started this process, the high-water mark of the process it was forked from (pytest,
    hundreds of MiB late in a run); the memory map's own ``VmHWM`` starts afresh at exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    from app.errors import KindlyError
    from app.importers import run_import
    from app.services.demo import load_demo
    from app.workspace import open_workspace
    from tests.hostile.make_hostile import build

    cases = build(Path(sys.argv[1]))
    with tempfile.TemporaryDirectory() as folder:
        workspace = open_workspace(Path(folder) / "shop.db")
        load_demo(workspace)
        for case in cases:
            try:
                report = run_import(workspace, case.path, "auto", case.shop)
                outcome = {"case": case.name, "imported": report.lines()}
            except KindlyError as exc:
                outcome = {"case": case.name, "refused": str(exc)}
            except BaseException as exc:  # noqa: BLE001 - a traceback is what the test counts
                outcome = {"case": case.name, "traceback": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(outcome), flush=True)
        workspace.close()
    print(json.dumps({"peak_mib": peak_kib() / 1024}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
