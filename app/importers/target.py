"""Where imported posts and DMs go: through the inbox's own write path, counted for the report."""

from __future__ import annotations

import logging
from datetime import datetime

from app.domain.models import NewMention
from app.importers.common import ImportReport
from app.domain.triage import Thread, Triage
from app.services.triage_backlog import INLINE, UNSORTED
from app.storage.messages import DirectMessage
from app.workspace import Workspace

log = logging.getLogger("kindly.import")


class ImportTarget:
    """Adds mentions (triaged by the inbox), shop replies and DMs; marks answered mentions."""

    def __init__(self, workspace: Workspace, report: ImportReport):
        self.ws = workspace
        self.report = report
        self.db = workspace.db
        self._last_n_before = self.db.execute("SELECT coalesce(max(n), 0) FROM posts").fetchone()[0]
        self._people_before = self._people_count()
        self._shop_person: str | None = None
        self._sorted_inline = 0
        self._left_unsorted = 0

    def had_posts(self) -> bool:
        """Whether Kindly had any post before this import."""
        return self._last_n_before > 0

    def last_n_before(self) -> int:
        """The row key of the last post before this import: the new posts come after it."""
        return self._last_n_before

    def had_people(self) -> bool:
        return self._people_before > 0

    def _people_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM people").fetchone()[0]

    def shop_person_id(self) -> str:
        if self._shop_person is None:
            self._shop_person = self.ws.inbox.shop_person_id()
        return self._shop_person

    def post_exists(self, post_id: str) -> bool:
        return self.ws.posts.exists(post_id)

    def is_shop_post(self, post_id: str) -> bool:
        row = self.db.execute("SELECT is_shop FROM posts WHERE id = ?", [post_id]).fetchone()
        return bool(row and row[0])

    def add_mention(self, mention: NewMention) -> bool:
        if self._sorted_inline < INLINE:  # a shop's usual file is sorted before it commits
            n = self.ws.inbox.add_mention(mention)
            self._sorted_inline += n is not None
        else:  # the rest are sorted after the commit, by the triage backlog
            if self.ws.posts.exists(mention.id):
                n = None
            else:
                author_id = self.ws.people.ensure(
                    mention.author_handle,
                    person_id=mention.author_id,
                    name=mention.author_name,
                    seen_at=mention.created_at,
                )
                n = self.ws.posts.add_mention(mention, author_id, UNSORTED)
                self._left_unsorted += n is not None
        if n is None:
            self.report.skip("already in Kindly")
            return False
        self.report.add("mentions")
        return True

    def triage_for_import(self, text: str, thread: Thread | None = None) -> Triage:
        """The kind of the next new mention a set-based import stores: sorted here for the first
        ``INLINE`` of them, left for the triage backlog after that."""
        if self._sorted_inline < INLINE:
            self._sorted_inline += 1
            return self.ws.inbox.triage(text, thread)
        self._left_unsorted += 1
        return UNSORTED

    def leave_for_backlog(self, mentions: int) -> None:
        """A set-based import stored ``mentions`` new mentions, the first of them sorted through
        ``triage_for_import``; the others were stored unsorted, for the triage backlog."""
        self._left_unsorted = max(0, mentions - self._sorted_inline)

    def add_shop_reply(
        self, post_id: str, text: str, created_at: datetime, in_reply_to_id: str | None, source: str
    ) -> bool:
        n = self.ws.posts.add_shop_reply(
            post_id, self.shop_person_id(), text, created_at, in_reply_to_id, source
        )
        if n is None:
            self.report.skip("already in Kindly")
            return False
        self.report.add("shop replies")
        return True

    def add_dm(self, message: DirectMessage, incoming: bool) -> bool:
        """Store a DM once. A customer's DM goes through the follow-ups service when there is
        one, so an e-mail address in it opens an "e-mail owed" promise like a synced DM does."""
        if self.db.execute("SELECT 1 FROM direct_messages WHERE id = ?", [message.id]).fetchone():
            self.report.skip("already in Kindly")
            return False
        followups = getattr(self.ws, "followups", None)
        received = getattr(followups, "dm_received", None)
        if incoming and callable(received):
            outcome = received(message)
            if getattr(outcome, "emails", None) and getattr(outcome, "promise", None) is not None:
                self.report.add("e-mails owed (an address found in a DM)")
        else:
            self.ws.messages.add(message)
        self.report.add("DMs")
        return True

    def finish(self, answered: int | None = None) -> None:
        """Mentions answered by a shop reply (one of them new) wait on the customer now.
        ``answered``: how many the importer marked so itself (None: finish marks them)."""
        if answered is None:
            before = self._last_n_before
            answered = self.db.execute(
                "UPDATE posts SET status = 'waiting' WHERE is_shop = 0 AND status = 'open'"
                " AND EXISTS (SELECT 1 FROM posts r WHERE r.is_shop = 1"
                "   AND r.in_reply_to_id = posts.id AND (posts.n > ? OR r.n > ?))",
                [before, before],
            ).rowcount
        if answered:
            self.report.notes.append(
                f"{answered:,} answered mention{'s' if answered != 1 else ''} "
                "marked 'waiting on customer'."
            )
        people = self._people_count() - self._people_before
        if people:
            self.report.add("people", people)
        if self._left_unsorted:
            self.report.notes.append(
                f"Kindly sorts the other {self._left_unsorted:,} new mentions into complaints, "
                "questions, praise and the rest in the background; their kinds fill in as it goes."
            )
