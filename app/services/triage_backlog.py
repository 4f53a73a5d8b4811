"""Sorting imported mentions after the import: the triage backlog.

Triage reads each post closely (about 1 ms a mention), so a file of a million rows would spend
minutes on it inside the import's transaction while nothing shows. An import therefore sorts its
first ``INLINE`` new mentions itself — all of them, for a shop's usual file — and stores the rest
as "other" with no reason yet (``kind_reason IS NULL``): they are in the inbox at once, searchable
and counted. The backlog then sorts them in small transactions, newest first, in a worker of the
window (``ui/inbox/triage_backlog.py``); the list fills in their kinds as it goes. The owner's own
correction made in the meantime is never overwritten, and a crash loses nothing: what is still
unsorted is simply sorted on the next start.

Triage is pure Python, and a thread that computes for minutes holds the interpreter's lock: the
window's thread would wait for it on every row it reads (several milliseconds each time), and the
inbox would stutter until the backlog is done. ``ClassifierProcess`` therefore does the reading
of the texts in a child process; the worker thread only fetches, sends and writes, and waits on a
pipe in between. If the child cannot start or dies, sorting carries on in the thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.changes import NOTHING, ChangeKind, Changed
from app.domain.triage import Kind, Thread, Triage, classify
from app.domain.triage.kinds import place_in_thread
from app.domain.triage.learning import OwnerCorrections
from app.errors import DatabaseBusy
from app.storage.corrections import Corrections

log = logging.getLogger("kindly.triage")

INLINE = 1_000  # new mentions an import sorts itself before it commits
BATCH = 400  # mentions sorted per transaction in the backlog

# How an import stores a mention it leaves to the backlog.
# Its reason is None (a NULL in the database), the mark the backlog looks for; every Triage the
# classifier makes has a reason, so the type keeps ``str``.
UNSORTED = Triage(Kind.OTHER, None)  # type: ignore[arg-type]  # see above


# A post to sort: its text, and its place in its thread when known.
ToSort = tuple[str, Thread | None]
Classifier = Callable[[list[ToSort]], list[Triage]]


def classify_texts(posts: list[ToSort]) -> list[Triage]:
    """Triage for a batch of posts: what the child process runs (importable, picklable)."""
    return [classify(text, thread=thread) for text, thread in posts]


def _serve(conn) -> None:
    """The child process: triage each batch it receives until the pipe closes. The parent holds
    the pipe's only other end, so the child also ends when Kindly ends, even when it is killed."""
    try:
        while True:
            conn.send(classify_texts(conn.recv()))
    except (EOFError, OSError, KeyboardInterrupt):
        pass


class ClassifierProcess:
    """Triage in one child process, used as a context manager around a backlog run. ``spawn``
    starts it the same way on Windows, macOS and Linux, and is safe beside Qt's threads."""

    def __init__(self):
        self._process = None
        self._conn = None

    @property
    def child(self):
        """The child process while it serves (None before, after, or once it failed)."""
        return self._process

    def __enter__(self) -> ClassifierProcess:
        import multiprocessing  # 7 ms of imports, paid when a backlog starts, not at start-up

        context = multiprocessing.get_context("spawn")
        try:
            here, there = context.Pipe()
            process = context.Process(
                target=_serve, args=(there,), name="kindly-sorting", daemon=True
            )
            process.start()
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("sorting in this process: no child process (%s)", exc)
            return self
        there.close()  # the child's end lives in the child only
        self._process, self._conn = process, here
        return self

    def __call__(self, posts: list[ToSort]) -> list[Triage]:
        if self._conn is not None:
            try:
                self._conn.send(posts)
                found = self._conn.recv()
                if isinstance(found, list) and len(found) == len(posts):
                    return found
                raise ValueError(f"the child answered {type(found).__name__}")
            except Exception as exc:  # noqa: BLE001 - a broken child must not stop the sorting
                log.warning("sorting in this process: the child process failed (%r)", exc)
                self._close()
        return classify_texts(posts)

    def __exit__(self, *_exc) -> None:
        self._close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        process, self._process = self._process, None
        if conn is not None:
            conn.close()  # the child reads the end of the pipe and stops
        if process is not None:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


# While the worker sorts, each report of progress means some mentions (which ones it does not
# say) have their kinds now: the inbox shows them.
SORTING = Changed.of(ChangeKind.POSTS)


def sorted_change(ns: list[int]) -> Changed:
    """The mentions a batch sorted (``sort_batch``'s answer): their kinds changed."""
    return Changed.of(ChangeKind.POSTS, ns) if ns else NOTHING


@dataclass(frozen=True)
class BacklogReport:
    sorted: int
    left: int

    @property
    def changed(self) -> Changed:
        return SORTING if self.sorted else NOTHING


class TriageBacklog:
    def __init__(self, db):
        self.db = db

    def any_pending(self) -> bool:
        """Whether anything waits, without counting (a count reads the whole index)."""
        return (
            self.db.execute(
                "SELECT 1 FROM posts INDEXED BY posts_unsorted"
                " WHERE is_shop = 0 AND kind_reason IS NULL LIMIT 1"
            ).fetchone()
            is not None
        )

    def pending(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM posts INDEXED BY posts_unsorted"
            " WHERE is_shop = 0 AND kind_reason IS NULL"
        ).fetchone()[0]

    def sort_batch(self, limit: int = BATCH, classifier: Classifier = classify_texts) -> list[int]:
        """Sort up to ``limit`` unsorted mentions, newest first, in one transaction."""
        rows = self.db.execute(
            "SELECT p.n, p.text, p.in_reply_to_id, parent.is_shop, parent.text"
            " FROM posts p INDEXED BY posts_unsorted LEFT JOIN posts parent"
            " ON parent.id = p.in_reply_to_id"
            " WHERE p.is_shop = 0 AND p.kind_reason IS NULL"
            " ORDER BY p.n DESC LIMIT ?",
            [limit],
        ).fetchall()
        if not rows:
            return []
        found = classifier([(row[1], place_in_thread(*row[2:])) for row in rows])
        learned = OwnerCorrections(Corrections(self.db).recent())
        if len(learned):
            found = [learned.apply(row[1], t) for row, t in zip(rows, found, strict=True)]
        verdicts = [(str(t.kind), t.reason, row[0]) for row, t in zip(rows, found, strict=True)]
        with self.db.atomic():
            # kind_reason IS NULL again: an owner's correction since the read stays as it is.
            self.db.conn.executemany(
                "UPDATE posts SET kind = ?, kind_reason = ?"
                " WHERE n = ? AND kind_reason IS NULL AND kind_by_owner = 0",
                verdicts,
            )
        return [n for _, _, n in verdicts]

    def run(
        self,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
        limit: int | None = None,
        classifier: Classifier = classify_texts,
    ) -> BacklogReport:
        """Sort until nothing is left (or ``cancel`` is set, or ``limit`` are sorted)."""
        done = 0
        left = self.pending()
        while left and not (cancel is not None and cancel.is_set()):
            if limit is not None and done >= limit:
                break
            try:
                batch = self.sort_batch(
                    BATCH if limit is None else min(BATCH, limit - done), classifier
                )
            except DatabaseBusy:  # an import holds the file for longer: wait for it, then go on
                continue
            if not batch:
                break
            done += len(batch)
            left = max(0, left - len(batch))
            if progress is not None:
                progress(done, left)
        return BacklogReport(sorted=done, left=self.pending() if left else 0)
