"""Pictures of the first-start set-up (both steps) and of each Settings section.

    QT_QPA_PLATFORM=offscreen python -m tests.e2e.settings_screens docs/

Writes setup-shop.png, setup-ways.png and settings-<section>.png into the folder given: the set-up
on a new, empty database, Settings on the demo shop.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def grab(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def run(out: Path) -> list[Path]:
    from app.services.demo import load_demo
    from app.workspace import open_workspace
    from ui.common.changes import Changes
    from ui.settings.window import SECTIONS
    from ui.shell.launch import SCREENSHOT_SIZE, make_application
    from ui.shell.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    make_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kindly-shots-") as folder:
        # The set-up on a new database, filled in as a new owner would.
        fresh = open_workspace(Path(folder) / "kindly.db")
        window = MainWindow(fresh, Changes())
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        setup = window.settings_actions.open_setup_if_new()
        assert setup is not None
        typed = {
            "name": "Fern & Fable",
            "handle": "@fernandfable",
            "owner_name": "Maya",
            "email": "hello@fernandfable.example",
            "website": "fernandfable.example",
            "phone": "+44 20 7946 0000",
        }
        for key, text in typed.items():
            setup.form.fields[key].setText(text)
        setup.form.voice.setPlainText("Warm and short; first names; one emoji at most.")
        grab(setup, out / "setup-shop.png")
        setup.next_button.click()
        grab(setup, out / "setup-ways.png")
        written += [out / "setup-shop.png", out / "setup-ways.png"]
        setup.reject()
        window.hide()

        # Settings on the demo shop.
        demo = open_workspace(Path(folder) / "demo.db")
        load_demo(demo)
        demo.shop.save(replace(demo.shop.get(), owner_name="Maya", phone="+44 20 7946 0000"))
        window = MainWindow(demo, Changes())
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        dialog = window.settings_actions.open_settings()
        for key, _title in SECTIONS:
            dialog.show_section(key)
            path = out / f"settings-{key.replace('_', '-')}.png"
            grab(dialog, path)
            written.append(path)
        dialog.reject()
        window.hide()
        for workspace in (fresh, demo):
            workspace.close()
    return written


if __name__ == "__main__":
    run(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
    os._exit(0)  # windows and timers go with the process; the workspaces are closed
