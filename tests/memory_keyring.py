"""A keyring backend that keeps secrets in a dict: tests never touch the real OS keychain."""

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        try:
            del self.secrets[(service, username)]
        except KeyError as exc:
            raise PasswordDeleteError("not found") from exc
