"""What every importer shares: the report, cancelling, progress, and reading hostile input safely.

An import runs inside one transaction on the caller's connection; anything that goes wrong half-way
raises ``ImportFailed`` (or ``ImportCancelled``) and the caller's ``db.atomic()`` rolls it all back.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO

from app.domain.stored import in_range
from app.errors import ErrorKind, KindlyError

# A post on X is at most 25,000 characters; anything longer in a file is not a post.
MAX_POST_CHARS = 25_000
# How often (in rows) progress is reported and the cancel flag is looked at besides every row.
PROGRESS_EVERY = 250


class ImportFailed(KindlyError):
    """The file cannot be imported; the message names the line or member and why."""

    kind = ErrorKind.IMPORT_FAILED


class ImportCancelled(KindlyError):
    kind = ErrorKind.IMPORT_CANCELLED

    def __init__(self) -> None:
        super().__init__("Import cancelled; nothing was changed.")


@dataclass
class ImportReport:
    """What an import added, and what it skipped with the reason, in the owner's words."""

    format: str  # 'twcs' | 'archive' | 'kindly'
    source: str
    shop_handle: str = ""
    added: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, count: int = 1) -> None:
        self.added[what] += count

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def lines(self) -> list[str]:
        label = {
            "twcs": "Customer Support on Twitter CSV",
            "archive": "X archive",
            "kindly": "Kindly export",
        }.get(self.format, self.format)
        out = [f"Imported {label}: {self.source}"]
        if self.shop_handle:
            out.append(f"Shop: @{self.shop_handle}")
        added = [f"{count:,} {what}" for what, count in self.added.items() if count]
        out.append("Added: " + (", ".join(added) if added else "nothing new"))
        for reason, count in sorted(self.skipped.items(), key=lambda item: -item[1]):
            out.append(f"Skipped {count:,}: {reason}")
        out.extend(self.notes)
        return out

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "source": self.source,
            "shop_handle": self.shop_handle,
            "added": dict(self.added),
            "skipped": dict(self.skipped),
            "notes": list(self.notes),
        }


Progress = Callable[[float, str], None]


class ImportRun:
    """The cancel flag and the progress callback of one import (a worker shares the flag)."""

    def __init__(self, cancel: threading.Event | None = None, progress: Progress | None = None):
        self.cancel = cancel or threading.Event()
        self._progress = progress
        self._rows = 0

    def check(self) -> None:
        """Called for every row: stop (and so roll back) as soon as the owner asks."""
        if self.cancel.is_set():
            raise ImportCancelled()

    def tick(self, fraction: float, message: str) -> None:
        self.check()
        self._rows += 1
        if self._progress is not None and self._rows % PROGRESS_EVERY == 0:
            self._progress(max(0.0, min(1.0, fraction)), message)

    def say(self, fraction: float, message: str) -> None:
        self.check()
        if self._progress is not None:
            self._progress(max(0.0, min(1.0, fraction)), message)


# ----- values as files write them ------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_TWITTER_TIME = re.compile(
    r"^\s*(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+"
    r"([+-])(\d{2})(\d{2})\s+(\d{4})\s*$"
)
_INTEGRAL_FLOAT = re.compile(r"^\s*(\d+)\.0*\s*$")
_DIGITS = re.compile(r"^\s*(\d{1,25})\s*$")


def parse_post_time(text: str) -> datetime:
    """X's 'Tue Oct 31 22:10:47 +0000 2017' (any locale) or ISO-8601, within the years Kindly
    stores (``stored.EARLIEST``..``LATEST``); ValueError otherwise."""
    try:
        return in_range(_parse_post_time(text if isinstance(text, str) else "\0"))
    except (OverflowError, TypeError) as exc:  # year 9999 at -14:00, or year 1 at +14:00
        raise ValueError(text) from exc


