"""``kindly due``: the promise ledger without a window — what is due soon, due and overdue.

For scripts (``--json``) and for a quick look in a terminal. It only reads: no reminder is marked
as fired, so the window still shows its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from app.domain.opening_hours import to_local
from app.domain.promises import AWAITING_DM, State, short_duration
from app.domain.times import english, parse_iso, to_db
from app.errors import KindlyError

_HEADINGS = {
    State.OVERDUE: "Overdue",
    State.DUE: "Due now",
    State.SOON: "Due soon",
}


def add_due_command(commands) -> None:
    due = commands.add_parser("due", help="list follow-ups due soon, due and overdue")
    due.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="the database file (default: your data folder)",
    )
    due.add_argument(
        "--now", metavar="ISO-TIME", help="pretend it is this time (e.g. 2026-11-24T09:00:00Z)"
    )
    due.add_argument("--json", action="store_true", help="print JSON for scripts")


def run_due(args: argparse.Namespace, db_path: Path) -> int:
    from app.workspace import open_workspace

    now = None
    if args.now:
        try:
            now = parse_iso(args.now)
        except ValueError as exc:
            raise KindlyError(
                f"“{args.now}” is not a time Kindly can read; write it like 2026-11-24T09:00:00Z."
            ) from exc
    if not db_path.exists():
        raise KindlyError(f"There is no Kindly database at {db_path}.")
    workspace = open_workspace(db_path)
    try:
        now = now or workspace.clock.now()
        items = workspace.followups.due_list(now)
    finally:
        workspace.close()
    if args.json:
        json.dump(
            [_as_json(row, state, now) for row, state in items],
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return 0
    print(_as_text(items, now))
    return 0


def _as_json(row, state: State, now: datetime) -> dict:
    promise = row.promise
    return {
        "id": promise.id,
        "kind": promise.kind,
        "state": str(state),
        "handle": row.handle,
        "email": promise.email,
        "due_at": to_db(promise.due_at),
        "due_local": to_local(promise.due_at).isoformat(timespec="minutes"),
        "minutes_late": round((now - promise.due_at).total_seconds() / 60),
        "note": promise.note,
        "conversation_id": promise.conversation_id,
        "post_id": promise.post_id,
    }


def _as_text(items, now: datetime) -> str:
    if not items:
        return "Nothing is due. Every promise is on track."
    lines = []
    for state in (State.OVERDUE, State.DUE, State.SOON):
        group = [row for row, s in items if s == state]
        if not group:
            continue
        lines.append(f"{_HEADINGS[state]} ({len(group)})")
        for row in group:
            promise = row.promise
            when = english(to_local(promise.due_at), "%a %d %b %H:%M")
            delta = short_duration(now - promise.due_at)
            timing = (
                f"due {when}, {delta} ago" if now >= promise.due_at else f"due {when}, in {delta}"
            )
            if promise.kind == AWAITING_DM:
                what = "DM in without an address" if promise.dm_id else "no DM yet"
            else:
                what = f"e-mail to {promise.email}" if promise.email else "e-mail (address?)"
            about = f" — {promise.note}" if promise.note else ""
            lines.append(f"  @{row.handle}: {what}, {timing}{about}")
        lines.append("")
    return "\n".join(lines).rstrip()
