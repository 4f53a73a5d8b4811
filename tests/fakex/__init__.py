"""A fake X API server for Kindly's tests: ``FakeX().start()`` serves on 127.0.0.1."""

from tests.fakex.server import CLIENT_ID, SHOP_HANDLE, SHOP_ID, FakeX

__all__ = ["CLIENT_ID", "SHOP_HANDLE", "SHOP_ID", "FakeX"]