def _parse_post_time(text: str) -> datetime:
    match = _TWITTER_TIME.match(text or "")
    if match:
        month = _MONTHS.get(match.group(1).lower())
        if month is None:
            raise ValueError(text)
        sign = 1 if match.group(6) == "+" else -1
        offset = sign * (int(match.group(7)) * 3600 + int(match.group(8)) * 60)
        naive = datetime(
            int(match.group(9)),
            month,
            int(match.group(2)),
            int(match.group(3)),
            int(match.group(4)),
            int(match.group(5)),
        )
        return (naive - timedelta(seconds=offset)).replace(tzinfo=UTC)
    value = datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def post_id(text: str | None) -> str | None:
    """A post id as files write it: '123', '123.0' (pandas), '' (none). ValueError if not an id."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    match = _DIGITS.match(text) or _INTEGRAL_FLOAT.match(text)
    if match:
        return str(int(match.group(1)))
    try:  # '1.5e+06': pandas wrote an id as a float; exact only while it fits a double
        value = float(text)
    except ValueError:
        raise ValueError(text) from None
    if not math.isfinite(value) or value < 0 or value > 2**53 or value != int(value):
        raise ValueError(text)
    return str(int(value))


def post_ids(text: str | None) -> list[str]:
    """A comma-separated list of ids ('9,6,10'); ValueError if one is not an id."""
    if not text or not text.strip():
        return []
    return [i for i in (post_id(part) for part in text.split(",")) if i]


def handle_mentioned(text: str, handle: str) -> bool:
    """True when ``text`` contains @handle (any case) as a whole handle, not @handleUK."""
    return re.search(rf"@{re.escape(handle)}(?![A-Za-z0-9_])", text, re.IGNORECASE) is not None


# ----- streams -------------------------------------------------------------------------------------


class CountingReader:
    """A binary stream that counts what was read (for progress) and refuses to read past a cap."""

    def __init__(self, raw: IO[bytes], limit: int | None = None, name: str = "the file"):
        self.raw = raw
        self.limit = limit
        self.name = name
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        if self.limit is not None and self.count > self.limit:
            raise ImportFailed(
                f"{self.name} is larger than it says ({self.count:,} bytes read); "
                "Kindly stopped reading it."
            )
        return data

    def readable(self) -> bool:
        return True


class PrefixedReader:
    """``head`` followed by the rest of ``rest``: a stream that starts after a stripped prefix."""

    def __init__(self, head: bytes, rest):
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._rest.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)


_YTD_PREFIX = re.compile(rb"^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*")
_THAR_PREFIX = re.compile(rb"^\s*window\.__THAR_CONFIG\s*=\s*")


def strip_js_prefix(stream, member: str, *, manifest: bool = False) -> PrefixedReader:
    """The JSON inside one of X's archive files: drop ``window.YTD.tweets.part0 = ``.

    A file without the prefix is not from X's archive and is refused in plain words.
    """
    head = stream.read(512)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    match = (_THAR_PREFIX if manifest else _YTD_PREFIX).match(head)
    if match is None:
        expected = "window.__THAR_CONFIG =" if manifest else "window.YTD.….part0 ="
        raise ImportFailed(
            f"{member} does not start with '{expected}', so it is not a file from X's "
            "'Download your archive'. Choose the archive as X sent it (the zip or its folder)."
        )
    return PrefixedReader(head[match.end() :], stream)


# How deep JSON may nest in any file Kindly imports. X's archive nests about 8 deep and Kindly's
# export 4; a file nested deeper is not one of them, and building it would cost memory without end.
MAX_JSON_DEPTH = 64
# How much JSON ijson is handed at a time. A string longer than this is re-scanned by its lexer
# once per block, so a small block makes one huge string quadratic (64 KiB: 165 s for 200 MB);
# at 4 MiB a 100 MB string takes about a second.
JSON_BLOCK = 4 * 1024 * 1024


def json_too_deep(member: str, where: str) -> ImportFailed:
    return ImportFailed(
        f"{member} nests its values more than {MAX_JSON_DEPTH} deep ({where}); no file Kindly "
        "imports is shaped like that, so nothing was imported."
    )


def iter_json_items(stream, member: str, prefix: str = "item") -> Iterator[dict]:
    """Each value at ``prefix`` ('item': each element of the top array; 'item.a.b.item': each
    element of the array under keys a, b of each element), one at a time, with a clear error
    when the file breaks or nests deeper than ``MAX_JSON_DEPTH``.

    Read with ijson's ``basic_parse``, which keeps no path per event: the cost of each event does
    not grow with how deep it is (``ijson.parse`` builds a prefix string for every event).
    """
    import ijson

    target = prefix.split(".")
    count = 0
    # Per open container, outermost first: 'item' for an array, the current key for a map; at the
    # start of a value this is its path, as ijson spells prefixes.
    stack: list[str] = []
    builder = None
    built_depth = 0
    try:
        for event, value in ijson.basic_parse(stream, use_float=True, buf_size=JSON_BLOCK):
            if builder is not None:
                builder.event(event, value)
                if event in ("start_map", "start_array"):
                    built_depth += 1
                    if len(stack) + built_depth > MAX_JSON_DEPTH:
                        raise json_too_deep(member, f"item {count + 1:,}")
                elif event in ("end_map", "end_array"):
                    built_depth -= 1
                if built_depth == 0:
                    count += 1
                    yield builder.value
                    builder = None
                continue
            if event == "map_key":
                stack[-1] = value
                continue
            if event in ("end_map", "end_array"):
                stack.pop()
                continue
            if stack == target:
                if event in ("start_map", "start_array"):
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                    built_depth = 1
                else:
                    count += 1
                    yield value
                continue
            if not stack and target[0] == "item" and event != "start_array":
                raise ImportFailed(
                    f"{member} holds {'an object' if event == 'start_map' else 'a single value'}"
                    " where X writes a list; the file is damaged, so nothing was imported."
                )
            if event in ("start_map", "start_array"):
                stack.append("item" if event == "start_array" else "")
                if len(stack) > MAX_JSON_DEPTH:
                    raise json_too_deep(member, f"near item {count + 1:,}")
    except ImportFailed:
        raise
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{member} is not UTF-8 text (near item {count + 1}); X writes its archive in UTF-8, "
            "so this file was changed or damaged."
        ) from exc
    except ijson.JSONError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "broken JSON"
        if "utf" in detail.lower() or "invalid bytes" in detail.lower():
            raise ImportFailed(
                f"{member} is not UTF-8 text (near item {count + 1}); X writes its archive in "
                "UTF-8, so this file was changed or damaged."
            ) from exc
        raise ImportFailed(
            f"{member} breaks after item {count:,}: {detail}. The file is cut off or damaged; "
            "nothing was imported."
        ) from exc


def text_of(value, limit: int = MAX_POST_CHARS) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return text[:limit]
