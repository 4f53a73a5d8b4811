"""Is there a newer Kindly? An opt-in look at the project's latest published release.

Off until the owner allows it (``Settings.check_for_updates``; Help → Check for updates). Then
Kindly asks the release page's API once a day for the latest release and, when it is newer than
this one, the window shows one quiet line with a link to it. Nothing is downloaded or installed:
the owner follows the link and installs the new version as the first one. Offline, or on any
failure, the answer is simply "nothing to say"; the reason goes to the log only.

Where the releases are is written into a release build by the release workflow
(``resources/release.json``: ``{"repository": "owner/name"}``); ``KINDLY_RELEASES_URL`` can point
at any URL answering like GitHub's ``releases/latest`` (tests, a mirror). A copy of Kindly
without either (run from source, installed with pip) has nothing to check and says so.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kindly.updates")

CHECK_EVERY_HOURS = 24
TIMEOUT_SECONDS = 10
ENV_URL = "KINDLY_RELEASES_URL"
RELEASE_FILE = "release.json"
_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Release:
    version: str  # "0.2.0" (the tag without its "v")
    url: str  # the release's page, for the owner to read and download from

    def line(self) -> str:
        return f"Kindly {self.version} is available."


def releases_url(resources: Path | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """The API address of the latest release, or None when this copy does not know one."""
    found: Mapping[str, str] = os.environ if env is None else env
    if found.get(ENV_URL):
        return found[ENV_URL]
    if resources is None:
        from app.paths import resources_dir

        resources = resources_dir()
    try:
        data = json.loads((resources / RELEASE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    repository = data.get("repository") if isinstance(data, dict) else None
    if not isinstance(repository, str) or not _REPOSITORY.match(repository):
        return None
    return f"https://api.github.com/repos/{repository}/releases/latest"


def version_key(text: str) -> tuple[tuple[int, ...], bool] | None:
    """``"v1.4.0"`` → ((1, 4, 0), True); a pre-release (``1.4.0rc1``) sorts before its release.
    None when ``text`` is not a version at all."""
    match = re.fullmatch(r"v?(\d+(?:\.\d+)*)([A-Za-z.+-].*)?", text.strip())
    if not match:
        return None
    numbers = tuple(int(part) for part in match.group(1).split("."))
    numbers = numbers + (0,) * (4 - len(numbers)) if len(numbers) < 4 else numbers
    return numbers, match.group(2) is None


def is_newer(candidate: str, current: str) -> bool:
    new, old = version_key(candidate), version_key(current)
    return new is not None and old is not None and new > old


def _get_json(url: str, timeout: float, user_agent: str):
    import requests

    response = requests.get(
        url,
        timeout=timeout,
        headers={"Accept": "application/vnd.github+json", "User-Agent": user_agent},
    )
    response.raise_for_status()
    return response.json()


def latest_release(
    url: str,
    current: str,
    get_json: Callable[[str, float, str], object] | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Release | None:
    """The latest release if it is newer than ``current``; None otherwise, offline, or on any
    failure (logged, never raised: an update check is never a reason for an error)."""
    fetch = get_json or _get_json
    try:
        data = fetch(url, timeout, f"Kindly/{current} (update check)")
    except Exception as exc:  # noqa: BLE001 (offline, refused, rate-limited, not JSON: silence)
        log.info("update check: no answer (%s)", type(exc).__name__)
        return None
    if not isinstance(data, dict) or data.get("draft") or data.get("prerelease"):
        return None
    tag, page = data.get("tag_name"), data.get("html_url")
    if not isinstance(tag, str) or not isinstance(page, str) or not page.startswith("https://"):
        log.info("update check: an answer without a version or a page")
        return None
    if not is_newer(tag, current):
        return None
    version = tag[1:] if tag[:1] in "vV" else tag
    log.info("update check: Kindly %s is available (this is %s)", version, current)
    return Release(version=version, url=page)
