"""Reading a pasted post link through X's public oEmbed endpoint (no account, no cost).

It fills the hand-entry form's author and text. Offline, or when X says no, the owner types them
in as before: every failure is an ``OEmbedUnavailable`` with a plain-words message.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from app.domain.links import parse_post_link
from app.errors import ErrorKind, KindlyError, ValidationError
from app.services.xapi import XOffline, classify_transport_error

if TYPE_CHECKING:  # requests is imported on first use, not at start
    import requests

log = logging.getLogger("kindly.oembed")

DEFAULT_OEMBED_URL = "https://publish.x.com/oembed"


class OEmbedUnavailable(KindlyError):
    kind = ErrorKind.UNAVAILABLE


# X writes the date in English ("November 3, 2026") whatever the owner's language; strptime's %B
# would read month names in the system locale (and fail under de_DE, fr_FR…).
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE = re.compile(r"^([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})$")


def parse_english_date(text: str) -> datetime | None:
    """'November 3, 2026' → that day (UTC midnight), without the system locale."""
    match = _DATE.match(text.strip())
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    try:
        return datetime(
            int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)), tzinfo=UTC
        )
    except ValueError:
        return None


@dataclass(frozen=True)
class EmbeddedPost:
    post_id: str
    handle: str
    author_name: str
    text: str
    posted_on: datetime | None  # oEmbed gives the day only


class _BlockquoteReader(HTMLParser):
    """The post's text is the <p> inside the blockquote; the date is the last link's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_p = False
        self.in_a = False
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.in_p = True
        elif tag == "br" and self.in_p:
            self.text.append("\n")
        elif tag == "a":
            self.in_a = True
            self.links.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_p = False
        elif tag == "a":
            self.in_a = False

    def handle_data(self, data):
        if self.in_p:
            self.text.append(data)
        if self.in_a and self.links:
            self.links[-1] += data


def parse_oembed(body: object, post_id: str) -> EmbeddedPost:
    if not isinstance(body, dict) or not isinstance(body.get("html"), str):
        raise OEmbedUnavailable("X's answer about this post could not be read. Type it in instead.")
    reader = _BlockquoteReader()
    reader.feed(body["html"])
    text = html.unescape("".join(reader.text)).strip()
    author_url = str(body.get("author_url") or "")
    handle = author_url.rstrip("/").rsplit("/", 1)[-1] if author_url else ""
    posted_on = parse_english_date(reader.links[-1]) if reader.links else None
    if not text or not handle:
        raise OEmbedUnavailable("X's answer about this post had no text. Type it in instead.")
    return EmbeddedPost(post_id, handle, str(body.get("author_name") or ""), text, posted_on)


def fetch_post(
    link: str,
    *,
    endpoint: str = DEFAULT_OEMBED_URL,
    session: requests.Session | None = None,
    timeout: float = 10.0,
) -> EmbeddedPost:
    """Ask X's oEmbed endpoint about a post link (call in a worker)."""
    parsed = parse_post_link(link)
    if parsed is None:
        raise ValidationError(
            "Paste the link of one post, like https://x.com/name/status/123…", "link"
        )
    import requests

    session = session or requests.Session()
    who = parsed.handle or "i/web"
    url = f"https://twitter.com/{who}/status/{parsed.post_id}"
    try:
        response = session.get(
            endpoint, params={"url": url, "omit_script": "1", "dnt": "true"}, timeout=timeout
        )
    except requests.RequestException as exc:
        error = classify_transport_error(exc)
        if isinstance(error, XOffline):
            raise OEmbedUnavailable(
                "You are offline, so Kindly cannot read the post. Type it in instead."
            ) from None
        raise OEmbedUnavailable("X did not answer in time. Type the post in instead.") from None
    if response.status_code == 404:
        raise OEmbedUnavailable(
            "X does not show this post (deleted, private or protected). Type it in instead."
        )
    if response.status_code != 200:
        raise OEmbedUnavailable(
            f"X could not show this post (error {response.status_code}). Type it in instead."
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    return parse_oembed(body, parsed.post_id)
