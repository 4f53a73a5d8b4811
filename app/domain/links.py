"""Reading a post's id (and its author) out of the many shapes of X and Twitter links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_HOSTS = {
    "x.com",
    "twitter.com",
    "mobile.twitter.com",
    "mobile.x.com",
    "m.twitter.com",
    "www.twitter.com",
    "www.x.com",
    "fxtwitter.com",
    "vxtwitter.com",
    "fixupx.com",
    "nitter.net",
}
_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_ID = re.compile(r"^\d{1,20}$")


@dataclass(frozen=True)
class PostLink:
    post_id: str
    handle: str | None  # None for /i/web/status/<id> links

    @property
    def url(self) -> str:
        who = self.handle or "i/web"
        return f"https://x.com/{who}/status/{self.post_id}"


def parse_post_link(text: str) -> PostLink | None:
    """The post a link points at, or None when it is not a link to one post.

    Accepts x.com and twitter.com (mobile., www., common embed mirrors), with or without scheme,
    /status/ and /statuses/, /i/web/status/, trailing /photo/1, query strings and fragments.
    """
    raw = text.strip().strip("<>")
    if not raw:
        return None
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host not in _HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 3 and segments[0] == "i" and segments[1] == "web":
        segments = segments[1:]
        handle = None
    elif len(segments) >= 3 and segments[0] == "i" and segments[1] in ("status", "statuses"):
        handle = None
        segments = ["web", *segments[1:]]
    else:
        handle = segments[0] if segments else None
    if len(segments) < 3 or segments[1] not in ("status", "statuses"):
        return None
    post_id = segments[2]
    if not _ID.match(post_id) or int(post_id) == 0:
        return None
    if handle is not None:
        if not _HANDLE.match(handle):
            return None
    return PostLink(post_id=post_id, handle=handle)


def clean_handle(text: str) -> str | None:
    """'@Maya_K ' → 'Maya_K'; None if it cannot be an X handle."""
    handle = text.strip().lstrip("@").strip()
    return handle if _HANDLE.match(handle) else None
