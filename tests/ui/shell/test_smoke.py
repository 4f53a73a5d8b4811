"""``run_smoke`` in process: a failing check makes it say why and return non-zero."""

from ui.shell import smoke


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


def test_event_loops_still_wait_after_the_self_tests_above(qtbot):
    """Runs after the tests above called run_smoke in this process: waiting must still wait.

    Quitting the application inside run_smoke used to leave it marked as closing, and from then on
    every wait in this process returned at once.
    """
    import time

    start = time.monotonic()
    qtbot.wait(300)
    assert time.monotonic() - start >= 0.25
