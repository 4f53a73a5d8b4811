"""run_job's one error policy: results to ``done``, expected failures to ``expected``, bugs to
the crash dialog (sys.excepthook), nothing once the owner is gone."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QThreadPool

from app.errors import ErrorKind, KindlyError, NotFound
from ui.common.workers import run_job


@pytest.fixture
def calls():
    return []


def record(calls, name):
    return lambda *args: calls.append((name, *args))


def wait(qtbot, calls, count=1):
    qtbot.waitUntil(lambda: len(calls) >= count, timeout=10_000)
    QThreadPool.globalInstance().waitForDone(10_000)


def test_a_result_goes_to_done_after_settled(qtbot, calls):
    owner = QObject()
    run_job(
        lambda context: 41 + 1,
        owner=owner,
        settled=record(calls, "settled"),
        done=record(calls, "done"),
        expected=record(calls, "expected"),
    )
    wait(qtbot, calls, 2)
    assert calls == [("settled",), ("done", 42)]


def test_an_expected_failure_goes_to_expected_with_its_kind(qtbot, calls):
    owner = QObject()

    def job(context):
        raise NotFound("That template is gone.")

    run_job(job, owner=owner, done=record(calls, "done"), expected=record(calls, "expected"))
    wait(qtbot, calls)
    [(name, error)] = calls
    assert name == "expected" and isinstance(error, KindlyError)
    assert error.kind == ErrorKind.NOT_FOUND and str(error) == "That template is gone."


def test_a_bug_goes_to_the_crash_dialog_not_to_expected(qtbot, calls, monkeypatch):
    owner = QObject()
    bugs = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: bugs.append(error))

    def job(context):
        raise ZeroDivisionError("a bug")

    run_job(
        job,
        owner=owner,
        settled=record(calls, "settled"),
        done=record(calls, "done"),
        expected=record(calls, "expected"),
    )
    qtbot.waitUntil(lambda: bool(bugs), timeout=10_000)
    assert [type(b) for b in bugs] == [ZeroDivisionError]
    assert calls == [("settled",)]


def test_nothing_is_called_once_the_owner_is_gone(qtbot, calls):
    owner = QObject()
    gate = threading.Event()

    def job(context):
        gate.wait(10)
        return 1

    run_job(
        job,
        owner=owner,
        settled=record(calls, "settled"),
        done=record(calls, "done"),
        expected=record(calls, "expected"),
    )
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=10_000)
    gate.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert calls == []
