"""The Stats page, on the demo shop."""

from __future__ import annotations
