"""Kindly's composition root: parse the command line, then run a command or open the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from app import tls

    tls.use_system_certificates()  # HTTPS trusts the system's store (antivirus, proxies)
    from app.cli import build_parser, run_command

    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    if args.smoke:
        from ui.shell.smoke import run_smoke

        return run_smoke(args.smoke)
    from app import appmutex

    appmutex.hold()  # Windows: the installer and uninstaller see a running Kindly
    from ui.shell.launch import run_gui

    return run_gui(args)


def gui_main() -> int:
    """Entry point of the installed ``kindly-gui`` (a windowed launcher: no console on Windows);
    the same as ``kindly``."""
    return main()


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        import multiprocessing

        # The installed app is one executable: a child process it starts (imported mentions
        # are sorted in one) runs as that child here instead of opening a second window.
        multiprocessing.freeze_support()
    sys.exit(main())
