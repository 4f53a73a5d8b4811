"""A headless Kindly that sends its outbox once: the process the exactly-once test kills."""

from __future__ import annotations

import sys
from pathlib import Path

from app.logsetup import setup_logging
from app.paths import log_dir_for
from app.services.outbox import Outbox
from app.services.xconnection import client_for
from app.workspace import open_workspace


def main(db_path: str) -> int:
    setup_logging(log_dir_for(Path(db_path)))
    workspace = open_workspace(Path(db_path))
    try:
        report = Outbox(workspace).send_pending(client_for(workspace))
    finally:
        workspace.close()
    print(
        f"sent={len(report.sent)} found={len(report.found_already_sent)} "
        f"failed={len(report.failed)} waiting={report.waiting}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
