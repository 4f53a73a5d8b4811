"""Kindly's engine: plain Python, no Qt. The window in ``ui/`` is one client of it, the CLI another."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kindly")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
