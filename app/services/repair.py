"""File → Check database's second half, as a use case: the stored rows Kindly cannot read, and
removing them after a backup (``app/storage/unreadable.py`` finds and deletes them)."""

from __future__ import annotations

from app.changes import Changed, ChangeKind
from app.services.backups import Backups
from app.storage.unreadable import UnreadableRow, find_unreadable, remove_unreadable
from app.workspace import Workspace

__all__ = ["UnreadableRow", "find_rows", "remove_rows"]


def find_rows(workspace: Workspace) -> list[UnreadableRow]:
    """The rows whose values Kindly cannot read (the lists skip them)."""
    return find_unreadable(workspace.db)


def remove_rows(workspace: Workspace, rows: list[UnreadableRow]) -> tuple[int, Changed]:
    """Back the file up, then delete ``rows``; returns how many went and what changed."""
    if workspace.path is not None:  # an in-memory shop has no file to copy
        Backups(workspace.db, workspace.path, workspace.clock).back_up_now()
    removed = remove_unreadable(workspace.db, rows)
    kinds = (ChangeKind.POSTS, ChangeKind.PEOPLE, ChangeKind.PROMISES, ChangeKind.DRAFTS)
    return removed, Changed(frozenset(kinds))
