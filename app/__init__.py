"""Kindly's engine: plain Python, no Qt. The window in ``ui/`` is one client of it, the CLI another."""


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata on first use: importing
    # importlib.metadata costs about 20 ms, which the window's start need not wait for.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("kindly")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
