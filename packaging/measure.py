"""Measure the frozen build against the source tree, on this machine, in the same run.

    python packaging/measure.py [--rounds 7]      (after python packaging/build.py)

Start time is the wall time of ``--screenshot`` on a demo database: start the process, open the
database, build and paint the main window, write the PNG, exit — the time to a first painted
window plus a small constant. Runs alternate frozen/source so both see the same machine state.
``--smoke`` wall time is reported too. Prints a Markdown table for the README's Notes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build import ROOT, app_path, executable, folder_size, smoke_env  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"measure: {command} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    exe = executable()
    if not exe.exists():
        raise SystemExit(f"measure: {exe} is missing; run python packaging/build.py first")
    env = smoke_env()
    source = [sys.executable, str(ROOT / "main.py")]
    frozen = [str(exe)]
    with tempfile.TemporaryDirectory(prefix="kindly-measure-") as folder:
        db = Path(folder) / "shop.db"
        subprocess.run([*source, "demo", "--db", str(db)], env=env, check=True,
                       capture_output=True)
        shot = ["--db", str(db), "--screenshot", str(Path(folder) / "shot.png")]
        times: dict[str, list[float]] = {key: [] for key in
                                         ("frozen start", "source start", "frozen smoke",
                                          "source smoke")}
        for command in (frozen + shot, source + shot):  # warm the disk cache once
            timed(command, env)
        for _ in range(args.rounds):
            times["frozen start"].append(timed(frozen + shot, env))
            times["source start"].append(timed(source + shot, env))
            times["frozen smoke"].append(timed(frozen + ["--smoke"], env))
            times["source smoke"].append(timed(source + ["--smoke"], env))
    median = {key: statistics.median(values) for key, values in times.items()}
    size = folder_size(app_path())
    print(f"Kindly on {platform.system()} {platform.machine()}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores; median of {args.rounds} runs")
    print()
    print("| measure | frozen | from source | frozen ÷ source |")
    print("|---|---|---|---|")
    print(f"| bundle size ({app_path().name}) | {size / 1e6:.0f} MB | — | — |")
    print(f"| start to painted window (`--screenshot`) | {median['frozen start']:.2f} s | "
          f"{median['source start']:.2f} s | "
          f"{median['frozen start'] / median['source start']:.2f}× |")
    print(f"| `--smoke` | {median['frozen smoke']:.2f} s | {median['source smoke']:.2f} s | "
          f"{median['frozen smoke'] / median['source smoke']:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
