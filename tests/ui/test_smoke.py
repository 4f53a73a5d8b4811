"""``run_smoke`` in process: a failing check makes it say why and return non-zero."""

from ui import smoke


def test_all_checks_pass_on_the_source_tree(qapp, capsys, tmp_path):
    report = tmp_path / "report.txt"
    assert smoke.run_smoke(report) == 0
    out = capsys.readouterr().out
    assert "Kindly self-test passed" in out
    assert report.read_text(encoding="utf-8") == out


def test_a_failing_check_is_named_and_exits_non_zero(qapp, capsys, monkeypatch):
    def broken_icon():
        raise RuntimeError("kindly.svg does not render")

    monkeypatch.setattr(smoke, "check_icon", broken_icon)
    assert smoke.run_smoke() == 1
    err = capsys.readouterr().err
    assert "FAIL  icon: RuntimeError: kindly.svg does not render" in err
    assert "Kindly self-test FAILED: icon" in err
    assert "ok    window:" in err  # the other checks still ran


def test_the_self_test_leaves_the_application_usable(qapp, qtbot):
    """After run_smoke, event loops still wait: later code (and later tests) are not cut short."""
    import time

    from PySide6.QtCore import QTimer

    assert smoke.run_smoke() == 0
    fired = []
    QTimer.singleShot(150, lambda: fired.append(True))
    start = time.monotonic()
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)
    assert fired and time.monotonic() - start >= 0.1
