"""A keyring backend in a JSON file, so a test and the Kindly it starts in a subprocess share
one "keychain" without touching the real one. Select it with
``PYTHON_KEYRING_BACKEND=tests.fakex.file_keyring.FileKeyring`` and ``KINDLY_TEST_KEYRING=<file>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # Never chosen by keyring's own discovery: only when selected explicitly.
        if "KINDLY_TEST_KEYRING" not in os.environ:
            raise RuntimeError("KINDLY_TEST_KEYRING is not set")
        return 0.1

    def __init__(self, path: str | os.PathLike | None = None):
        super().__init__()
        self.path = Path(path or os.environ.get("KINDLY_TEST_KEYRING", "kindly-test-keyring.json"))

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def _write(self, data: dict) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(data))
        partial.replace(self.path)

    def get_password(self, service, username):
        return self._read().get(f"{service}\n{username}")

    def set_password(self, service, username, password):
        data = self._read()
        data[f"{service}\n{username}"] = password
        self._write(data)

    def delete_password(self, service, username):
        data = self._read()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._write(data)
