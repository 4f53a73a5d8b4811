"""What a write changed, as the services say it (app/changes.py)."""

import pytest

from app.changes import ChangeKind, Changed, everything
from app.errors import ErrorKind, ValidationError

PEOPLE, POSTS = ChangeKind.PEOPLE, ChangeKind.POSTS


def test_ids_merge_per_kind_and_any_wins():
    a = Changed.of(PEOPLE, ["p1"]) | Changed.of(PEOPLE, ["p2", "p1"])
    assert a.kinds == {PEOPLE} and a.ids_of(PEOPLE) == ("p1", "p2")
    b = a | Changed.of(PEOPLE)  # "any person" swallows the list
    assert b.ids_of(PEOPLE) == ()
    c = Changed.of(PEOPLE, ["p1"]) | Changed.of(POSTS, [7])
    assert c.kinds == {PEOPLE, POSTS} and c.ids_of(POSTS) == (7,) and c.ids_of(PEOPLE) == ("p1",)
    assert not Changed() and everything().kinds == set(ChangeKind)


def test_muting_says_the_person_and_any_post(demo):
    post = demo.posts.get(1)
    for change in (
        demo.inbox.set_muted(post.author_id, True),
        demo.customers.set_muted(post.author_id, False),
    ):
        assert change.kinds == {PEOPLE, POSTS}
        assert change.ids_of(PEOPLE) == (post.author_id,)
        assert change.ids_of(POSTS) == ()  # not the person's id passed off as a post's


def test_notes_have_one_write_path_with_one_limit(demo):
    person = demo.people.by_handle(demo.posts.get(1).author_handle)
    assert demo.inbox.set_notes(person.id, "Prefers e-mail") == Changed.of(PEOPLE, [person.id])
    for write in (demo.inbox.set_notes, demo.customers.set_notes):
        with pytest.raises(ValidationError) as raised:
            write(person.id, "x" * 10_001)
        assert raised.value.kind == ErrorKind.VALIDATION
    assert demo.people.get(person.id).notes == "Prefers e-mail"
