"""X's "Download your archive": the zip as X sends it, its unpacked folder, or one of its JS files.

Kindly reads ``account.js`` (whose archive it is; ``manifest.js`` as a fallback), ``tweets.js`` or
the older ``tweet.js`` (the shop's own posts, so response history is complete) and
``direct-messages.js`` (DMs, which feed the promise ledger). Each file is
``window.YTD.<name>.part0 = [ … ]``: the prefix is stripped and the array is read one element at a
time, so a gigabyte ``tweets.js`` never sits in memory.

A zip is never unpacked to disk. Before anything is read Kindly refuses archives with member
paths that climb out (``../``) or are absolute, members that would unpack to more than
``MAX_MEMBER_BYTES`` or all together to more than ``MAX_TOTAL_BYTES``, and members that expand
more than ``MAX_RATIO`` times (zip bombs); while reading, a member that unpacks to more than it
declared is stopped.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from app.domain.stored import shown
from app.domain.times import from_db, to_db
from app.importers.common import (
    CountingReader,
    ImportFailed,
    ImportReport,
    ImportRun,
    iter_json_items,
    parse_post_time,
    post_id,
    strip_js_prefix,
    text_of,
)
from app.importers.target import ImportTarget
from app.storage.messages import DirectMessage
from app.workspace import Workspace

MAX_MEMBER_BYTES = 1024**3  # 1 GiB: larger than any real tweets.js we know of
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_RATIO = 200  # JSON compresses about 10:1; a zip bomb, thousands to one
_RATIO_FLOOR = 1024**2  # tiny members may compress oddly; only judge the ratio above 1 MiB
MAX_SMALL_FILE = 16 * 1024**2  # account.js and manifest.js are a few KB
SOURCE = "archive"

_WANTED = re.compile(
    r"^(?P<kind>tweets|tweet|direct-messages|account|manifest)(?:-part(?P<part>\d+))?\.js$"
)


@dataclass(frozen=True)
class Member:
    name: str  # as shown to the owner: 'data/tweets.js'
    kind: str  # 'tweets' | 'dms' | 'account' | 'manifest'
    size: int


class ArchiveSource:
    """The members of an archive, whether a zip, a folder or one file."""

    members: list[Member]

    def open(self, member: Member):  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass


def _kind_of(basename: str) -> str | None:
    match = _WANTED.match(basename.lower())
    if not match:
        return None
    kind = match.group("kind")
    return {"tweets": "tweets", "tweet": "tweets", "direct-messages": "dms"}.get(kind, kind)


class ZipSource(ArchiveSource):
    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (
            zipfile.BadZipFile,
            ValueError,
            IndexError,
            struct.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise ImportFailed(
                f"{path.name} is not a complete zip file ({exc}). It may have been cut off while "
                "downloading; download the archive from X again."
            ) from exc
        except OSError as exc:
            raise ImportFailed(f"Kindly cannot read {path}: {exc.strerror or exc}.") from exc
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.members = []
        total = 0
        for info in infos:
            _check_member_name(info.filename, path.name)
            if not info.filename or info.filename.endswith("/"):
                continue
            kind = _kind_of(PurePosixPath(info.filename).name)
            if kind is None:
                continue
            _check_member_size(info, path.name)
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise ImportFailed(
                    f"{path.name} would unpack to more than {_gb(MAX_TOTAL_BYTES)} of posts and "
                    "messages; Kindly does not open archives that large."
                )
            member = Member(info.filename, kind, info.file_size)
            self.infos[info.filename] = info
            self.members.append(member)
        _check_archive_size(infos, path.name)

    def open(self, member: Member):
        info = self.infos[member.name]
        try:
            handle = self.zip.open(info)
        except (
            zipfile.BadZipFile,
            NotImplementedError,
            RuntimeError,
            ValueError,
            IndexError,
            struct.error,
            EOFError,
            OSError,
        ) as exc:
            raise ImportFailed(f"{member.name} in {self.path.name} cannot be read: {exc}.") from exc
        return _ZipMemberReader(handle, info.file_size, f"{member.name} in {self.path.name}")

    def close(self) -> None:
        self.zip.close()


class _ZipMemberReader(CountingReader):
    """A zip member: counted, capped at its declared size, damage reported in plain words."""

    def read(self, size: int = -1) -> bytes:
        try:
            return super().read(size)
        except (
            zipfile.BadZipFile,
            EOFError,
            OSError,
            zlib.error,
            ValueError,
            IndexError,
            struct.error,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise ImportFailed(
                f"{self.name} is damaged ({exc}); download the archive from X again."
            ) from exc

    def close(self) -> None:
        self.raw.close()


def _check_member_name(name: str, archive: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or "\x00" in name
    ):
        raise ImportFailed(
            f"{archive} contains a file named {name[:80]!r}, which points outside the archive. "
            "X never writes names like that; Kindly does not open this archive."
        )


def _check_member_size(info: zipfile.ZipInfo, archive: str) -> None:
    if info.flag_bits & 0x1:
        raise ImportFailed(
            f"{info.filename} in {archive} is password-protected; Kindly reads X's archive as "
            "X sends it."
        )
    if info.file_size > MAX_MEMBER_BYTES:
        raise ImportFailed(
            f"{info.filename} in {archive} would unpack to {_gb(info.file_size)}, more than the "
            f"{_gb(MAX_MEMBER_BYTES)} Kindly reads from one file; this does not look like X's "
            "archive."
        )
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise ImportFailed(
            f"{info.filename} in {archive} would grow {info.file_size // max(1, info.compress_size):,}"
            " times when unpacked, like a 'zip bomb'. Kindly does not open it."
        )


def _check_archive_size(infos: list[zipfile.ZipInfo], archive: str) -> None:
    """A zip bomb spread over many members, each too small for ``_check_member_size`` to judge:
    the whole archive's expanded size against its compressed size."""
    expanded = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos)
    if expanded > MAX_TOTAL_BYTES:
        raise ImportFailed(
            f"{archive} would unpack to {_gb(expanded)}, more than the {_gb(MAX_TOTAL_BYTES)} "
            "Kindly reads from one archive."
        )
    if expanded > _RATIO_FLOOR and expanded > MAX_RATIO * max(1, compressed):
        raise ImportFailed(
            f"{archive} would grow {expanded // max(1, compressed):,} times when unpacked, like a "
            "'zip bomb'. Kindly does not open it."
        )


