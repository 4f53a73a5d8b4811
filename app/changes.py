"""What a write changed, said by the service that wrote it: ``Changed(kinds, ids)``.

A service returns one ``Changed``; the window announces it once, and every view that shows one of
its kinds refreshes (using the ids where that saves work). So no view decides by hand what a write
touched, and two views making the same write announce the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class ChangeKind(StrEnum):
    POSTS = "posts"  # ids: post row keys (n)
    PEOPLE = "people"  # ids: person ids
    PROMISES = "promises"  # ids: promise ids
    DRAFTS = "drafts"  # ids: draft ids
    TEMPLATES = "templates"  # ids: template ids
    SHOP = "shop"
    SETTINGS = "settings"
    READ = "read"  # ids: post row keys whose unread mark alone changed


@dataclass(frozen=True)
class Changed:
    """The kinds of thing a write changed; for each, the ids it changed (none: any of that kind)."""

    kinds: frozenset[ChangeKind] = frozenset()
    ids: Mapping[ChangeKind, tuple] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, kind: ChangeKind, ids: Iterable = ()) -> Changed:
        found = tuple(i for i in ids if i is not None)
        return cls(frozenset({kind}), MappingProxyType({kind: found} if found else {}))

    def __or__(self, other: Changed) -> Changed:
        ids: dict[ChangeKind, tuple] = {}
        for kind in self.kinds | other.kinds:
            mine, theirs = self.ids.get(kind, ()), other.ids.get(kind, ())
            # "any of that kind" on either side means any of that kind
            if (kind in self.kinds and not mine) or (kind in other.kinds and not theirs):
                continue
            ids[kind] = tuple(dict.fromkeys(mine + theirs))
        return Changed(self.kinds | other.kinds, MappingProxyType(ids))

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def ids_of(self, kind: ChangeKind) -> tuple:
        """The ids changed of ``kind``; empty when any may have changed (or none of that kind)."""
        return self.ids.get(kind, ())


NOTHING = Changed()


def everything() -> Changed:
    """After a restore or an import: every kind, any id."""
    return Changed(frozenset(ChangeKind))


@dataclass(frozen=True)
class Undo:
    """How to take a write back: what the owner is told ("50 mentions resolved.") and the call
    that puts back the states the service read before it wrote. The widget offering it decides
    nothing: it calls ``restore`` and publishes what that changed."""

    said: str
    restore: Callable[[], Changed]


@dataclass(frozen=True)
class Done:
    """A write that can be undone: what it changed, and how to take it back."""

    changed: Changed
    undo: Undo | None = None
