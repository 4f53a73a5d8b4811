"""HTTPS trusts the operating system's certificate store (truststore), not only certifi's bundle.

A shop PC whose antivirus inspects HTTPS (or an office proxy) presents its own root certificate,
which Windows and macOS trust but certifi's bundle does not: without this, every call to X would
fail there with a certificate error. ``use_system_certificates()`` is called once at start; it
costs nothing then. truststore is switched in right after ``requests`` is first imported (that
import takes a fifth of a second, and a start that never goes online never pays it).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import logging
import sys

log = logging.getLogger("kindly.tls")

_TRIGGER = "requests"  # once its package has loaded, urllib3's reference is there to replace
_state = {"injected": False}


def _inject() -> None:
    if _state["injected"]:
        return
    _state["injected"] = True
    try:
        import truststore

        truststore.inject_into_ssl()
    except Exception as exc:  # noqa: BLE001 (an old system without it keeps certifi's bundle)
        log.warning("system certificates unavailable, using certifi's: %s", exc)


class _Loader(importlib.abc.Loader):
    """Loads the module as usual, then switches truststore in."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):  # resource readers and the like: the real loader's
        return getattr(self.inner, name)

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module) -> None:
        self.inner.exec_module(module)
        _inject()


class _AfterRequests(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != _TRIGGER:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def use_system_certificates() -> None:
    """From now on, HTTPS made through requests verifies against the system's store."""
    if _TRIGGER in sys.modules:
        _inject()
    elif not any(isinstance(f, _AfterRequests) for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterRequests())
