"""Expected failures, each with a message a shop owner can read.

Anything raised from ``app/`` that is a ``KindlyError`` is *expected* (a bad file, a locked
database, no connection): the UI shows ``str(error)`` and nothing was changed. Any other exception
is a bug and reaches the crash dialog. Each class says what kind of failure it is in ``kind``,
so callers decide by kind, never by class name.
"""

from enum import StrEnum
from typing import ClassVar


class ErrorKind(StrEnum):
    """What went wrong, in one vocabulary (the sync and the outbox store these strings)."""

    OTHER = "other"
    DATABASE = "database"
    VALIDATION = "validation"
    NOT_FOUND = "not_found"
    KEYCHAIN = "keychain"
    NOT_CONNECTED = "not_connected"
    RECONNECT = "reconnect"
    OFFLINE = "offline"
    RATE_LIMITED = "rate_limited"
    CREDITS = "credits"  # X's prepaid credits are spent or a usage cap is reached
    SERVER = "server"  # X failed on its side: a 5xx, no answer in time, a dropped connection
    REFUSED = "refused"
    MALFORMED = "malformed"
    SIGN_IN = "sign_in"
    IMPORT_FAILED = "import_failed"
    IMPORT_CANCELLED = "import_cancelled"
    EXPORT_FAILED = "export_failed"
    ALREADY_THERE = "already_there"
    AUTOSTART = "autostart"
    UNAVAILABLE = "unavailable"
    DISK_FULL = "disk_full"
    BUSY = "busy"


class KindlyError(Exception):
    """An expected failure; ``str()`` is a plain-words message for the owner."""

    kind: ClassVar[ErrorKind] = ErrorKind.OTHER


class DatabaseError(KindlyError):
    """The database file cannot be used."""

    kind = ErrorKind.DATABASE


class NotKindlyDatabase(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseCorrupt(DatabaseError):
    pass


class DatabaseUnavailable(DatabaseError):
    """Missing folder, no permission, locked by another program, disk full."""


class DiskFull(DatabaseUnavailable):
    """A write failed because the disk (or the owner's quota) is full; nothing was changed."""

    kind = ErrorKind.DISK_FULL


class DatabaseBusy(DatabaseUnavailable):
    """Another Kindly (the window, a command, a sync) held the database for longer than a write
    waits; nothing was changed and the same write can simply be tried again."""

    kind = ErrorKind.BUSY


class ValidationError(KindlyError):
    """Input the owner typed is not usable; ``field`` says which field to point at."""

    kind = ErrorKind.VALIDATION

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(KindlyError):
    kind = ErrorKind.NOT_FOUND


def autosave_retry_message(error: KindlyError) -> str:
    """What the composer says while an autosave cannot be written and it keeps trying."""
    if error.kind is ErrorKind.DISK_FULL:
        return (
            "Not saved yet: your disk is full. Free some space; Kindly keeps trying, and "
            "your reply stays here meanwhile."
        )
    return (
        "Not saved yet: another Kindly (a command, an import) is writing to the database. "
        "Kindly keeps trying; your reply stays here meanwhile."
    )
