"""The hostile-file collection (tests/hostile/make_hostile.py) against the importers.

Every file is either imported or refused with a message that names it (and the line or record and
the value, where the file has them); a refusal changes no row; nothing raises anything but
Kindly's own errors; one process importing the whole collection stays under 300 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.errors import KindlyError
from app.importers import run_import
from tests.app.test_importers import snapshot
from tests.hostile.make_hostile import build

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MIB = 300


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    return {case.name: case for case in build(tmp_path_factory.mktemp("hostile"))}


def _names():
    # The names only (the files are built once per run by the fixture above).
    with tempfile.TemporaryDirectory() as folder:
        return [case.name for case in build(Path(folder))]


NAMES = _names()


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_file_is_imported_or_refused_in_plain_words(demo, collection, name):
    case = collection[name]
    before = snapshot(demo)
    if case.expect == "refuse":
        with pytest.raises(KindlyError) as info:
            run_import(demo, case.path, "auto", case.shop)
        message = str(info.value)
        assert "Traceback" not in message
        for word in case.words:
            assert word in message, message
        assert snapshot(demo) == before, "a refused file changed the database"
    else:
        report = run_import(demo, case.path, "auto", case.shop)
        text = "\n".join(report.lines())
        for word in case.words:
            assert word in text, text


def test_the_whole_collection_in_one_process_no_traceback_and_bounded_memory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile.import_all", str(tmp_path / "files")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    outcomes, peak = lines[:-1], lines[-1]["peak_mib"]
    assert len(outcomes) == len(NAMES)
    tracebacks = [o for o in outcomes if "traceback" in o]
    assert tracebacks == []
    assert "Traceback" not in result.stderr
    assert peak < PEAK_LIMIT_MIB, f"peak {peak:.0f} MiB"
