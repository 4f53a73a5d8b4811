"""'Did it post?': Enter means Yes whatever the platform's button order, and nothing the owner
typed is dropped by No, Esc or closing the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle

from app.domain.drafts import DraftState
from tests.ui.conversation.test_composer import open_complaint, opened, type_reply  # noqa: F401

LINK = "https://x.com/juniperandgold/status/1999000000000000777"
LAYOUTS = {
    "windows": QDialogButtonBox.ButtonLayout.WinLayout,
    "mac": QDialogButtonBox.ButtonLayout.MacLayout,
    "kde": QDialogButtonBox.ButtonLayout.KdeLayout,
    "gnome": QDialogButtonBox.ButtonLayout.GnomeLayout,
    "android": QDialogButtonBox.ButtonLayout.AndroidLayout,
}


class ButtonOrder(QProxyStyle):
    """The style of one platform as far as dialog buttons go: their order."""

    def __init__(self, layout: QDialogButtonBox.ButtonLayout):
        super().__init__("Fusion")
        self.layout = layout

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # noqa: N802
        if hint == QStyle.StyleHint.SH_DialogButtonLayout:
            return self.layout.value
        return super().styleHint(hint, option, widget, returnData)


def ask(window, qtbot, layout):
    """A reply handed to X, and its "Did it post?" laid out in ``layout``'s button order."""
    post = open_complaint(window)
    composer = window.conversation.composer
    type_reply(qtbot, composer, "So sorry about this! We'll send a new one today.")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = composer.send_flow.dialog
    assert dialog is not None and dialog.isVisible()
    style = ButtonOrder(layout)
    dialog.buttons.setStyle(style)
    dialog._test_style = style  # kept alive as long as the dialog
    return post, dialog


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_enter_after_pasting_the_link_means_yes(window, qtbot, opened, layout) -> None:  # noqa: F811
    post, dialog = ask(window, qtbot, layout)
    dialog.link.setFocus()
    qtbot.keyClicks(dialog.link, LINK)
    qtbot.keyClick(dialog.link, Qt.Key.Key_Return)
    sent = window.workspace.drafting.draft_for(post.id)
    assert sent.state == DraftState.SENT and sent.sent_post_id == "1999000000000000777"


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_enter_from_any_checkbox_or_field_means_yes(window, qtbot, opened, layout) -> None:  # noqa: F811
    post, dialog = ask(window, qtbot, layout)
    dialog.resolve.setFocus()
    qtbot.keyClick(dialog.resolve, Qt.Key.Key_Return)
    assert window.workspace.drafting.draft_for(post.id).state == DraftState.SENT


@pytest.mark.parametrize("leave", ["escape", "no", "close"])
def test_a_pasted_link_is_never_thrown_away(window, qtbot, opened, leave) -> None:  # noqa: F811
    post, dialog = ask(window, qtbot, QDialogButtonBox.ButtonLayout.WinLayout)
    dialog.link.setFocus()
    qtbot.keyClicks(dialog.link, LINK)
    if leave == "escape":
        qtbot.keyClick(dialog.link, Qt.Key.Key_Escape)
    elif leave == "no":
        qtbot.mouseClick(dialog.no, Qt.MouseButton.LeftButton)
    else:
        dialog.close()
    # Still asking, with the link, and the draft still waiting for the answer.
    assert dialog.isVisible() and dialog.link.text() == LINK
    assert "it posted" in dialog.error.text()
    assert window.workspace.drafting.draft_for(post.id).state == DraftState.SENDING
    # Clearing the link is how the owner says it did not post after all.
    dialog.link.clear()
    qtbot.mouseClick(dialog.no, Qt.MouseButton.LeftButton)
    assert window.workspace.drafting.draft_for(post.id).state == DraftState.DRAFT
