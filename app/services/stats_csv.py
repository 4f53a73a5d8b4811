"""The Stats page's weekly table as a CSV file: written beside the target and moved into place,
so the file is whole or not there; a full disk is said in plain words and nothing is changed."""

from __future__ import annotations

import os
from pathlib import Path

from app.domain.stats import WeekStats, weekly_csv
from app.errors import DiskFull, KindlyError
from app.storage.database import is_disk_full


def save_weekly_csv(path: Path | str, weeks: list[WeekStats]) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".csv":
        target = target.with_name(target.name + ".csv")
    partial = target.with_name(f".{target.name}.partial")
    text = weekly_csv(weeks)
    try:
        # utf-8-sig: spreadsheet programs on Windows then read names like "Zoë" as written
        with open(partial, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        if is_disk_full(exc):
            raise DiskFull(
                f"Your disk is full, so Kindly could not save {target.name}. Free some space "
                "and save again; nothing was changed."
            ) from exc
        raise KindlyError(f"Kindly cannot save {target}: {exc.strerror or exc}.") from exc
    return target
