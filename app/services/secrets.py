"""The X tokens, in the OS keychain and nowhere else.

Access and refresh tokens are separate keychain entries (Windows caps one credential at 2,560
bytes). A locked, missing or broken keychain is an expected state (``KeychainUnavailable``) with a
way forward in its message, never a crash. Nothing here ever logs a token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from app.errors import ErrorKind, KindlyError

log = logging.getLogger("kindly.secrets")

SERVICE = "Kindly (X connection)"
ACCESS = "access_token"
REFRESH = "refresh_token"
EXPIRES = "access_expires_at"


class KeychainUnavailable(KindlyError):
    """The OS keychain cannot be used right now."""

    kind = ErrorKind.KEYCHAIN


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None

    def __repr__(self) -> str:  # a token never reaches a log line or a traceback
        has_refresh = self.refresh_token is not None
        return f"Tokens(expires_at={self.expires_at!r}, has_refresh={has_refresh})"


def _keyring():
    """The keyring package, imported on first use: it is slow to import and not needed at
    start."""
    import keyring
    import keyring.errors

    return keyring


def _explain(exc: Exception) -> KeychainUnavailable:
    keyring_errors = _keyring().errors
    if isinstance(exc, keyring_errors.KeyringLocked):
        text = (
            "Your keychain is locked. Unlock it (log in again, or open your system's "
            "password manager) and try once more."
        )
    elif isinstance(exc, keyring_errors.NoKeyringError):
        text = (
            "Kindly found no keychain on this computer to keep your X sign-in safe. "
            "On Linux, install and start a Secret Service (GNOME Keyring or KWallet)."
        )
    elif isinstance(exc, keyring_errors.InitError):
        text = "Your keychain could not be opened. Restart your computer and try again."
    else:
        text = "Your keychain refused to keep the X sign-in. Check your system's password manager."
    return KeychainUnavailable(text)


class TokenStore:
    """Reads and writes the tokens for one X account in the OS keychain."""

    def __init__(self, service: str = SERVICE):
        self.service = service

    def _get(self, name: str) -> str | None:
        keyring = _keyring()
        keyring_errors = keyring.errors
        try:
            return keyring.get_password(self.service, name)
        except keyring_errors.KeyringError as exc:
            log.warning("keychain read failed: %s", type(exc).__name__)
            raise _explain(exc) from exc

    def _set(self, name: str, value: str) -> None:
        keyring = _keyring()
        keyring_errors = keyring.errors
        try:
            keyring.set_password(self.service, name, value)
        except keyring_errors.KeyringError as exc:
            log.warning("keychain write failed: %s", type(exc).__name__)
            raise _explain(exc) from exc

    def _delete(self, name: str) -> None:
        keyring = _keyring()
        keyring_errors = keyring.errors
        try:
            keyring.delete_password(self.service, name)
        except keyring_errors.PasswordDeleteError:
            pass  # already gone
        except keyring_errors.KeyringError as exc:
            log.warning("keychain delete failed: %s", type(exc).__name__)
            raise _explain(exc) from exc

    def load(self) -> Tokens | None:
        access = self._get(ACCESS)
        if not access:
            return None
        expires = self._get(EXPIRES)
        try:
            expires_at = datetime.fromisoformat(expires) if expires else None
        except ValueError:
            expires_at = None
        if expires_at is not None and expires_at.tzinfo is None:
            expires_at = expires_at.replace(tzinfo=UTC)
        return Tokens(access, self._get(REFRESH), expires_at)

    def save(self, tokens: Tokens) -> None:
        """The refresh token first: X rotates it, and losing the new one would sign the owner
        out."""
        if tokens.refresh_token:
            self._set(REFRESH, tokens.refresh_token)
        self._set(EXPIRES, tokens.expires_at.isoformat() if tokens.expires_at else "")
        self._set(ACCESS, tokens.access_token)

    def save_refresh_token(self, refresh_token: str) -> None:
        self._set(REFRESH, refresh_token)

    def delete(self) -> None:
        for name in (ACCESS, REFRESH, EXPIRES):
            self._delete(name)

    def check(self) -> None:
        """Raise KeychainUnavailable if the keychain cannot be read now."""
        self._get(ACCESS)
