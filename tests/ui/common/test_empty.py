"""Empty lists and empty search results say why they are empty, in a short plain sentence."""

from __future__ import annotations

import pytest

from app.domain.models import InboxFilter


def note_of(view) -> str:
    note = next(child for child in view.viewport().children() if child.objectName() == "empty_note")
    return note.text() if note.isVisible() else ""


def test_a_new_inbox_says_how_mentions_get_in(new_shop_window) -> None:
    window = new_shop_window
    for inbox_filter in InboxFilter:
        window.navigation.choose(inbox_filter)
        text = note_of(window.list)
        assert text.startswith("No mentions yet.") and "Ctrl+N" in text, inbox_filter


@pytest.mark.parametrize("inbox_filter", list(InboxFilter))
def test_each_filter_and_search_says_why_it_is_empty(window, qtbot, inbox_filter) -> None:
    window.navigation.choose(inbox_filter)
    assert window.model.rowCount() > 0 and note_of(window.list) == ""
    window.search.setText("zqxj")
    assert window.model.rowCount() == 0
    text = note_of(window.list)
    assert "“zqxj”" in text
    if inbox_filter != InboxFilter.ALL:
        assert inbox_filter.label in text and "look in All" in text
    window.search.clear()
    assert note_of(window.list) == ""


def test_an_emptied_filter_says_what_it_holds(window, qtbot) -> None:
    window.navigation.choose(InboxFilter.RESOLVED)
    resolved = [window.model.n_at(row) for row in range(window.model.rowCount())]
    assert resolved
    window.workspace.posts.set_status(resolved, "open")
    window.model.reload()
    assert window.model.rowCount() == 0
    assert note_of(window.list) == "Nothing resolved yet. Press E on a mention to resolve it."


def test_every_filter_has_its_sentence_when_the_shop_has_mentions() -> None:
    from ui.common.empty import inbox_empty_text

    for inbox_filter in InboxFilter:  # a filter without one raised KeyError (DMs, at first)
        assert inbox_empty_text(inbox_filter, "", has_mentions=True), inbox_filter


def test_people_say_why(window, new_shop_window) -> None:
    window.show_page("people")
    page = window.people_page
    page.search.setText("zqxj")
    assert "No one in Everyone has “zqxj”" in note_of(page.list)
    new_shop_window.show_page("people")
    assert note_of(new_shop_window.people_page.list).startswith("No one yet.")


def test_templates_follow_ups_and_review_say_why(new_shop_window) -> None:
    window = new_shop_window
    workspace = window.workspace
    window.show_page("templates")
    page = window.templates_page
    for template in workspace.templates.list():
        workspace.templates.delete(template.id)
    page.reload()
    assert note_of(page.list).startswith("No templates yet. Click New")
    window.show_page("followups")
    model = window.followups_page.model
    texts = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "No e-mails owed. Every promise is kept." in texts
    assert any(t.startswith("Not waiting for anyone's DM. A reply asking") for t in texts)
    window.show_page("review")
    assert window.review_page.empty.isVisible()
    assert "Nothing is waiting for review" in window.review_page.empty.text()
