"""The People page refreshes once per burst of changes, and only while it is on screen."""

from __future__ import annotations

from app.storage.people_list import PeopleFilter, PeopleList
from ui.common.changes import PEOPLE, POSTS, PROMISES


def _count_calls(page, monkeypatch) -> list:
    calls = []
    real = page.refresh_counts

    def counting() -> None:
        calls.append(1)
        real()

    monkeypatch.setattr(page, "refresh_counts", counting)
    return calls


def test_a_hidden_people_page_only_notes_a_change_and_refreshes_when_shown(
    window, demo, qtbot, monkeypatch
):
    page = window.people_page
    assert window.current_page() == "inbox" and not page.isVisible()
    calls = _count_calls(page, monkeypatch)
    fan_checks = []
    people = page._customers.people
    monkeypatch.setattr(people, "is_fan", lambda pid: fan_checks.append(pid) or False)
    person = page.detail.person
    page._customers.set_notes(person.id, "Prefers the blue box")
    for kind in (POSTS, PEOPLE, PROMISES):
        window.changes.announce(kind, [person.id])
    qtbot.wait(20)  # let any timer run: a hidden page must not count
    assert calls == [] and fan_checks == []
    assert page.stale

    window.show_page("people")
    assert calls == [1]  # refreshed before it was painted, once
    assert not page.stale
    assert page.detail.person.notes == "Prefers the blue box"
    total = PeopleList(demo.db).count(PeopleFilter.EVERYONE)
    assert f"{total:,}" in page._filter_buttons[PeopleFilter.EVERYONE].text()


def test_several_changes_together_refresh_a_shown_page_once(window, demo, qtbot, monkeypatch):
    window.show_page("people")
    page = window.people_page
    qtbot.waitUntil(lambda: not page.stale)
    calls = _count_calls(page, monkeypatch)
    reloads = []
    real_reload = page.model.reload
    monkeypatch.setattr(
        page.model,
        "reload",
        lambda keep_loaded=False: reloads.append(1) or real_reload(keep_loaded),
    )
    for kind in (POSTS, PEOPLE, PROMISES, POSTS):
        window.changes.announce(kind)
    assert calls == [] and page.stale  # nothing yet: the burst is still arriving
    qtbot.waitUntil(lambda: not page.stale)
    qtbot.wait(20)
    assert calls == [1] and reloads == [1]


def test_a_change_heard_while_hidden_is_not_refreshed_again_on_a_second_showing(
    window, qtbot, monkeypatch
):
    page = window.people_page
    window.changes.announce(POSTS)
    window.show_page("people")
    window.show_page("stats")
    calls = _count_calls(page, monkeypatch)
    window.show_page("people")
    assert calls == []


def test_muting_from_people_or_the_conversation_announces_the_same(window, demo, qtbot):
    post = window.conversation.post
    heard = []
    window.changes.published.connect(heard.append)
    window.conversation.person.mute.click()  # from the conversation's person panel: muted
    box = window.conversation.confirm_mute  # their complaint waits: asked first
    next(b for b in box.buttons() if b.text() == "Mute").click()
    window.show_page("people")
    page = window.people_page
    page.select_person(post.author_id)
    page.detail.mute.click()  # from People: unmuted again
    assert len(heard) == 2
    for change in heard:
        assert change.kinds == {"people", "posts"}
        assert change.ids_of("people") == (post.author_id,)
        assert change.ids_of("posts") == ()  # no person id passed off as a post's


def test_a_sync_like_change_reloads_the_inbox_once(window, monkeypatch):
    from app.changes import ChangeKind, Changed

    reloads = []
    original = window.model.reload
    monkeypatch.setattr(window.model, "reload", lambda **kw: (reloads.append(1), original(**kw)))
    window.changes.publish(
        Changed(frozenset({ChangeKind.POSTS, ChangeKind.PEOPLE, ChangeKind.PROMISES}))
    )
    assert reloads == [1]
