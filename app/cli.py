"""The command line: the window's options, and headless commands for scripts.

``main.py`` parses with ``build_parser()``; a subcommand runs here without Qt, no subcommand opens
the window (``ui/shell/launch.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.errors import KindlyError
from app.paths import resolve_db_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kindly",
        description="Kindly — a kind, local inbox for answering your shop's customers on X.",
    )
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument("--db", type=Path, help="the database file (default: your data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh demo shop in a temporary folder"
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="OUT.png", help="render the window to a PNG and exit"
    )
    parser.add_argument(
        "--view",
        choices=[
            "inbox",
            "conversation",
            "composer",
            "templates",
            "review",
            "people",
            "stats",
            "dms",
            "search",
            "earlier_replies",
        ],
        default="inbox",
        help="which view --screenshot shows",
    )
    parser.add_argument(
        "--smoke",
        nargs="?",
        const=True,
        default=False,
        metavar="REPORT",
        help="self-test on a temporary database (window, resources, keychain), "
        "exit 0 if all is well; also write the result to REPORT if given",
    )
    parser.add_argument(
        "--hidden",
        action="store_true",
        help="start in the tray without opening the window (start at login)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="write the demo shop into a database file")
    demo.add_argument("--db", type=Path, required=True, dest="db")
    from app.commands import add_data_commands

    add_data_commands(commands)  # import, export, stats, backup, check
    from app.due import add_due_command

    add_due_command(commands)  # the promise ledger: what is due soon, due and overdue
    return parser


class _ShowVersion(argparse.Action):
    """``--version``: argparse's own version action, with the version looked up only when asked
    (reading the package metadata is a cost every start would otherwise pay)."""

    def __init__(
        self,
        option_strings,
        dest=argparse.SUPPRESS,
        default=argparse.SUPPRESS,
        help="show program's version number and exit",
    ):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from app import __version__

        print(f"Kindly {__version__}")
        parser.exit()


def run_command(args: argparse.Namespace) -> int:
    """Run a headless subcommand; errors are printed in plain words with a non-zero exit."""
    try:
        from app.commands import DATA_COMMANDS, run_data_command

        if args.command in DATA_COMMANDS:
            return run_data_command(args, resolve_db_path(args.db))
        if args.command == "demo":
            return _demo(args.db)
        if args.command == "due":
            from app.due import run_due

            return run_due(args, resolve_db_path(args.db))
    except KindlyError as exc:
        print(f"kindly: {exc}", file=sys.stderr)
        return 1
    print(f"kindly: unknown command {args.command}", file=sys.stderr)
    return 2


def _demo(path: Path) -> int:
    from app.services.demo import is_demo_database, load_demo
    from app.workspace import open_workspace

    if path.exists() and path.stat().st_size > 0:
        existing = open_workspace(path)
        try:
            if (
                not is_demo_database(existing)
                or existing.db.execute(
                    "SELECT count(*) FROM posts WHERE source != 'demo'"
                ).fetchone()[0]
            ):
                raise KindlyError(
                    f"{path} holds a real shop's data; Kindly will not overwrite it with the demo."
                )
        finally:
            existing.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    workspace = open_workspace(path)
    try:
        counts = load_demo(workspace)
    finally:
        workspace.close()
    print(
        f"Demo shop written to {path}: {counts['mentions']} mentions, {counts['replies']} replies, "
        f"{counts['people']} people, {counts['dms']} DMs, {counts['promises']} promises."
    )
    return 0