def _gb(size: int) -> str:
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 else f"{size / 1024**2:.0f} MB"


class FolderSource(ArchiveSource):
    def __init__(self, path: Path):
        self.path = path
        data = path / "data" if (path / "data").is_dir() else path
        self.members = []
        try:
            entries = sorted(os.scandir(data), key=lambda e: e.name)
        except OSError as exc:
            raise ImportFailed(
                f"Kindly cannot read the folder {data}: {exc.strerror or exc}."
            ) from exc
        for entry in entries:
            kind = _kind_of(entry.name)
            if kind is None:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                raise ImportFailed(
                    f"{entry.name} in {data} is a link to another file, not the file X wrote. "
                    "Kindly reads only the archive's own files: put the file itself there, or "
                    "import the zip as X sent it."
                )
            if not stat.S_ISREG(info.st_mode):
                continue  # a device or folder is not part of an archive as X writes it
            if info.st_size > MAX_MEMBER_BYTES:
                raise ImportFailed(
                    f"{entry.name} is {_gb(info.st_size)}, more than the {_gb(MAX_MEMBER_BYTES)} "
                    "Kindly reads from one file."
                )
            rel = f"{data.name}/{entry.name}" if data != path else entry.name
            self.members.append(Member(rel, kind, info.st_size))
        self._data = data

    def open(self, member: Member):
        full = self._data / PurePosixPath(member.name).name
        try:
            return CountingReader(open(full, "rb"), MAX_MEMBER_BYTES, member.name)  # noqa: SIM115
        except OSError as exc:
            raise ImportFailed(f"Kindly cannot read {full}: {exc.strerror or exc}.") from exc


