"""Kindly's own JSON export, read back: a full round trip, and safe to import twice.

The file is read as a stream of events (ijson) and one row is built at a time. Rows go into the
tables this Kindly knows, with the columns it knows (anything newer is skipped and counted). A row
already present is skipped; a promise or draft whose number is taken by a different one gets a new
number. Foreign keys are checked at the end of the transaction, so table order cannot fail an
import that is whole.
"""

from __future__ import annotations

import base64
import re
import sqlite3
from pathlib import Path
from typing import Any

from app.importers.common import (
    JSON_BLOCK,
    MAX_JSON_DEPTH,
    ImportFailed,
    ImportReport,
    ImportRun,
    json_too_deep,
)
from app.domain.stored import check_column, shown
from app.services.exporter import DERIVED, FORMAT, VERSION, exportable_columns, exportable_tables
from app.storage.posts import rebuild_counts
from app.workspace import Workspace

_ROW_PREFIX = re.compile(r"^tables\.([A-Za-z0-9_]+)\.item$")


def looks_like_kindly(head: bytes) -> bool:
    return b'"format"' in head and FORMAT.encode() in head


def import_kindly(workspace: Workspace, path: Path, run: ImportRun) -> ImportReport:
    """Import a Kindly export; the caller holds the transaction (everything or nothing)."""
    import ijson

    db = workspace.db
    report = ImportReport("kindly", str(path))
    tables = set(exportable_tables(db))
    columns: dict[str, dict[str, str]] = {}
    pks: dict[str, list[str]] = {}
    db.execute("PRAGMA defer_foreign_keys = ON")
    last_draft = db.execute("SELECT coalesce(max(id), 0) FROM drafts").fetchone()[0]
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ImportFailed(f"Kindly cannot read {path}: {exc.strerror or exc}.") from exc
    size = max(1, path.stat().st_size)
    name = path.name
    record = 0
    seen_format = False
    seen_tables = False
    # Where the reader is: 'top' (the export's own keys), 'tables' (a table's name next), 'rows'
    # (a table's rows), 'skip' (a value this Kindly does not read), 'row' (building one row).
    state = "top"
    key = ""
    table = ""
    depth = 0  # containers open around the reader
    skip_until = 0  # 'skip': the depth at which the skipped value ends
    builder: Any = None  # ijson.ObjectBuilder while a row is read
    built_from = 0
    with raw:
        try:
            for event, value in ijson.basic_parse(raw, use_float=True, buf_size=JSON_BLOCK):
                opens = event in ("start_map", "start_array")
                closes = event in ("end_map", "end_array")
                if opens:
                    depth += 1
                    if depth > MAX_JSON_DEPTH:
                        raise json_too_deep(name, f"near record {record + 1:,}")
                elif closes:
                    depth -= 1
                if state == "row":
                    builder.event(event, value)
                    if depth == built_from - 1:
                        record += 1
                        _import_row(
                            workspace,
                            report,
                            table,
                            builder.value,
                            record,
                            tables,
                            columns,
                            pks,
                            name,
                        )
                        builder = None
                        state = "rows"
                        run.tick(raw.tell() / size, f"Importing record {record:,}")
                    continue
                if state == "skip":
                    if depth == skip_until:
                        state = "top" if depth == 1 else "tables"
                    continue
                if not seen_format:
                    if depth == 1 and event == "start_map" and not key:
                        continue
                    if depth == 1 and event == "map_key" and value == "format":
                        key = value
                        continue
                    if key == "format" and event == "string" and value == FORMAT:
                        seen_format = True
                        continue
                    raise ImportFailed(
                        f"{name} is not a Kindly export (it does not start with "
                        f'"format": "{FORMAT}").'
                    )
                if state == "top":
                    if event == "map_key":
                        key = value
                    elif closes:
                        continue  # the end of the export
                    elif key == "version":
                        if event != "number" or not isinstance(value, int) or value < 1:
                            raise ImportFailed(
                                f"{name}: version {shown(value)} is not a version number; the "
                                "file is damaged, so nothing was imported."
                            )
                        if int(value) > VERSION:
                            report.notes.append(
                                "This export was written by a newer Kindly; what this Kindly "
                                "does not know was skipped."
                            )
                    elif key == "shop_handle" and event == "string":
                        report.shop_handle = value
                    elif key == "tables":
                        if event != "start_map":
                            raise ImportFailed(
                                f"{name}: 'tables' is {_what(event)}, not the tables of a Kindly "
                                "export; the file is damaged, so nothing was imported."
                            )
                        seen_tables = True
                        state = "tables"
                    elif opens:
                        state, skip_until = "skip", depth - 1
                    continue
                if state == "tables":
                    if event == "map_key":
                        table = value
                    elif event == "end_map":
                        state = "top"
                    elif event == "start_array":
                        state = "rows"
                    else:
                        raise ImportFailed(
                            f"{name}: the table '{table}' is {_what(event)}, not a list of rows; "
                            "the file is damaged, so nothing was imported."
                        )
                    continue
                if state == "rows":
                    if event == "end_array":
                        state = "tables"
                    elif event == "start_map":
                        builder = ijson.ObjectBuilder()
                        builder.event(event, value)
                        built_from = depth
                        state = "row"
                    else:
                        raise ImportFailed(
                            f"{name}: record {record + 1:,} in '{table}' is {_what(event)}, not a "
                            "row of values; the file is damaged, so nothing was imported."
                        )
        except ImportFailed:
            raise
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name} is not UTF-8 text (near record {record + 1:,}).") from exc
        except ijson.JSONError as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "broken JSON"
            if not seen_format:
                raise ImportFailed(f"{name} is not a Kindly export ({detail}).") from exc
            raise ImportFailed(
                f"{name} breaks after record {record:,}: {detail}. The file is cut off or "
                "damaged; nothing was imported."
            ) from exc
    if not seen_format:
        raise ImportFailed(f"{name} is not a Kindly export.")
    if not seen_tables:
        raise ImportFailed(f"{name} has no tables; it is cut off or damaged.")
    try:
        violations = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error:
        violations = []
    if violations:
        table_name = violations[0][0]
        raise ImportFailed(
            f"{name} refers to rows it does not contain (first in '{table_name}'); it is "
            "incomplete, so nothing was imported."
        )
    orphan = db.execute(
        "SELECT id, post_id FROM drafts WHERE id > ? AND post_id NOT IN (SELECT id FROM posts)"
        " LIMIT 1",
        [last_draft],
    ).fetchone()
    if orphan is not None:
        raise ImportFailed(
            f"{name}: a draft answers post {shown(orphan[1])}, which the file and Kindly do not "
            "have; the file is incomplete, so nothing was imported."
        )
    # An export from before DMs were posts (0015) holds its DMs in direct_messages only.
    if added := workspace.messages.add_missing_posts():
        report.add("posts", added)
    # An export from before resolve times were kept (0017): its resolved mentions get the same
    # estimate 0017 gave the ones already stored (the shop's last reply in the thread), so Stats
    # can time them. A mention with a time keeps it.
    db.execute(
        "UPDATE posts SET resolved_at = (SELECT max(r.created_at) FROM posts r"
        " WHERE r.conversation_id = posts.conversation_id AND r.is_shop = 1"
        " AND r.created_at >= posts.created_at)"
        " WHERE is_shop = 0 AND status = 'resolved' AND resolved_at IS NULL"
    )
    rebuild_counts(db)  # derived from the posts, never taken from the file
    run.say(1.0, "Done")
    return report


