"""The import dialog in plain words: a long reason is shown whole, no stray "&" in a caption, and
no command-line words anywhere in it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.importers.common import ImportFailed
from ui.common.changes import Changes
from ui.data.import_dialog import ImportDialog

LONG_REASON = (
    "This database is @juniperandgold's shop; importing @AppleSupport's conversations would mix "
    "two shops. "
) * 6 + "Line 4,812 of the file has 3 columns where 7 were expected."


def words_shown(dialog: ImportDialog) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    texts += [edit.placeholderText() for edit in dialog.findChildren(QLineEdit)]
    return texts


def open_dialog(qtbot, demo) -> ImportDialog:
    dialog = ImportDialog(demo, Changes())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_long_reason_is_shown_whole(qtbot, demo) -> None:
    dialog = open_dialog(qtbot, demo)
    dialog.on_worker_failed(ImportFailed(LONG_REASON))
    qtbot.wait(10)
    status = dialog.status
    needed = status.heightForWidth(status.width())
    assert status.height() >= needed, (status.height(), needed)
    bottom = status.mapTo(dialog, status.rect().bottomLeft()).y()
    assert bottom <= dialog.height()
    assert dialog.buttons.geometry().top() >= bottom  # not drawn under the buttons


def test_no_literal_ampersand_in_a_caption(qtbot, demo) -> None:
    dialog = open_dialog(qtbot, demo)
    for label in dialog.findChildren(QLabel):
        if "&" in label.text().replace("&amp;", "") and "<" not in label.text():
            buddy = label.buddy()
            assert isinstance(buddy, QWidget), f"{label.text()!r} shows its & literally"


def test_no_command_line_words_in_the_window(qtbot, demo, tmp_path) -> None:
    dialog = open_dialog(qtbot, demo)
    # The reasons the importer gives for a CSV go into the window as they are.
    from dataclasses import replace

    from app.importers import ImportRun, run_import

    csv = tmp_path / "other.csv"
    csv.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "1,AppleSupport,False,Tue Oct 31 22:10:47 +0000 2017,@someone hi,,2\n"
        "2,someone,True,Tue Oct 31 22:08:47 +0000 2017,@AppleSupport help,1,\n",
        encoding="utf-8",
    )
    demo.shop.save(replace(demo.shop.get(), handle="juniperandgold"))
    reasons = []
    for shop in ("AppleSupport", None):
        try:
            run_import(demo, str(csv), "twcs", shop, ImportRun())
        except ImportFailed as exc:
            reasons.append(str(exc))
    assert reasons
    for reason in reasons:
        dialog.on_worker_failed(ImportFailed(reason))
        for text in words_shown(dialog):
            assert "--" not in text and "README" not in text, text
