"""Sending through X's API: the composer's and Review's Send ask this first, and fall back to X's
web intent (the browser) when it does not want the draft."""

from __future__ import annotations

from app.workspace import Workspace
from ui.x.sync_status import SyncStatus


class ApiSender:
    """Sends a draft through the outbox when X is connected (the composer's and Review's
    "Send" call this before falling back to X's web intent)."""

    def __init__(self, workspace: Workspace, sync_status: SyncStatus):
        self.workspace = workspace
        self.sync_status = sync_status

    def wants(self, draft_id: int) -> bool:
        """Through the API while X is connected (and the data is in a file the sync's worker
        can open), for the drafts the outbox takes."""
        from app.services.outbox import Outbox

        if not (self.sync_status.connection.connected and self.workspace.path is not None):
            return False
        return Outbox(self.workspace).takes(draft_id)

    def queue(self, draft_id: int, resolve: bool | None = None) -> None:
        from app.services.outbox import Outbox

        Outbox(self.workspace).queue_draft(draft_id, resolve=resolve)
        self.sync_status.start(sync=False)
