"""Windows: a running Kindly holds a named mutex, so its installer and uninstaller (Inno Setup's
``AppMutex``, packaging/windows/kindly.iss) see it and ask the owner to close Kindly first instead
of leaving files behind. Elsewhere this does nothing."""

from __future__ import annotations

import sys

NAME = "KindlyAppMutex"
_held: list[int] = []


def hold(platform: str = sys.platform) -> bool:
    """Create the mutex for the life of the process; True if it is held."""
    if platform != "win32" or _held:
        return bool(_held)
    import ctypes

    # WinDLL exists on Windows only (this runs only there); the type check runs elsewhere too.
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    handle = kernel32.CreateMutexW(None, False, NAME)
    if handle:
        _held.append(handle)  # never closed: Windows releases it when Kindly exits
    return bool(handle)
