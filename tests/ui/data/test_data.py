"""File → Import, Restore and the File menu, on the demo shop."""

from __future__ import annotations
