"""Export everything the owner has (never a secret): Kindly's own JSON, and CSV for spreadsheets.

The JSON export is written one row at a time, so it costs the same memory for any size of shop,
and it lists every table of the schema — including ones added after this file was written — minus
machine state (``sync_state``), the search index and anything whose name says it is a secret
(tokens live in the OS keychain anyway). ``app/importers/kindly_json.py`` reads it back.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from app.clock import Clock
from app.domain.times import to_db
from app.errors import ErrorKind, KindlyError
from app.storage.database import is_disk_full, schema_version

FORMAT = "kindly-export"
VERSION = 1
# Written first, in this order, so a reader meets people before their posts and promises.
_FIRST = [
    "shop",
    "settings",
    "people",
    "posts",
    "direct_messages",
    "drafts",
    "promises",
    "templates",
    "strikes",
]
_NEVER = {"sync_state"}  # where a sync left off on this computer: not the owner's data
# Kept by triggers from the posts: never exported, and counted again by an import.
DERIVED = {"inbox_counts", "posts_by_day"}
_SECRET = re.compile(r"token|secret|password|credential|api_key", re.IGNORECASE)


class ExportFailed(KindlyError):
    kind = ErrorKind.EXPORT_FAILED


@dataclass
class ExportReport:
    path: str
    rows: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        parts = [
            f"{count:,} {table.replace('_', ' ')}" for table, count in self.rows.items() if count
        ]
        return [f"Exported to {self.path}", "Rows: " + (", ".join(parts) or "none")]


def exportable_tables(db: Database) -> list[str]:
    """Ordinary tables holding the owner's data, in a safe insertion order."""
    rows = db.execute(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
    ).fetchall()
    names = {
        name
        for (name,) in rows
        if not name.startswith(("sqlite_", "_"))
        and name not in _NEVER
        and name not in DERIVED
        and not _SECRET.search(name)
    }
    return [n for n in _FIRST if n in names] + sorted(names - set(_FIRST))


def exportable_columns(db: Database, table: str) -> list[str]:
    """Stored, non-secret columns (generated columns are recomputed on import)."""
    return [
        row[1]
        for row in db.execute(f"PRAGMA table_xinfo([{table}])").fetchall()
        if row[6] == 0 and not _SECRET.search(row[1])
    ]


def _plain(value):
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def _replace_atomically(partial: Path, target: Path) -> None:
    partial.replace(target)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def export_json(
    db: Database,
    out: Path,
    clock: Clock,
    progress: Callable[[str], None] | None = None,
) -> ExportReport:
    """Write the whole shop to ``out`` (a .json file), replacing it only when complete."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    report = ExportReport(str(out))
    snapshot = not db.conn.in_transaction
    if snapshot:  # one read transaction: every table as it was at one moment, whoever writes
        db.conn.execute("BEGIN")
    try:
        return _write_json(db, out, partial, clock, report, progress)
    finally:
        if snapshot and db.conn.in_transaction:
            db.conn.execute("COMMIT")


def _write_json(
    db: Database,
    out: Path,
    partial: Path,
    clock: Clock,
    report: ExportReport,
    progress: Callable[[str], None] | None,
) -> ExportReport:
    shop_handle = db.execute("SELECT handle FROM shop WHERE id = 1").fetchone()
    try:
        with open(partial, "w", encoding="utf-8", newline="\n") as handle:
            header = {
                "format": FORMAT,
                "version": VERSION,
                "schema": schema_version(db),
                "exported_at": to_db(clock.now()),
                "shop_handle": shop_handle[0] if shop_handle else "",
            }
            handle.write("{\n")
            for key, value in header.items():
                handle.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
            handle.write('  "tables": {')
            for t_index, table in enumerate(exportable_tables(db)):
                columns = exportable_columns(db, table)
                handle.write(("," if t_index else "") + f"\n    {json.dumps(table)}: [")
                count = 0
                cursor = (
                    db.conn.execute(
                        f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]"
                        f" ORDER BY {'n' if table == 'posts' else 'rowid'}"
                    )
                    if columns
                    else []
                )
                for row in cursor:
                    record = {c: _plain(v) for c, v in zip(columns, row, strict=True)}
                    handle.write(
                        ("," if count else "") + "\n      " + json.dumps(record, ensure_ascii=False)
                    )
                    count += 1
                handle.write("\n    ]" if count else "]")
                report.rows[table] = count
                if progress:
                    progress(f"{table}: {count:,} rows")
            handle.write("\n  }\n}\n")
            handle.flush()
            os.fsync(handle.fileno())
        _replace_atomically(partial, out)
    except OSError as exc:
        _remove_quietly(partial)
        raise _write_failed(out, exc) from exc
    return report


def _write_failed(out: Path, exc: OSError) -> ExportFailed:
    if is_disk_full(exc):
        return ExportFailed(
            f"Your disk is full, so Kindly could not write {out}. Free some space "
            "and export again; nothing was changed."
        )
    return ExportFailed(f"Kindly cannot write {out}: {exc.strerror or exc}.")


_MENTIONS_SQL = """
SELECT m.id, pe.handle, pe.name, m.created_at, coalesce(m.kind, 'other'), m.status, m.text,
       m.conversation_id, m.in_reply_to_id, m.url,
       (SELECT min(r.created_at) FROM posts r WHERE r.is_shop = 1 AND r.in_reply_to_id = m.id),
       (SELECT unixepoch(min(r.created_at)) FROM posts r
         WHERE r.is_shop = 1 AND r.in_reply_to_id = m.id) - unixepoch(m.created_at),
       m.source, m.channel
