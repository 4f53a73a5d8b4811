"""Flows through People in the main window, on the demo shop."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.domain.models import InboxFilter
from app.storage.people_list import PeopleFilter, PeopleList
from ui.people.model import KINDS, PERSON, PeopleModel


def test_people_model_passes_qt_model_tester(qtmodeltester, demo):
    for people_filter in PeopleFilter:
        model = PeopleModel(PeopleList(demo.db), demo.clock)
        model.show(people_filter)
        qtmodeltester.check(model, force_py=True)


def test_people_page_lists_everyone_and_pages_lazily(window, demo):
    window.show_page("people")
    page = window.people_page
    assert window.current_page() == "people"
    total = PeopleList(demo.db).count(PeopleFilter.EVERYONE)
    assert page.model.rowCount() == min(total, 200)
    assert "Everyone" in page._filter_buttons[PeopleFilter.EVERYONE].text()
    assert str(total) in page._filter_buttons[PeopleFilter.EVERYONE].text()
    person = page.model.person(0)
    assert page.detail.person.id == person.id
    assert page.model.data(page.model.index(0, PERSON)).endswith(
        f"@{person.handle}"
    ) or f"@{person.handle}" in page.model.data(page.model.index(0, PERSON))
    assert page.model.data(page.model.index(0, KINDS), PeopleModel.KindsRole) == person.kinds


def test_thank_a_fan_opens_their_praise_with_the_thanks_ready(window, demo, qtbot):
    window.show_page("people")
    page = window.people_page
    page.choose(PeopleFilter.FANS)
    assert page.model.rowCount() >= 1
    fan = page.model.person(0)
    assert page.detail.thank.isVisible()
    qtbot.mouseClick(
        page.detail.thank, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton
    )
    assert window.current_page() == "inbox"
    post = window.conversation.post
    assert post.author_id == fan.id and post.kind == "praise"
    composer = window.conversation.composer
    assert "thank" in composer.text().lower()


def test_strikes_policy_and_block_on_x(window, demo, qtbot):
    opened = []
    window.opener.handler = opened.append
    window.show_page("people")
    page = window.people_page
    page.choose(PeopleFilter.TROLLS)
    assert page.policy_box.isVisible()
    page.policy.setPlainText("One polite answer, then a strike. Mute at three.")
    page.save_policy.click()
    assert demo.settings.load().troll_policy.startswith("One polite answer")
    page.choose(PeopleFilter.EVERYONE)
    person = page.model.person(1)
    page.select_person(person.id)
    for reason in ("insults", "spam links", "insults again"):
        qtbot.keyClicks(page.detail.reason, reason)
        page.detail.add_strike.click()
    qtbot.waitUntil(lambda: not page.stale)  # the page refreshes once the write is announced
    assert page.detail.strikes.count() == 3
    assert "limit of 3" in page.detail.advice.text()
    assert "Mute at three" in page.detail.advice.text()
    page.detail.block.click()
    assert opened == [f"https://x.com/{person.handle}"]
    page.detail.mark_blocked.click()
    qtbot.waitUntil(lambda: not page.stale)
    assert PeopleList(demo.db).row(person.id).blocked
    # their posts left the inbox's Needs reply (muted with the block)
    assert (
        demo.db.execute(
            "SELECT count(*) FROM posts WHERE author_id = ? AND hidden = 0", [person.id]
        ).fetchone()[0]
        == 0
    )
    page.choose(PeopleFilter.MUTED)
    assert page.model.row_of(person.id) is not None


def test_contact_and_notes_are_saved(window, demo, qtbot):
    window.show_page("people")
    detail = window.people_page.detail
    pid = detail.person.id
    detail.channel.setCurrentIndex(detail.channel.findData("email"))
    detail.address.setText("not an address")
    detail.save_contact.click()
    assert "e-mail address" in detail.problem.text()
    detail.address.setText("abi@example.com")
    detail.save_contact.click()
    assert detail.problem.text() == ""
    detail.notes.setPlainText("Ring size 7")
    detail.save_notes.click()
    row = PeopleList(demo.db).row(pid)
    assert (row.preferred_channel, row.contact_address, row.notes) == (
        "email",
        "abi@example.com",
        "Ring size 7",
    )
    qtbot.waitUntil(lambda: not window.people_page.stale)
    assert (
        window.people_page.model.data(
            window.people_page.model.index(window.people_page.model.row_of(pid), 5)
        )
        == "E-mail"
    )


def test_forget_a_person_from_the_people_page(window, demo, monkeypatch, qtbot):
    window.show_page("people")
    page = window.people_page
    person = page.detail.person
    word = (
        demo.db.execute("SELECT text FROM posts WHERE author_id = ?", [person.id])
        .fetchone()[0]
        .split()[-1]
    )
    window.search_controller.save("Theirs", f"from:@{person.handle}")
    assert "Theirs" in window.navigation.saved_search_names()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.detail.forget.click()
    assert demo.people.get(person.id) is None
    assert "Theirs" not in window.navigation.saved_search_names()  # it named them: gone too
    qtbot.waitUntil(lambda: not page.stale)
    assert page.model.row_of(person.id) is None
    assert all(
        demo.posts.get(n).author_id != person.id
        for n, _ in demo.posts.page_keys(InboxFilter.ALL, word)
    )


def test_the_troll_policy_shows_beside_a_reply_to_someone_with_strikes(window, demo):
    post = window.conversation.post
    panel = window.conversation.person
    assert not panel.strikes_note.isVisible()
    window.customers.set_policy("Answer once, kindly; never argue.")
    window.customers.add_strike(post.author_id, "rude")
    window.changes.announce("people", [post.author_id])
    assert panel.strikes_note.isVisible()
    assert "1 strike" in panel.strikes_note.text()
    assert "never argue" in panel.strikes_note.text()
