"""What the owner types into the inbox's search box, read as words and a few operators.

``from:@handle``, ``kind:complaint``, ``is:open`` / ``is:waiting`` / ``is:resolved``,
``has:draft``, ``before:YYYY-MM-DD`` and ``after:YYYY-MM-DD`` narrow the search; everything else
is words to find in the text. Operators and words combine (all must hold). A mistyped operator
never stops the search: it is left out and ``problems`` says why in plain words.

Dates are the owner's local calendar days: ``after:2026-03-01`` starts at local midnight of
1 March, ``before:2026-03-02`` ends at local midnight of 2 March, so the two together are that one
day. Turning them into UTC times is storage's job (``day_bounds``), so this stays pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

KINDS = ("complaint", "question", "praise", "troll", "other")
STATUSES = ("open", "waiting", "resolved")
OPERATORS = ("from", "kind", "is", "has", "before", "after")
OPERATOR_HELP = (
    "from:@name, kind:complaint, is:open, is:resolved, has:draft, before:/after:2026-03-01"
)

_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
# A token that looks like an operator: a short lower-case name, a colon, then something.
_OPERATOR_LIKE = re.compile(r"^([A-Za-z]{2,8}):(.*)$", re.DOTALL)
# "kind:spam" and "is:troll" read as the owner means them.
_KIND_WORDS = {
    "spam": "troll",
    "trolls": "troll",
    "complaints": "complaint",
    "questions": "question",
}
_STATUS_WORDS = {"closed": "resolved", "done": "resolved", "unresolved": "open", "new": "open"}


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()  # from: (lower case, no @); several mean any of them
    kinds: tuple[str, ...] = ()  # kind: (any of them)
    statuses: tuple[str, ...] = ()  # is: (any of them)
    has_draft: bool = False
    after: date | None = None  # on or after this local day
    before: date | None = None  # before this local day
    problems: tuple[str, ...] = field(default=(), compare=False)
    # The words as typed end without a space: the last word is still being typed.
    typing_last_word: bool = False

    @property
    def has_operators(self) -> bool:
        return bool(
            self.handles
            or self.kinds
            or self.statuses
            or self.has_draft
            or self.after
            or self.before
        )

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.has_operators

    @property
    def words_text(self) -> str:
        return " ".join(self.words) + ("" if self.typing_last_word else " ")


def parse_search(text: str) -> SearchQuery:
    """Read a search as typed. Never raises: a bad operator is a problem in plain words and is
    left out of the search."""
    words: list[str] = []
    handles: list[str] = []
    kinds: list[str] = []
    statuses: list[str] = []
    has_draft = False
    after: date | None = None
    before: date | None = None
    problems: list[str] = []
    for token in _tokens(text):
        match = _OPERATOR_LIKE.match(token)
        if match is None:
            words.append(token)
            continue
        name, value = match.group(1).lower(), match.group(2).strip('"')
        if name not in OPERATORS:
            if name in ("http", "https") or value.startswith("//"):
                words.append(token)
                continue
            problems.append(
                f"Kindly doesn't know “{name}:”, so “{token}” was searched as words."
                f" It knows {OPERATOR_HELP}."
            )
            words.append(token)
            continue
        if not value:
            problems.append(f"“{name}:” needs something after it, like {_example(name)}.")
            continue
        lowered = value.lower()
        if name == "from":
            handle = lowered.lstrip("@＠")
            if not _HANDLE.match(handle):
                problems.append(
                    f"“{value}” is not an X handle: a handle has 1–15 letters, digits or"
                    " underscores, like from:@maya_k."
                )
            else:
                handles.append(handle)
        elif name == "kind":
            kind = _one_of(_KIND_WORDS.get(lowered, lowered), KINDS)
            if kind is None:
                problems.append(
                    f"There is no kind “{value}”: try kind:complaint, question, praise, troll or"
                    " other."
                )
            else:
                kinds.append(kind)
        elif name == "is":
            status = _one_of(_STATUS_WORDS.get(lowered, lowered), STATUSES)
            kind = _one_of(_KIND_WORDS.get(lowered, lowered), KINDS) if status is None else None
            if status is not None:
                statuses.append(status)
            elif kind is not None:
                kinds.append(kind)  # "is:complaint" says what the owner means
            else:
                problems.append(
                    f"“is:{value}” is not a state: try is:open, is:waiting or is:resolved."
                )
        elif name == "has":
            if "draft".startswith(lowered) or lowered == "drafts":
                has_draft = True
            else:
                problems.append(
                    f"“has:{value}” is not something Kindly can look for: try has:draft."
                )
        else:  # before, after
            day = _day(value)
            if day is None:
                problems.append(
                    f"“{value}” is not a date Kindly can read: write {name}:2026-03-01"
                    " (year-month-day)."
                )
            elif name == "before":
                before = day if before is None else min(before, day)
            else:
                after = day if after is None else max(after, day)
    if after is not None and before is not None and after >= before:
        problems.append(
            f"Nothing can be after {after.isoformat()} and before {before.isoformat()}:"
            " the dates were left out."
        )
        after = before = None
    return SearchQuery(
        words=tuple(words),
        handles=tuple(dict.fromkeys(handles)),
        kinds=tuple(dict.fromkeys(kinds)),
        statuses=tuple(dict.fromkeys(statuses)),
        has_draft=has_draft,
        after=after,
        before=before,
        problems=tuple(problems),
        typing_last_word=bool(text) and not text[-1:].isspace(),
    )


def day_bounds(day: date, zone: tzinfo | None = None) -> datetime:
    """Local midnight at the start of ``day`` as an aware time (``zone`` None: the computer's
    own time zone), for turning before:/after: into stored UTC times."""
    midnight = datetime.combine(day, time())
    return midnight.replace(tzinfo=zone) if zone is not None else midnight.astimezone()


def _tokens(text: str) -> list[str]:
    """Split on white space; quotes and FTS syntax stay inside the words (searched as text)."""
    return text.split()


def _one_of(value: str, choices: tuple[str, ...]) -> str | None:
    """The choice ``value`` names, or starts uniquely (kind:comp is complaint)."""
    if value in choices:
        return value
    started = [c for c in choices if c.startswith(value)] if value else []
    return started[0] if len(started) == 1 else None


def _day(value: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _example(name: str) -> str:
    return {
        "from": "from:@maya_k",
        "kind": "kind:complaint",
        "is": "is:open",
        "has": "has:draft",
        "before": "before:2026-03-01",
        "after": "after:2026-03-01",
    }[name]
