"""Which importer a file needs: by what it is (zip, folder, CSV header, JSON head), not its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.importers.common import ImportFailed

FORMATS = ("auto", "twcs", "archive", "kindly")


def detect_format(path: Path) -> str:
    """'twcs', 'archive' or 'kindly'; ImportFailed with a plain reason when it is none of them."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"There is no file or folder at {path}.")
    if path.is_dir():
        return "archive"
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ImportFailed(f"Kindly cannot read {path}: {exc.strerror or exc}.") from exc
    if head.startswith(b"PK") or zipfile.is_zipfile(path):
        return "archive"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"window.YTD.") or text.startswith(b"window.__THAR_CONFIG"):
        return "archive"
    if text.startswith(b"{"):
        return "kindly"
    first_line = text.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    from app.importers.twcs import looks_like_twcs

    if looks_like_twcs(first_line) or path.suffix.lower() == ".csv":
        return "twcs"
    if path.suffix.lower() == ".zip":
        return "archive"
    raise ImportFailed(
        f"Kindly does not know what {path.name} is. It imports X's 'Download your archive' (the "
        "zip or its folder), a CSV in the Customer Support on Twitter layout, and its own JSON "
        "export."
    )
