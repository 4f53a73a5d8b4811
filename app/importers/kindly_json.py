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

from app.importers.common import ImportFailed, ImportReport, ImportRun
from app.services.exporter import FORMAT, VERSION, exportable_columns, exportable_tables
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
    columns: dict[str, list[str]] = {}
    pks: dict[str, list[str]] = {}
    db.execute("PRAGMA defer_foreign_keys = ON")
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ImportFailed(f"Kindly cannot read {path}: {exc.strerror or exc}.") from exc
    size = max(1, path.stat().st_size)
    record = 0
    seen_format = False
    builder = None
    depth = 0
    table = ""
    with raw:
        try:
            for prefix, event, value in ijson.parse(raw, use_float=True):
                if builder is not None:
                    builder.event(event, value)
                    if event in ("start_map", "start_array"):
                        depth += 1
                    elif event in ("end_map", "end_array"):
                        depth -= 1
                    if depth == 0:
                        record += 1
                        _import_row(workspace, report, table, builder.value, record, tables,
                                    columns, pks)
                        builder = None
                        run.tick(raw.tell() / size, f"Importing record {record:,}")
                    continue
                if not seen_format:
                    if prefix == "" and event in ("start_map",):
                        continue
                    if prefix == "" and event == "map_key" and value == "format":
                        continue
                    if prefix == "format" and event == "string" and value == FORMAT:
                        seen_format = True
                        continue
                    raise ImportFailed(
                        f"{path.name} is not a Kindly export (it does not start with "
                        f'"format": "{FORMAT}").'
                    )
                if prefix == "version" and event == "number" and int(value) > VERSION:
                    report.notes.append(
                        "This export was written by a newer Kindly; what this Kindly does not "
                        "know was skipped."
                    )
                if prefix == "shop_handle" and event == "string":
                    report.shop_handle = value
                match = _ROW_PREFIX.match(prefix)
                if match and event == "start_map":
                    table = match.group(1)
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                    depth = 1
                elif match:
                    raise ImportFailed(
                        f"{path.name}: record {record + 1:,} in '{match.group(1)}' is not a row "
                        "of values; the file is damaged."
                    )
        except ImportFailed:
            raise
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{path.name} is not UTF-8 text (near record {record + 1:,}).") from exc
        except ijson.JSONError as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "broken JSON"
            if not seen_format:
                raise ImportFailed(f"{path.name} is not a Kindly export ({detail}).") from exc
            raise ImportFailed(
                f"{path.name} breaks after record {record:,}: {detail}. The file is cut off or "
                "damaged; nothing was imported."
            ) from exc
    if not seen_format:
        raise ImportFailed(f"{path.name} is not a Kindly export.")
    try:
        violations = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error:
        violations = []
    if violations:
        table_name = violations[0][0]
        raise ImportFailed(
            f"{path.name} refers to rows it does not contain (first in '{table_name}'); it is "
            "incomplete, so nothing was imported."
        )
    run.say(1.0, "Done")
    return report


def _import_row(workspace: Workspace, report: ImportReport, table: str, row, record: int,
                tables: set[str], columns: dict[str, list[str]],
                pks: dict[str, list[str]]) -> None:
    db = workspace.db
    if not isinstance(row, dict):
        raise ImportFailed(f"Record {record:,} ('{table}') is not a row; the file is damaged.")
    if table not in tables:
        report.skip(f"rows of '{table}', which this Kindly does not know")
        return
    if table not in columns:
        columns[table] = exportable_columns(db, table)
        pks[table] = [r[1] for r in sorted(
            (r for r in db.execute(f"PRAGMA table_info([{table}])").fetchall() if r[5]),
            key=lambda r: r[5])]
    known = columns[table]
    values = {}
    for key, value in row.items():
        if key not in known:
            report.skip(f"values in columns this Kindly does not know ({table}.{key})")
            continue
        if isinstance(value, dict) and set(value) == {"$base64"}:
            value = base64.b64decode(value["$base64"])
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, (dict, list)):
            raise ImportFailed(
                f"Record {record:,} ('{table}'): {key} holds a list or object, not a value."
            )
        values[key] = value
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
        raise ImportFailed(
            f"Record {record:,} ('{table}') cannot be stored: {exc}. Nothing was imported."
        ) from exc


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
    return db.execute(f"SELECT 1 FROM [{table}] WHERE {where} LIMIT 1",
                      list(values.values())).fetchone() is not None


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
