"""Triage learns from the owner's corrections; the owner's own choice is never overwritten."""

from datetime import timedelta

from app.domain.models import NewMention
from app.domain.triage import Kind, Triage, classify
from app.domain.triage.learning import OwnerCorrections
from app.services.triage_backlog import UNSORTED, TriageBacklog

# A bead shop's own wording: nothing in it is a problem to someone who does not know the shop.
# (At this shop the blue tin means the order went out from the old stock.)
WONKY = [
    "@lunabeads my {} bracelet came in the blue tin",
    "@lunabeads {} bracelet came in the blue tin today",
    "@lunabeads the blue tin for my {} bracelet",
]
COLOURS = [
    "moonstone",
    "amber",
    "jade",
    "opal",
    "garnet",
    "pearl",
    "onyx",
    "coral",
    "topaz",
    "ruby",
    "amethyst",
    "citrine",
]


def wonky(count: int, start: int = 0) -> list[str]:
    return [WONKY[i % len(WONKY)].format(COLOURS[(start + i) % len(COLOURS)]) for i in range(count)]


def add(ws, post_id, text, minutes_ago=5, store=None):
    mention = NewMention(
        id=str(post_id),
        author_handle=f"c{post_id}",
        text=text,
        created_at=ws.clock.now() - timedelta(minutes=minutes_ago),
        source="test",
    )
    if store is None:
        return ws.inbox.add_mention(mention)
    author = ws.people.ensure(mention.author_handle, seen_at=mention.created_at)
    return ws.posts.add_mention(mention, author, store)


def test_the_wording_alone_is_not_a_complaint_to_triage():
    """Without this the test below would prove nothing."""
    assert (
        classify("@lunabeads citrine bracelet came in the blue tin today").kind
        is not Kind.COMPLAINT
    )


def test_mentions_like_the_corrected_ones_get_the_owners_kind(workspace):
    ws = workspace
    ns = [add(ws, i, text) for i, text in enumerate(wonky(10))]
    ws.inbox.set_kind(ns, Kind.COMPLAINT)
    n = add(ws, 100, "@lunabeads citrine bracelet came in the blue tin today")
    post = ws.posts.get(n)
    assert post.kind == "complaint"
    assert post.kind_reason == "like the ones you marked complaint"
    assert not post.kind_by_owner
    # an unrelated mention is left to triage
    other = ws.posts.get(add(ws, 101, "@lunabeads do you ship to Canada?"))
    assert other.kind == "question"


def test_a_couple_of_corrections_are_not_yet_a_habit(workspace):
    ws = workspace
    ns = [add(ws, i, text) for i, text in enumerate(wonky(2))]
    ws.inbox.set_kind(ns, Kind.COMPLAINT)
    post = ws.posts.get(add(ws, 100, "@lunabeads citrine bracelet came in the blue tin today"))
    assert post.kind_reason != "like the ones you marked complaint"


def test_the_owners_own_choice_is_never_overwritten(workspace):
    ws = workspace
    ns = [add(ws, i, text) for i, text in enumerate(wonky(10))]
    ws.inbox.set_kind(ns[:9], Kind.COMPLAINT)
    ws.inbox.set_kind(ns[9:], Kind.PRAISE)  # the owner's call on this one, against the others
    add(ws, 100, "@lunabeads citrine bracelet came in the blue tin today")
    kept = ws.posts.get(ns[9])
    assert (kept.kind, kept.kind_by_owner) == ("praise", True)


def test_the_backlog_learns_from_the_corrections_too(workspace):
    ws = workspace
    ns = [add(ws, i, text) for i, text in enumerate(wonky(10))]
    ws.inbox.set_kind(ns, Kind.COMPLAINT)
    unsorted = add(
        ws, 100, "@lunabeads citrine bracelet came in the blue tin today", store=UNSORTED
    )
    TriageBacklog(ws.db).run()
    post = ws.posts.get(unsorted)
    assert (post.kind, post.kind_reason) == ("complaint", "like the ones you marked complaint")
    assert all(ws.posts.get(n).kind_by_owner for n in ns)


def test_corrections_that_disagree_teach_nothing():
    texts = wonky(12)
    learned = OwnerCorrections(
        [(t, "complaint" if i % 2 else "praise") for i, t in enumerate(texts)]
    )
    suggested = Triage(Kind.OTHER, "no problem, question or praise")
    assert (
        learned.apply("@lunabeads citrine bracelet came in the blue tin today", suggested)
        is suggested
    )
    assert OwnerCorrections([]).like("anything") is None
