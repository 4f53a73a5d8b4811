"""Reading the shop's own replies: does one move the case to DMs, or promise an e-mail?

"DM us your e-mail and we'll take care of it" means a customer will be waiting; "we'll e-mail you
today" means the shop owes an e-mail. Kindly opens a follow-up for each, so neither is forgotten.
"""

from __future__ import annotations

import re

_EMAIL_WORD = r"(?:e-?mail|mail)"

# Phrases that ask the customer to write privately (DM or e-mail the shop).
_HANDOFF = [
    r"\bdm\s+(?:us|me)\b",
    r"\bdm\s+(?:your|ur)\b",
    r"\b(?:send|drop|shoot|pop|slide)\s+(?:us|me)\s+(?:a\s+|an\s+)?(?:quick\s+)?"
    r"(?:dm|direct\s+message|private\s+message|pm|message)\b",
    r"\bslide\s+into\s+(?:our|my)\s+dms?\b",
    r"\b(?:please|pls|kindly|can\s+you|could\s+you|would\s+you|feel\s+free\s+to|just)"
    r"(?:\s+please)?\s+(?:send\s+(?:us\s+)?an?\s+|shoot\s+(?:us\s+)?a\s+)?dm\b",
    r"\b(?:send|sending|shoot)\s+(?:us\s+)?a\s+dm\b",
    r"\bdm\s+(?:our|the|my)\s+team\b",
    r"\bdirect\s+message\b",
    r"\bprivate\s+message\b",
    r"\bmessage\s+us\s+(?:privately|in\s+private|directly)\b",
    r"\b(?:via|by|in|over)\s+(?:a\s+)?(?:dm|dms|direct\s+message|private\s+message)\b",
    r"\b(?:in|to|into)\s+(?:our|the|my)\s+dms\b",
    rf"\b{_EMAIL_WORD}\s+(?:us|me)\s+(?:at|on|via)\b",
    rf"\b(?:drop|send)\s+(?:us|me)\s+(?:an?\s+)?{_EMAIL_WORD}\b",
    rf"\bsend\s+(?:us|me)\s+(?:your|ur)\s+(?:{_EMAIL_WORD}|address|order)",
    r"\bwhat(?:'s| is)\s+(?:your|the\s+best)\s+e-?mail\b",
    r"\bdm\b.{0,40}\b(?:your|ur)\s+(?:e-?mail|email address|order)",
]
# Phrases where the shop says it will e-mail the customer.
_PROMISES_EMAIL = [
    rf"\b(?:we|i)(?:'ll|\s+will|\s+shall|'re\s+going\s+to|\s+are\s+going\s+to|'m\s+going\s+to)"
    rf"\s+(?:\w+\s+){{0,3}}(?:{_EMAIL_WORD}\s+(?:you|it|them|that|this|over|back)"
    rf"|send\s+(?:you\s+)?(?:an?\s+|the\s+|a\s+quick\s+)?(?:\w+\s+)?{_EMAIL_WORD}"
    rf"|(?:get\s+back\s+to|reply\s+to|follow\s+up\s+with|write\s+to)\s+you\s+(?:by|via|over|on)"
    rf"\s+{_EMAIL_WORD})",
    rf"\b(?:expect|look\s+out\s+for|watch\s+(?:out\s+)?for|keep\s+an\s+eye\s+on)\s+"
    rf"(?:your\s+inbox|an?\s+{_EMAIL_WORD}|our\s+{_EMAIL_WORD})",
    rf"\byou(?:'ll|\s+will)\s+(?:\w+\s+){{0,2}}(?:get|receive|have)\s+an?\s+{_EMAIL_WORD}"
    rf"\s+from\s+us",
    rf"\b{_EMAIL_WORD}\s+(?:is\s+)?(?:on\s+its\s+way|coming\s+your\s+way|heading\s+your\s+way)",
]
_HANDOFF_RE = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in _HANDOFF]
_PROMISE_RE = [re.compile(p, re.IGNORECASE) for p in _PROMISES_EMAIL]
_NEGATION = re.compile(r"\b(?:no\s+need\s+to|don't|do\s+not|never)\s+(?:\w+\s+){0,2}$", re.I)


def asks_for_dm(text: str) -> bool:
    """True when the reply asks the customer to DM or e-mail the shop (a hand-off)."""
    return any(_found(pattern, text) for pattern in _HANDOFF_RE)


def promises_email(text: str) -> bool:
    """True when the reply says the shop will e-mail the customer."""
    return any(_found(pattern, text) for pattern in _PROMISE_RE)


def _found(pattern: re.Pattern, text: str) -> bool:
    for match in pattern.finditer(text or ""):
        if not _NEGATION.search(text[: match.start()]):
            return True
    return False