def _what(event: str) -> str:
    return {
        "start_map": "an object",
        "start_array": "a list",
        "string": "text",
        "number": "a number",
        "boolean": "true or false",
        "null": "null",
        "map_key": "a name",
    }.get(event, event)


def _import_row(
    workspace: Workspace,
    report: ImportReport,
    table: str,
    row,
    record: int,
    tables: set[str],
    columns: dict[str, dict[str, str]],
    pks: dict[str, list[str]],
    name: str = "The file",
) -> None:
    db = workspace.db
    where = f"{name}, record {record:,} ('{table}')"
    if not isinstance(row, dict):
        raise ImportFailed(f"{where} is not a row; the file is damaged.")
    if table in DERIVED:
        report.skip(f"'{table}' (Kindly counts it again from the posts)")
        return
    if table not in tables:
        report.skip(f"rows of '{table}', which this Kindly does not know")
        return
    if table not in columns:
        declared = {r[1]: (r[2] or "") for r in db.execute(f"PRAGMA table_xinfo([{table}])")}
        columns[table] = {c: declared.get(c, "") for c in exportable_columns(db, table)}
        pks[table] = [
            r[1]
            for r in sorted(
                (r for r in db.execute(f"PRAGMA table_info([{table}])").fetchall() if r[5]),
                key=lambda r: r[5],
            )
        ]
    known = columns[table]
    values = {}
    for key, value in row.items():
        if key not in known:
            report.skip(f"values in columns this Kindly does not know ({table}.{key})")
            continue
        if isinstance(value, dict) and set(value) == {"$base64"}:
            try:
                value = base64.b64decode(value["$base64"], validate=True)
            except (ValueError, TypeError):
                raise ImportFailed(
                    f"{where}: {key} {shown(value)} is not base64; nothing was imported."
                ) from None
        elif isinstance(value, (dict, list)):
            raise ImportFailed(
                f"{where}: {key} holds a list or object, not a value; nothing was imported."
            )
        try:
            values[key] = check_column(table, key, known[key], value)
        except ValueError as why:
            raise ImportFailed(
                f"{where}: {key} {shown(value)} is {why}; nothing was imported."
            ) from None
    if table == "shop":
        _import_shop(workspace, report, values)
        return
    try:
        if _insert(db, table, values):
            report.add(table.replace("_", " "))
            return
        pk = pks[table]
        if len(pk) == 1 and _is_integer_pk(db, table, pk[0]) and pk[0] in values:
            rest = {k: v for k, v in values.items() if k != pk[0]}
            if not _identical_exists(db, table, rest) and _insert(db, table, rest):
                report.add(table.replace("_", " "))
                return
        report.skip("already in Kindly")
    except sqlite3.IntegrityError as exc:
        raise ImportFailed(f"{where} cannot be stored: {exc}. Nothing was imported.") from exc