FROM posts m JOIN people pe ON pe.id = m.author_id
WHERE m.is_shop = 0 ORDER BY m.created_at, m.n
"""
_MENTION_HEADER = [
    "id",
    "author_handle",
    "author_name",
    "created_at",
    "kind",
    "status",
    "text",
    "conversation_id",
    "in_reply_to_id",
    "url",
    "first_response_at",
    "first_response_seconds",
    "source",
    "channel",  # 'public' or 'dm': a DM is a post too (0015), told apart here
]

_REPLIES_SQL = """
SELECT r.id, r.created_at, r.in_reply_to_id, r.conversation_id, r.text, r.source, r.channel
FROM posts r WHERE r.is_shop = 1 ORDER BY r.created_at, r.n
"""
_REPLY_HEADER = [
    "id",
    "created_at",
    "in_reply_to_id",
    "conversation_id",
    "text",
    "source",
    "channel",
]

_PROMISES_SQL = """
SELECT p.id, p.kind, pe.handle, p.email, p.status, p.created_at, p.due_at, p.done_at,
       p.post_id, p.conversation_id, p.note
FROM promises p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.created_at, p.id
"""
_PROMISE_HEADER = [
    "id",
    "kind",
    "person_handle",
    "email",
    "status",
    "created_at",
    "due_at",
    "done_at",
    "post_id",
    "conversation_id",
    "note",
]


def export_csv(db: Database, folder: Path) -> ExportReport:
    """mentions.csv, replies.csv and promises.csv in ``folder`` (UTF-8 with a BOM for Excel)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportFailed(f"Kindly cannot create {folder}: {exc.strerror or exc}.") from exc
    report = ExportReport(str(folder))
    for name, sql, header in (
        ("mentions", _MENTIONS_SQL, _MENTION_HEADER),
        ("replies", _REPLIES_SQL, _REPLY_HEADER),
        ("promises", _PROMISES_SQL, _PROMISE_HEADER),
    ):
        target = folder / f"{name}.csv"
        partial = folder / f"{name}.csv.partial"
        count = 0
        try:
            with open(partial, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                for row in db.conn.execute(sql):
                    writer.writerow(["" if v is None else v for v in row])
                    count += 1
            partial.replace(target)
        except OSError as exc:
            _remove_quietly(partial)
            raise _write_failed(target, exc) from exc
        report.rows[name] = count
    return report
