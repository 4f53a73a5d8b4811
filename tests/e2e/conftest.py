"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

import keyring
import pytest

from tests.fakex.file_keyring import FileKeyring


@pytest.fixture
def shared_keyring(tmp_path):
    """A keychain in a file, so Kindly started as a child process sees the same tokens."""
    path = tmp_path / "keyring.json"
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(path))
    yield path
    keyring.set_keyring(previous)