def _insert(db, table: str, values: dict) -> bool:
    if not values:
        return False
    names = ", ".join(f"[{k}]" for k in values)
    marks = ", ".join("?" * len(values))
    cursor = db.execute(
        f"INSERT INTO [{table}] ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING",
        list(values.values()),
    )
    return cursor.rowcount == 1


def _is_integer_pk(db, table: str, column: str) -> bool:
    for row in db.execute(f"PRAGMA table_info([{table}])").fetchall():
        if row[1] == column:
            return (row[2] or "").upper() == "INTEGER"
    return False


def _identical_exists(db, table: str, values: dict) -> bool:
    if not values:
        return True
    where = " AND ".join(f"[{k}] IS ?" for k in values)
    return (
        db.execute(
            f"SELECT 1 FROM [{table}] WHERE {where} LIMIT 1", list(values.values())
        ).fetchone()
        is not None
    )


def _import_shop(workspace: Workspace, report: ImportReport, values: dict) -> None:
    db = workspace.db
    current = db.execute("SELECT handle FROM shop WHERE id = 1").fetchone()[0] or ""
    theirs = str(values.get("handle") or "")
    if current and theirs and current.lower() != theirs.lower():
        raise ImportFailed(
            f"This export is @{theirs}'s shop, but this database is @{current}'s. Import it into "
            "a new database file instead."
        )
    if current:
        report.skip("already in Kindly")
        return
    values = {k: v for k, v in values.items() if k != "id"}
    if values:
        db.execute(
            f"UPDATE shop SET {', '.join(f'[{k}] = ?' for k in values)} WHERE id = 1",
            list(values.values()),
        )
        report.add("shop")
