"""The states the README's pictures of the composer, the template picker and Review show."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.models import InboxFilter

VIEWS = ("composer", "templates", "review")

_DRAFT = (
    "You should have measured your finger first, it's all in the size guide!!! "
    "Send your order number to rosa.m@gmail.com and we'll see what we can do."
)


def _complaints(window, count: int) -> list:
    found = []
    for n, _ in window.workspace.posts.page_keys(InboxFilter.NEEDS_REPLY, limit=80):
        post = window.workspace.posts.get(n)
        if post.kind == "complaint":
            found.append(post)
        if len(found) == count:
            break
    return found


def prepare_drafting_view(window, view: str) -> None:
    """Put the demo window in the state a screenshot of ``view`` shows."""
    if view == "review":
        _prepare_review(window)
        return
    post = _complaints(window, 1)[0]
    window.select_post(post.n)
    composer = window.conversation.composer
    if view == "composer":
        composer.editor.setPlainText(_DRAFT)
        composer.check_now()
        return
    # The template picker, shown inside the window so one picture holds both.
    composer.editor.setPlainText("")
    composer.check_now()
    window.show()
    composer.open_templates()
    picker = composer.picker
    picker.setParent(window, Qt.WindowType.Widget)
    picker.setObjectName("picker")
    picker.setAutoFillBackground(True)
    picker.setStyleSheet(
        "#picker { border: 1px solid palette(dark); border-radius: 6px; background: palette(window); }"
    )
    picker.filter.setText("sorry")
    picker.resize(560, 400)
    picker.move((window.width() - picker.width()) // 2 + 150, 150)
    picker.show()
    picker.raise_()


def _prepare_review(window) -> None:
    drafting = window.workspace.drafting
    posts = _complaints(window, 4)
    texts = [
        "Oh no, we're so sorry! Could you DM us your e-mail so we can make this right?",
        "Sorry for the wait. Your order #10492 left us on Monday, tracking 1Z999AA10123456784.",
        "Refunds take 5 working days. As we already told you, it's in our returns policy.",
        "So sorry about the clasp! A new one is on its way to you today — no need to send "
        "anything back.",
    ]
    for post, text in zip(posts, texts, strict=False):
        draft = drafting.save(post.id, text)
        drafting.mark_ready(draft.id)
    window.changes.announce("drafts", [])
    window.show_page("review")
    page = window.review_page
    page.reload()
    page.table.clearSelection()
    page.table.selectRow(1)


def prepare_data_view(window, view: str) -> None:
    """Put the window in the state the README's People or Stats picture shows."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from app.domain.people import PeopleFilter

    window.show_page(view)
    if view == "people":
        fans = window.customers.people.page_keys(PeopleFilter.FANS, limit=1)
        if fans:
            window.people_page.select_person(fans[0][0])
    else:
        window.stats_page.refresh()
        QThreadPool.globalInstance().waitForDone(10_000)
        QApplication.processEvents()


def prepare_dm_view(window) -> None:
    """The DMs filter with a customer's DM thread open and a reply by DM being written."""
    window.navigation.choose(InboxFilter.DMS)
    for row in range(window.model.rowCount()):
        post = window.workspace.posts.get(window.model.n_at(row))
        if post.author_handle == "hannahprice":
            window.select_row(row)
            break
    composer = window.conversation.composer
    composer.editor.setPlainText(
        "So sorry again for the mix-up, Hannah! Here's your free returns label: "
        "https://juniperandgold.example/returns/4821 — your size 7 is on the bench now. — Maya"
    )
    composer.check_now()


def prepare_search_view(window, view: str) -> None:
    """The README's pictures of a search with operators, and of the earlier replies beside the
    composer."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    if view == "search":
        window.workspace.search.save("Open complaints", "kind:complaint is:open")
        window.search_controller.show_saved()
        window.navigation.choose(InboxFilter.NEEDS_REPLY)
        window.search.setText("order kind:complaint is:open before:2027-01-01 has:photo")
        window.select_row(0)
        window.search_controller.count_now()  # now, without waiting for a pause in the typing
        window.conversation.earlier.look_up()
        QThreadPool.globalInstance().waitForDone(10_000)
        QApplication.processEvents()
        return
    from app.services.search import earlier_replies

    db = window.workspace.db
    post = max(_complaints(window, 20), key=lambda p: len(earlier_replies(db, p.n)))
    window.select_post(post.n)
    window.conversation.earlier.look_up()  # now, without waiting for the settle timer
    QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
