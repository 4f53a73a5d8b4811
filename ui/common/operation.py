"""The one way a view makes a write: run the service call, show an expected failure in plain
words, and publish what the service says it changed — once."""

from __future__ import annotations

from collections.abc import Callable

from app.changes import Changed, Done
from app.errors import KindlyError
from ui.common.changes import Changes


def apply_change(
    changes: Changes, write: Callable[[], Changed | Done], problem: Callable[[str], None]
) -> bool:
    """``write()`` on the GUI thread (quick writes; slow ones go through ``run_job``). On an
    expected failure ``problem(message)`` is called and nothing is announced; returns success.
    A write that returns ``Done`` also offers its Undo."""
    try:
        change = write()
    except KindlyError as error:
        problem(str(error))
        return False
    problem("")
    if isinstance(change, Done):
        changes.publish_done(change)
    else:
        changes.publish(change)
    return True