class FileSource(FolderSource):
    """One JS file from the archive, e.g. just tweets.js."""

    def __init__(self, path: Path):
        kind = _kind_of(path.name)
        if kind is None:
            raise ImportFailed(
                f"{path.name} is not one of the archive files Kindly reads (tweets.js, tweet.js, "
                "direct-messages.js, account.js). Choose the whole archive instead."
            )
        self.path = path
        self._data = path.parent
        self.members = [Member(path.name, kind, path.stat().st_size)]


def open_source(path: Path) -> ArchiveSource:
    if path.is_dir():
        return FolderSource(path)
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        return ZipSource(path)
    return FileSource(path)


@contextmanager
def _member_stream(source: ArchiveSource, member: Member):
    stream = source.open(member)
    try:
        yield stream
    finally:
        closer = getattr(stream, "close", None) or getattr(
            getattr(stream, "raw", None), "close", None
        )
        if closer:
            closer()


# ----- reading ---------------------------------------------------------------------------------


@dataclass
class _Account:
    handle: str
    account_id: str | None
    name: str


def _read_account(source: ArchiveSource) -> _Account | None:
    for kind in ("account", "manifest"):
        for member in (m for m in source.members if m.kind == kind):
            if member.size > MAX_SMALL_FILE:
                raise ImportFailed(f"{member.name} is {_gb(member.size)}; X writes it in a few KB.")
            with _member_stream(source, member) as stream:
                body = strip_js_prefix(stream, member.name, manifest=kind == "manifest").read()
            try:
                data = json.loads(body.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ImportFailed(f"{member.name} is not UTF-8 text.") from exc
            except (ValueError, RecursionError) as exc:
                raise ImportFailed(f"{member.name} is damaged: {exc}.") from exc
            if kind == "account":
                items = data if isinstance(data, list) else [data]
                for item in items:
                    account = item.get("account", item) if isinstance(item, dict) else None
                    if isinstance(account, dict) and account.get("username"):
                        return _Account(
                            str(account["username"]),
                            _str_or_none(account.get("accountId")),
                            str(account.get("accountDisplayName") or ""),
                        )
            else:
                info = data.get("userInfo") if isinstance(data, dict) else None
                if isinstance(info, dict) and info.get("userName"):
                    return _Account(
                        str(info["userName"]),
                        _str_or_none(info.get("accountId")),
                        str(info.get("displayName") or ""),
                    )
    return None


def _str_or_none(value) -> str | None:
    return str(value) if value not in (None, "") else None


def import_archive(workspace: Workspace, path: Path, run: ImportRun) -> ImportReport:
    """Import X's archive at ``path``; the caller holds the transaction (everything or nothing)."""
    source = open_source(path)
    try:
        return _import(workspace, path, source, run)
    finally:
        source.close()


def _import(
    workspace: Workspace, path: Path, source: ArchiveSource, run: ImportRun
) -> ImportReport:
    tweets = [m for m in source.members if m.kind == "tweets"]
    dms = [m for m in source.members if m.kind == "dms"]
    if not tweets and not dms:
        raise ImportFailed(
            f"{path.name} has no tweets.js, tweet.js or direct-messages.js. Is it X's "
            "'Download your archive' file (the zip, or the folder it unpacks to)?"
        )
    account = _read_account(source)
    shop = workspace.shop.get()
    if account is None:
        if not shop.handle:
            raise ImportFailed(
                f"{path.name} does not say whose archive it is (no account.js or manifest.js). "
                "Set your shop's handle first, then import it again."
            )
        account = _Account(shop.handle, shop.user_id, shop.name)
    if shop.handle and shop.handle.lower() != account.handle.lower():
        raise ImportFailed(
            f"This archive belongs to @{account.handle}, but this database is @{shop.handle}'s "
            "shop. Import it into that shop's database."
        )
    if not shop.handle:
        has_posts = workspace.db.execute("SELECT count(*) FROM posts").fetchone()[0]
        workspace.shop.save(
            replace(
                shop,
                handle=account.handle,
                name=shop.name or account.name or account.handle,
                user_id=shop.user_id or (None if has_posts else account.account_id),
            )
        )
    report = ImportReport("archive", str(path), shop_handle=account.handle)
    target = ImportTarget(workspace, report)
    shop_person = target.shop_person_id()
    known: dict[str, tuple[str, str]] = {}  # X user id -> (handle, name), learnt from the tweets
    if account.account_id:
        known[account.account_id] = (account.handle, account.name)
    total = max(1, sum(m.size for m in tweets + dms))
    done_bytes = 0

    db = workspace.db
    db.execute("DROP TABLE IF EXISTS temp.archive_stage")
    db.execute(
        "CREATE TEMP TABLE archive_stage (id TEXT PRIMARY KEY, created_at TEXT NOT NULL,"
        " text TEXT NOT NULL, reply_to TEXT)"
    )
    try:
        for member in tweets:
            with _member_stream(source, member) as stream:
                items = iter_json_items(strip_js_prefix(stream, member.name), member.name)
                for index, item in enumerate(items, 1):
                    run.tick(
                        0.7 * (done_bytes + stream.count) / total,
                        f"Reading {member.name}: {index:,} posts",
                    )
                    _stage_tweet(db, item, member.name, index, report, known)
            done_bytes += member.size
        staged = db.execute("SELECT count(*) FROM archive_stage").fetchone()[0]
        rows = db.conn.execute(
            "SELECT id, created_at, text, reply_to FROM archive_stage ORDER BY created_at, id"
        )
        try:
            for index, (tweet_id, created_at, text, reply_to) in enumerate(rows, 1):
                run.tick(0.7 + 0.1 * index / max(1, staged), f"Adding your posts: {index:,}")
                target.add_shop_reply(tweet_id, text, from_db(created_at), reply_to, SOURCE)
        finally:
            rows.close()  # an open read would keep the staging table locked
    finally:
        db.execute("DROP TABLE IF EXISTS temp.archive_stage")

    people: dict[str, str] = {}
    if account.account_id:
        people[account.account_id] = shop_person
    for member in dms:
        with _member_stream(source, member) as stream:
            items = iter_json_items(
                strip_js_prefix(stream, member.name),
                member.name,
                "item.dmConversation.messages.item",
            )
            for index, item in enumerate(items, 1):
                run.tick(
                    0.8 + 0.2 * (done_bytes + stream.count) / total,
                    f"Reading {member.name}: {index:,} messages",
                )
                _add_dm(workspace, target, item, member.name, index, report, known, people, account)
        done_bytes += member.size
    target.finish()
    run.say(1.0, "Done")
    return report


def _stage_tweet(
    db, item, member: str, index: int, report: ImportReport, known: dict[str, tuple[str, str]]
) -> None:
    tweet = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(tweet, dict):
        raise ImportFailed(f"{member}: item {index:,} is not a post; the file is damaged.")
    raw_id = tweet.get("id_str") or tweet.get("id")
    try:
        tweet_id = post_id(_str_or_none(raw_id)) if isinstance(raw_id, (str, int)) else None
    except ValueError:
        tweet_id = None
    if tweet_id is None:
        raise ImportFailed(
            f"{member}: post {index:,} has no id ({shown(raw_id)}); the file is damaged, so "
            "nothing was imported."
        )
    try:
        created = parse_post_time(str(tweet.get("created_at") or ""))
    except ValueError:
        raise ImportFailed(
            f"{member}: post {index:,} (id {tweet_id}) has no readable time "
            f"({str(tweet.get('created_at'))[:40]!r})."
        ) from None
    text = text_of(tweet.get("full_text", tweet.get("text")))
    entities = tweet.get("entities")
    mentions = entities.get("user_mentions") if isinstance(entities, dict) else None
    for mention in mentions if isinstance(mentions, list) else []:
        if isinstance(mention, dict) and mention.get("id_str") and mention.get("screen_name"):
            known.setdefault(
                str(mention["id_str"]),
                (str(mention["screen_name"]), str(mention.get("name") or "")),
            )
    if tweet.get("in_reply_to_user_id_str") and tweet.get("in_reply_to_screen_name"):
        known.setdefault(
            str(tweet["in_reply_to_user_id_str"]), (str(tweet["in_reply_to_screen_name"]), "")
        )
    if text.startswith("RT @") or tweet.get("retweeted_status"):
        report.skip("reposts of other people's posts")
        return
    raw_reply = tweet.get("in_reply_to_status_id_str")
    try:
        reply_to = (
            post_id(_str_or_none(raw_reply))
            if isinstance(raw_reply, (str, int)) or raw_reply is None
            else None
        )
    except ValueError:
        raise ImportFailed(
            f"{member}: post {index:,} (id {tweet_id}) answers {shown(raw_reply)}, which is not "
            "a post id; the file is damaged, so nothing was imported."
        ) from None
    cursor = db.execute(
        "INSERT INTO archive_stage (id, created_at, text, reply_to) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(id) DO NOTHING",
        [tweet_id, to_db(created), text, reply_to],
    )
    if cursor.rowcount == 0:
        report.skip("the same post twice in the archive")


def _person_for(workspace: Workspace, x_id: str, known, people: dict[str, str]) -> str:
    if x_id in people:
        return people[x_id]
    existing = workspace.people.get(x_id)
    if existing is not None:
        people[x_id] = existing.id
        return existing.id
    handle, name = known.get(x_id, (x_id, ""))
    people[x_id] = workspace.people.ensure(handle, person_id=x_id, name=name)
    return people[x_id]


def _add_dm(
    workspace: Workspace,
    target: ImportTarget,
    item,
    member: str,
    index: int,
    report: ImportReport,
    known,
    people: dict[str, str],
    account: _Account,
) -> None:
    if not isinstance(item, dict):
        raise ImportFailed(f"{member}: message {index:,} is damaged.")
    create = item.get("messageCreate")
    if not isinstance(create, dict):
        report.skip("DM events that are not messages (reactions, joins)")
        return
    sender = _str_or_none(create.get("senderId"))
    recipient = _str_or_none(create.get("recipientId"))
    message_id = _str_or_none(create.get("id"))
    if not (sender and recipient and message_id):
        raise ImportFailed(f"{member}: message {index:,} has no sender, recipient or id.")
    for what, value in (("id", message_id), ("senderId", sender), ("recipientId", recipient)):
        if not value.isascii() or not value.isdigit() or len(value) > 25:
            raise ImportFailed(
                f"{member}: message {index:,} has {what} {shown(value)}, which is not an id on X; "
                "the file is damaged, so nothing was imported."
            )
    try:
        created = parse_post_time(str(create.get("createdAt") or ""))
    except ValueError:
        raise ImportFailed(
            f"{member}: message {index:,} has no readable time "
            f"({str(create.get('createdAt'))[:40]!r})."
        ) from None
    if account.account_id and account.account_id not in (sender, recipient):
        report.skip("DMs between other people")
        return
    sender_id = _person_for(workspace, sender, known, people)
    recipient_id = _person_for(workspace, recipient, known, people)
    ordered = sorted((sender, recipient), key=lambda v: (len(v), v))
    message = DirectMessage(
        id=message_id,
        sender_id=sender_id,
        recipient_id=recipient_id,
        text=text_of(create.get("text")),
        created_at=created,
        source=SOURCE,
        conversation_id="-".join(ordered),
    )
    incoming = sender != account.account_id if account.account_id else True
    target.add_dm(message, incoming)


def iter_members(path: Path) -> Iterator[Member]:
    """The archive files Kindly would read (for the import dialog's preview)."""
    source = open_source(path)
    try:
        yield from source.members
    finally:
        source.close()
