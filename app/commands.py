"""The data commands: import, export, stats, backup and check (registered by ``app/cli.py``).

Each prints plain words (or JSON with ``--json``) and exits non-zero when something is wrong, so
scripts can rely on them; none of them imports Qt.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path

from app.errors import KindlyError

DATA_COMMANDS = ("import", "export", "stats", "backup", "check")


def add_data_commands(commands) -> None:
    """Register the data subcommands on the parser's subcommand group."""
    db_help = "the database file (default: your data folder)"

    def db_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)

    imp = commands.add_parser(
        "import", help="import X's archive, a Customer Support on Twitter CSV or a Kindly export"
    )
    imp.add_argument("path", type=Path, help="the zip, folder, .csv or .json to import")
    db_option(imp)
    imp.add_argument("--format", choices=["auto", "twcs", "archive", "kindly"], default="auto")
    imp.add_argument(
        "--shop",
        metavar="HANDLE",
        help="which author in a CSV is your shop (default: your shop's handle)",
    )
    imp.add_argument("--json", action="store_true", help="print the report as JSON")

    exp = commands.add_parser("export", help="export everything as Kindly JSON, or CSV files")
    exp.add_argument("out", type=Path, help="a .json file, or a folder for --format csv")
    db_option(exp)
    exp.add_argument(
        "--format",
        choices=["json", "csv"],
        default=None,
        help="json (default for a .json name) or csv (mentions, replies, promises)",
    )

    stats = commands.add_parser("stats", help="first-response times and more, per week")
    db_option(stats)
    stats.add_argument("--since", type=_day, metavar="DATE", help="from this day (YYYY-MM-DD)")
    stats.add_argument(
        "--until", type=_day, metavar="DATE", help="up to and including this day (YYYY-MM-DD)"
    )
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")

    backup = commands.add_parser("backup", help="copy the database into backups/ beside it now")
    db_option(backup)

    check = commands.add_parser("check", help="check the database for damage")
    db_option(check)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None


def run_data_command(args: argparse.Namespace, db_path: Path) -> int:
    handler = {
        "import": _import,
        "export": _export,
        "stats": _stats,
        "backup": _backup,
        "check": _check,
    }[args.command]
    try:
        return handler(args, db_path)
    except KeyboardInterrupt:
        print("kindly: stopped; nothing was changed.", file=sys.stderr)
        return 130
    except KindlyError as exc:
        print(f"kindly: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        from app.storage.database import typed_write_error

        typed = typed_write_error(exc, db_path)
        if typed is None:
            raise
        print(f"kindly: {typed}", file=sys.stderr)
        return 1


def _existing(db_path: Path):
    from app.workspace import open_workspace

    if not db_path.exists():
        raise KindlyError(f"There is no Kindly database at {db_path}.")
    return open_workspace(db_path)


def _import(args, db_path: Path) -> int:
    from app.importers import ImportRun, run_import
    from app.workspace import open_workspace

    interactive = sys.stderr.isatty()

    def progress(fraction: float, message: str) -> None:
        if interactive:
            print(f"\r{fraction * 100:3.0f}%  {message:<60}", end="", file=sys.stderr, flush=True)

    created = not db_path.exists()
    workspace = open_workspace(db_path)
    try:
        report = run_import(
            workspace, args.path, args.format, args.shop, ImportRun(progress=progress)
        )
    except BaseException:
        workspace.close()
        if created:  # a new file made only for an import that failed is not left behind
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
        raise
    finally:
        if interactive:
            print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    workspace.close()
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print("\n".join(report.lines()))
    return 0


def _export(args, db_path: Path) -> int:
    from app.services.exporter import export_csv, export_json

    fmt = args.format or ("json" if args.out.suffix.lower() == ".json" else "csv")
    workspace = _existing(db_path)
    try:
        if fmt == "json":
            report = export_json(workspace.db, args.out, workspace.clock)
        else:
            report = export_csv(workspace.db, args.out)
    finally:
        workspace.close()
    print("\n".join(report.lines()))
    return 0


def _stats(args, db_path: Path) -> int:
    from app.domain.stats import (
        BENCHMARK_WITHIN_1H,
        BENCHMARK_WITHIN_24H,
        duration_text,
        opening_of,
        share_text,
    )
    from app.storage.stats import StatsStore

    if args.since and args.until and args.since > args.until:
        raise KindlyError("--since is after --until.")
    workspace = _existing(db_path)
    try:
        stats = StatsStore(workspace.db).compute(
            workspace.clock.now(),
            args.since,
            args.until,
            opening=opening_of(workspace.settings.load().opening_hours),
            zone=workspace.reminders.zone,
        )
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(stats.as_json(), indent=2))
        return 0
    r = stats.response
    period = (
        f"{args.since or 'the start'} to {args.until or 'today'}"
        if args.since or args.until
        else "all time"
    )
    print(
        f"Mentions ({period}): {r.mentions:,}; answered {r.answered:,}, unanswered {r.unanswered:,}"
    )
    print(
        f"First response: median {duration_text(r.median_first_response_s)}, "
        f"90% within {duration_text(r.p90_first_response_s)}"
    )
    if stats.response_open is not None:
        print(
            "First response in opening hours: median "
            f"{duration_text(stats.response_open.median_first_response_s)}"
        )
    print(
        f"Answered within 1 h: {share_text(r.within_1h)} "
        f"(customers expect about {share_text(BENCHMARK_WITHIN_1H)})"
    )
    print(
        f"Answered within 24 h: {share_text(r.within_24h)} "
        f"(customers expect about {share_text(BENCHMARK_WITHIN_24H)})"
    )
    print(f"Needs a reply now: {stats.open_backlog:,}")
    print(f"Time to resolve: median {duration_text(stats.median_resolve_s)}; DMs in: {stats.dms:,}")
    if stats.promises_due:
        print(
            f"Promises kept on time: {stats.promises_kept:,} of {stats.promises_due:,} "
            f"({share_text(stats.promises_kept_share)})"
        )
    return 0


def _backup(args, db_path: Path) -> int:
    from app.services.backups import Backups

    workspace = _existing(db_path)
    try:
        backups = Backups(workspace.db, db_path, workspace.clock)
        info = backups.back_up_now()
        kept = workspace.settings.load().backups_kept
        backups.prune(kept)
    finally:
        workspace.close()
    print(f"Backed up to {info.path} ({info.describe()}).")
    return 0


def _check(args, db_path: Path) -> int:
    from app.services.backups import check_database

    if not db_path.exists():
        raise KindlyError(f"There is no Kindly database at {db_path}.")
    result = check_database(db_path)
    print(result.message)
    return 0 if result.healthy and not result.unreadable else 1
