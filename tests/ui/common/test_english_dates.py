"""Dates in Kindly's English text stay English on a German (or any other) system."""

from __future__ import annotations

import locale
import re
import shutil
import subprocess
from datetime import datetime

import pytest
from PySide6.QtCore import QLocale

from app.domain.times import english, local_text
from tests.conftest import NOW
from ui.followups.add_dm import AddDmDialog
from ui.followups.model import WHEN

GERMAN_DAYS = re.compile(r"\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\b\.?")
ENGLISH_DAYS = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")


@pytest.fixture(scope="session")
def german_locale_path(tmp_path_factory):
    """de_DE.UTF-8 compiled for this run (most machines and CI images lack it)."""
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("localedef is not available to build de_DE")
    folder = tmp_path_factory.mktemp("locales")
    done = subprocess.run(
        [localedef, "-i", "de_DE", "-f", "UTF-8", str(folder / "de_DE.UTF-8")],
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1) or not (folder / "de_DE.UTF-8").exists():
        pytest.skip("de_DE could not be built here")
    return folder


@pytest.fixture
def german(german_locale_path, monkeypatch):
    """The process in German, as Qt leaves it under LANG=de_DE.UTF-8."""
    monkeypatch.setenv("LOCPATH", str(german_locale_path))
    before_c = locale.setlocale(locale.LC_TIME)
    before_qt = QLocale()
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("de_DE is not usable here")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert datetime(2026, 11, 23).strftime("%a") == "Mo"  # the trap is set
    yield
    locale.setlocale(locale.LC_TIME, before_c)
    QLocale.setDefault(before_qt)


def test_text_built_in_python_is_english(german) -> None:
    monday = datetime(2026, 11, 23, 9, 5)
    assert english(monday, "%a %d %b %Y, %H:%M") == "Mon 23 Nov 2026, 09:05"
    assert ENGLISH_DAYS.search(local_text(NOW)) and not GERMAN_DAYS.search(local_text(NOW))


def test_the_follow_ups_page_and_the_dm_dialog_are_english(german, window, qtbot) -> None:
    window.show_page("followups")
    page = window.followups_page
    shown = []
    for row in range(page.model.rowCount()):
        index = page.model.index(row, WHEN)
        shown.append(str(index.data() or ""))
        if page.model.promise_at(row) is not None:
            page.list.setCurrentIndex(index)
            labels = page.detail.findChildren(type(page.detail.message))
            shown.append(" ".join(label.text() for label in labels))
    text = "\n".join(shown)
    assert ENGLISH_DAYS.search(text), text
    assert not GERMAN_DAYS.search(text), text
    dialog = AddDmDialog(window.workspace.followups, "anna", [], window)
    qtbot.addWidget(dialog)
    assert ENGLISH_DAYS.match(dialog.when.text()) and "Nov" in dialog.when.text()
