"""The demo shop: a fictional jewelry store, loaded with times relative to now so it looks live.

The content lives in ``resources/demo/shop.json`` (written for Kindly; no real person's words).
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

from app.domain.models import NewMention, Shop, Status
from app.domain.times import to_db
from app.errors import KindlyError
from app.paths import resources_dir
from app.storage.messages import DirectMessage
from app.storage.people import local_person_id
from app.workspace import Workspace

log = logging.getLogger("kindly.demo")


def demo_file() -> Path:
    return resources_dir() / "demo" / "shop.json"


DEMO_SEEN_MINUTES = 180  # the demo's mentions newer than this arrive unread


def load_demo(workspace: Workspace, source: Path | None = None) -> dict[str, int]:
    """Fill an empty workspace with the demo shop, in one transaction; returns what was added."""
    path = source or demo_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KindlyError(f"The demo shop could not be read from {path}: {exc}") from exc
    now = workspace.clock.now()
    db = workspace.db
    if db.execute("SELECT count(*) FROM posts").fetchone()[0]:
        raise KindlyError("This database already has posts; the demo goes into an empty one.")

    def ago(minutes: float):
        return now - timedelta(minutes=minutes)

    counts = {"mentions": 0, "replies": 0, "people": 0, "dms": 0, "promises": 0}
    with db.atomic():
        shop_data = data["shop"]
        shop = Shop(
            name=shop_data["name"],
            handle=shop_data["handle"],
            user_id=shop_data.get("user_id"),
            signature=shop_data.get("signature", ""),
            email=shop_data.get("email", ""),
            website=shop_data.get("website", ""),
            voice=shop_data.get("voice", ""),
            is_demo=True,
        )
        workspace.shop.save(shop)
        shop_id = workspace.inbox.shop_person_id()
        ids = {shop.handle.lower(): shop_id}
        notes = {}
        for person in data["people"]:
            ids[person["handle"].lower()] = workspace.people.ensure(
                person["handle"], person_id=person.get("id"), name=person.get("name", "")
            )
            if person.get("notes"):
                notes[ids[person["handle"].lower()]] = person["notes"]
            counts["people"] += 1
        for person_id, note in notes.items():
            workspace.people.set_notes(person_id, note)

        posts = sorted(data["posts"], key=lambda p: -p["minutes_ago"])  # oldest first
        for post in posts:
            author = post["author"].lower()
            when = ago(post["minutes_ago"])
            if author == shop.handle.lower():
                workspace.posts.add_shop_reply(
                    post["id"], shop_id, post["text"], when, post.get("in_reply_to"), "demo"
                )
                counts["replies"] += 1
                continue
            n = workspace.inbox.add_mention(
                NewMention(
                    id=post["id"],
                    author_handle=post["author"],
                    author_id=ids[author],
                    text=post["text"],
                    created_at=when,
                    source="demo",
                    in_reply_to_id=post.get("in_reply_to"),
                    url=f"https://x.com/{post['author']}/status/{post['id']}",
                )
            )
            status = post.get("status", "open")
            if n is not None and status != "open":
                workspace.posts.set_status([n], Status(status))
            if n is not None and (status != "open" or post["minutes_ago"] > DEMO_SEEN_MINUTES):
                workspace.posts.mark_read([n])  # the owner has seen all but the newest
            counts["mentions"] += 1
        # The demo's resolved mentions were resolved with the shop's last reply in the thread
        # (or three hours after they came), not at the moment the demo was loaded.
        workspace.db.execute(
            "UPDATE posts SET resolved_at = coalesce("
            " (SELECT max(r.created_at) FROM posts r WHERE r.conversation_id = posts.conversation_id"
            "  AND r.is_shop = 1 AND r.created_at >= posts.created_at),"
            " strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(created_at) + 3 * 3600, 'unixepoch'))"
            " WHERE is_shop = 0 AND status = 'resolved' AND source = 'demo'"
        )

        for dm in data.get("dms", []):
            workspace.messages.add(
                DirectMessage(
                    id=dm["id"],
                    sender_id=ids[dm["from"].lower()],
                    recipient_id=ids[dm["to"].lower()],
                    text=dm["text"],
                    created_at=ago(dm["minutes_ago"]),
                    source="demo",
                )
            )
            counts["dms"] += 1
        # As with the mentions: the owner has seen all but the newest DMs.
        seen_before = to_db(now - timedelta(minutes=DEMO_SEEN_MINUTES))
        seen = [
            n
            for (n,) in workspace.db.execute(
                "SELECT n FROM posts WHERE channel = 'dm' AND is_shop = 0 AND unread = 1"
                " AND (status != 'open' OR created_at < ?)",
                [seen_before],
            )
        ]
        workspace.posts.mark_read(seen)

        for promise in data.get("promises", []):
            post = workspace.posts.get_by_id(promise["post"])
            workspace.promises.add(
                kind=promise["kind"],
                person_id=ids.get(promise["person"].lower(), local_person_id(promise["person"])),
                created_at=ago(promise["created_minutes_ago"]),
                due_at=now + timedelta(minutes=promise["due_in_minutes"]),
                conversation_id=post.conversation_id if post else None,
                post_id=promise["post"],
                email=promise.get("email"),
                note=promise.get("note", ""),
            )
            counts["promises"] += 1
    log.info("demo shop loaded: %s", counts)
    return counts


def is_demo_database(workspace: Workspace) -> bool:
    return workspace.shop.get().is_demo
