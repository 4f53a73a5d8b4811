"""Expected failures, each with a message a shop owner can read.

Anything raised from ``app/`` that is a ``KindlyError`` is *expected* (a bad file, a locked
database, no connection): the UI shows ``str(error)`` and nothing was changed. Any other exception
is a bug and reaches the crash dialog.
"""


class KindlyError(Exception):
    """An expected failure; ``str()`` is a plain-words message for the owner."""


class DatabaseError(KindlyError):
    """The database file cannot be used."""


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


class DatabaseBusy(DatabaseUnavailable):
    """Another Kindly (the window, a command, a sync) held the database for longer than a write
    waits; nothing was changed and the same write can simply be tried again."""


class ValidationError(KindlyError):
    """Input the owner typed is not usable; ``field`` says which field to point at."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(KindlyError):
    pass


def autosave_retry_message(error: KindlyError) -> str:
    """What the composer says while an autosave cannot be written and it keeps trying."""
    if isinstance(error, DiskFull):
        return ("Not saved yet: your disk is full. Free some space; Kindly keeps trying, and "
                "your reply stays here meanwhile.")
    return ("Not saved yet: another Kindly (a command, an import) is writing to the database. "
            "Kindly keeps trying; your reply stays here meanwhile.")
