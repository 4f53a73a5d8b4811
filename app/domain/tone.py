"""Tone and privacy checks on a reply, before anything is sent.

The best social customer service never blames or lectures the customer, never shouts, never puts
private details in public, and answers a complaint with a word of care first (see PRODUCT.md).
``review_reply`` finds the words that break one of those rules, says why, and says what to try
instead. It is offline, plain rules, and fast enough to run while the owner types.

Each finding is one of five codes:

- ``blame``: blaming or lecturing the customer ("you should have", "read the fine print", …);
- ``shouting``: words in capitals (short acronyms are fine) or "!!!";
- ``private_info``: an e-mail address (read as the DM reader reads them, spelled-out and non-Latin
  ones too), phone number, order number, card digits or street address in a *public* reply (the
  shop's own e-mail, website and phone are fine; DMs are not checked);
- ``no_empathy``: answering a complaint without a word of apology or care;
- ``too_long``: over X's limit (weighted, see ``app.domain.length``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.contacts import email_spans, find_emails
from app.domain.length import DEFAULT_LIMIT, measure

if TYPE_CHECKING:  # pragma: no cover - typing only
    from app.domain.models import Shop

__all__ = ["CODES", "Finding", "review_reply", "is_complaint"]

CODES = ("blame", "shouting", "private_info", "no_empathy", "too_long")

# The checks read this much of a reply; a reply is at most a few thousand characters, and a
# pasted novel must not stall the window.
_MAX_CHECKED = 30_000


@dataclass(frozen=True)
class Finding:
    """One problem in a reply: which rule, why, what to try instead, and where (text indices)."""

    code: str
    message: str
    start: int
    end: int
    suggestion: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.code]


LABELS = {
    "blame": "Blames the customer",
    "shouting": "Sounds like shouting",
    "private_info": "Private details in public",
    "no_empathy": "No word of care",
    "too_long": "Too long for X",
}


def _phrase(text: str) -> str:
    """A phrase as a pattern: any apostrophe (or none) where it has one, any spacing."""
    out = re.escape(text).replace("'", "['’]?").replace(r"\ ", r"\s+")
    return out


def _alternation(*phrases: str, raw: tuple[str, ...] = ()) -> re.Pattern[str]:
    parts = sorted({_phrase(p) for p in phrases}, key=len, reverse=True) + list(raw)
    return re.compile(r"(?<![\w'’])(?:" + "|".join(parts) + r")(?![\w'’])", re.IGNORECASE)


# ----- blame ---------------------------------------------------------------------------------------

_APOS = "['’]?"
_NOT = rf"(?:didn{_APOS}t|did not|don{_APOS}t|do not|haven{_APOS}t|have not|can{_APOS}t|cannot)"

_BLAME = _alternation(
    "you should have",
    "you should've",
    "you shouldve",
    "you shouldn't have",
    "you should of",
    "you ought to have",
    "read the fine print",
    "read the small print",
    "the fine print",
    "the small print",
    "as we already told you",
    "as we told you",
    "as i told you",
    "as we already said",
    "as we said",
    "as i said",
    "like we said",
    "like i said",
    "as we already explained",
    "as already stated",
    "as stated before",
    "as stated above",
    "as previously stated",
    "as mentioned before",
    "as mentioned earlier",
    "as previously mentioned",
    "as we have already explained",
    "as we've already explained",
    "as we explained",
    "as you were told",
    "as you've been told",
    "you were already told",
    "you've been told",
    "we already told you",
    "i already told you",
    "we have already told you",
    "not our fault",
    "isn't our fault",
    "wasn't our fault",
    "our fault, not",
    "your fault",
    "your own fault",
    "your mistake",
    "not our problem",
    "not our responsibility",
    "that's on you",
    "user error",
    "operator error",
    "obviously",
    "as you can see",
    "as you can clearly see",
    "it clearly says",
    "it's clearly stated",
    "it is clearly stated",
    "clearly stated",
    "clearly states",
    "clearly written",
    "clearly marked",
    "clearly explained",
    "it works for everyone else",
    "works fine for everyone else",
    "works for everyone else",
    "works for everybody else",
    "everyone else is fine",
    "no one else has complained",
    "nobody else has complained",
    "no one else has had",
    "nobody else has had",
    "no other customer has",
    "no other customers have",
    "no one else has this problem",
    "nobody else has this problem",
    "you need to learn",
    "learn to read",
    "try reading",
    "you need to read",
    "calm down",
    "you're wrong",
    "you are wrong",
    "you're mistaken",
    "you are mistaken",
    "you don't understand",
    "you do not understand",
    "you don't know what you're talking about",
    "get your facts straight",
    "get your facts right",
    "you failed to",
    "you forgot to",
    "you neglected to",
    "you were supposed to",
    "you were meant to",
    "you were told to",
    "you're supposed to",
    "you are supposed to",
    "what did you expect",
    "not sure what you expected",
    "we can't help you if you",
    "we cannot help you if you",
    "if you had read",
    "if you'd read",
    "if you had bothered",
    "if you'd bothered",
    "if you had checked",
    "if you'd checked",
    "if you had followed",
    "if you'd followed",
    "if you had paid attention",
    "if you'd paid attention",
    "you clearly",
    "you obviously",
    "you must not have",
    "you mustn't have",
    "you didn't bother",
    "you did not bother",
    raw=(
        rf"you (?:probably|obviously|clearly|simply|just|must have|must've) {_NOT} \w+",
        rf"you (?:didn{_APOS}t|did not) (?:read|check|follow|pay attention|bother)",
        rf"(?:maybe|perhaps|probably) you {_NOT}",
        r"(?:maybe|perhaps|probably) you (?:forgot|missed|misread|entered|typed|chose|picked|"
        r"selected|ordered|put|used)",
        r"you (?:probably|must have|must've) (?:forgot|forgotten|missed|misread|entered|typed|"
        r"chose|picked|selected|ordered|put in)",
        r"(?:just|simply) (?:read|follow|check) the (?:instructions|description|faq|terms|"
        r"listing|size guide|product page)",
    ),
)

_EXPECTATION = re.compile(
    r"\s+(?:received|recieved|got|gotten|heard|had|seen|been\s+(?:sent|refunded|contacted|"
    r"emailed|e-mailed|charged|credited|notified|updated|given|offered)|access|it\b|them\b|"
    r"a\b|an\b|the\b|your\b|one\b|that\b|this\b|some\b)",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:\bnot|n['’]?t|\bnever)\s+(?:at\s+all\s+)?$", re.IGNORECASE)

# ----- shouting ------------------------------------------------------------------------------------

_CAPS_WORD = re.compile(r"(?<![\w@#/.'’-])[A-Z][A-Z'’]*[A-Z](?![\w'’])")
# Four capital letters are usually an acronym (HDMI, USPS, WWII); these common words are not.
_SHOUTED_SHORT_WORDS = {
    "BEST",
    "LOVE",
    "HELP",
    "SOON",
    "THIS",
    "THAT",
    "WILL",
    "FREE",
    "SALE",
    "JUST",
    "VERY",
    "MUCH",
    "REAL",
    "MUST",
    "NEED",
    "WANT",
    "READ",
    "WHAT",
    "WHEN",
    "HAVE",
    "BEEN",
    "YOUR",
    "WITH",
    "DONT",
    "CANT",
    "WONT",
    "NEXT",
    "LAST",
    "EVER",
    "ONLY",
    "SURE",
    "GOOD",
    "NICE",
    "COOL",
    "WORK",
    "DONE",
    "STOP",
    "LOOK",
    "CALL",
    "SEND",
    "GIVE",
    "TAKE",
    "KNOW",
    "SAID",
    "TOLD",
    "HERE",
    "THEM",
    "THEY",
    "FROM",
    "SOME",
    "MORE",
    "LESS",
    "EACH",
    "BOTH",
    "ALSO",
    "BACK",
    "OVER",
    "EVEN",
    "SUCH",
    "MAKE",
    "LIKE",
    "TIME",
    "DAYS",
    "WEEK",
    "YEAR",
    "WAIT",
    "KEEP",
    "SEEN",
    "SENT",
    "PAID",
    "LATE",
    "OPEN",
    "SHUT",
    "CALM",
    "DOWN",
    "RULE",
    "FAIR",
    "TRUE",
    "FAKE",
    "LIES",
    "SAME",
    "EASY",
    "HARD",
    "FAST",
    "SLOW",
    "YEAH",
    "NOPE",
    "HUGE",
    "LOTS",
    "GLAD",
}
_ACRONYMS = {
    "ASAP",
    "RSVP",
    "USPS",
    "FAQS",
    "HTTP",
    "HTTPS",
    "HTML",
    "JPEG",
    "NATO",
    "NASA",
    "AWOL",
    "EMEA",
    "APAC",
    "IKEA",
    "UNICEF",
    "FIFA",
    "NYSE",
    "ISBN",
    "SKUS",
    "GIFS",
    "PDFS",
    "DIYS",
    "BOGO",
    "CEST",
    "AEST",
    "AEDT",
    "ACST",
    "NZST",
    "NZDT",
    "GMT",
    "BST",
    "CET",
    "EST",
    "PST",
    "OOAK",
    "TYSM",
    "LMAO",
    "ROFL",
    "IMHO",
    "FOMO",
    "YOLO",
    "AFAIK",
    "OKAY",
}
# What may stand between two shouted words and keep them one shout: spaces, punctuation, short
# capital words ("PLEASE READ THE LISTING").
_CAPS_GAP = re.compile(r"[\s,.!?'’-]*(?:[A-Z]{1,3}[\s,.!?'’-]+)*")
_BANGS = re.compile(r"[!?¡]{3,}")

# ----- private details -----------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE)
# A run of digits broken only by spaces, dots, dashes, slashes or brackets, maybe with a +. It may
# run straight into Chinese or Japanese text, which has no spaces ("0120-999-373へ").
_DIGITS = re.compile(r"(?<![\w.,/:£$€%@#])\+?\(?\d[\d\s().-]{5,}\d(?![A-Za-z0-9_%])")
# A business's free-phone or non-geographic number is meant to be public (1-800…, 0800…; the
# UK's 03…, 084… and 087… lines, which only organisations hold; Japan's 0120 free dial).
_TOLL_FREE = re.compile(
    r"(?:1?8(?:00|33|44|55|66|77|88)\d{7}$|080[08]\d{6,7}$|03\d{9}$|08[47]\d{8}$|0120\d{6}$)"
)
_ORDER = re.compile(
    r"(?:\border|\bref(?:erence)?|\binvoice|\btracking|\bconfirmation|\bcase|\bticket)"
    r"(?:\s+(?:number|no\.?|num|nr|#|id|code))?\s*[:#]?\s*(#?(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})",
    re.IGNORECASE,
)
_HASH_NUMBER = re.compile(r"(?<![\w&])#[A-Z]{0,3}-?\d{4,}\b", re.IGNORECASE)
_CARD_HINT = re.compile(
    r"\b(?:card|visa|mastercard|amex|account)\s+(?:number\s+)?(?:ending|ends|ending in|ends in)"
    r"\s*(?:in\s+|with\s+)?[:#]?\s*\d{4}\b|\blast (?:four|4) digits(?: of (?:your|the) card)?"
    r"(?: are| is)?\s*[:#]?\s*\d{4}\b",
    re.IGNORECASE,
)
_STREET_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Row|Mews|Gardens|Grove|Hill)"
)
_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\.?\s+){1,3}" + _STREET_SUFFIX + r"\b\.?"
)
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")

# ----- care ----------------------------------------------------------------------------------------

_CARE = _alternation(
    "sorry",
    "so sorry",
    "apologise",
    "apologize",
    "apologies",
    "apology",
    "apologising",
    "apologizing",
    "oh no",
    "oh dear",
    "oh gosh",
    "oh goodness",
    "oops",
    "yikes",
    "ugh",
    "sad to hear",
    "hate to hear",
    "not what we want",
    "not what we like to hear",
    "not the experience",
    "not good enough",
    "not okay",
    "not ok",
    "that's awful",
    "that's terrible",
    "that's not right",
    "that isn't right",
    "that's not good",
    "make this right",
    "make it right",
    "make things right",
    "put this right",
    "put it right",
    "we understand",
    "i understand",
    "understandably",
    "we hear you",
    "i hear you",
    "frustrating",
    "frustrated",
    "frustration",
    "upset",
    "upsetting",
    "disappointed",
    "disappointing",
    "disappointment",
    "must be",
    "gutted",
    "mortified",
    "embarrassed",
    "my bad",
    "our mistake",
    "our bad",
    "we messed up",
    "we dropped the ball",
    "we got it wrong",
    "we got this wrong",
    "our error",
    "on us",
    "we're on it",
    "we are on it",
    "thanks for letting us know",
    "thank you for letting us know",
    "thanks for telling us",
    "thank you for telling us",
    "thanks for your patience",
    "thank you for your patience",
    "thanks for bearing with us",
    "thank you for bearing with us",
    "thanks for flagging",
    "thank you for flagging",
    "thanks for raising",
    "thank you for raising",
    "thanks for reaching out",
    "thank you for reaching out",
    "happy to help",
    "here to help",
    "glad to help",
    "we'll fix",
    "we will fix",
    "let us fix",
    "we'll sort",
    "we will sort",
    "let's sort",
    "let us sort",
    "sort this out",
    "sort it out",
    "get this sorted",
    "get it sorted",
    "get you sorted",
    "take care of this",
    "take care of it",
    "take care of you",
    "look after you",
    "we care",
    "care about",
    "regret",
    "unfortunate",
    "unfortunately",
    "feel terrible",
    "feel awful",
    "feel bad",
    "heartbroken",
    "we're sad",
    "we are sad",
    "so sad",
    "saddened",
    "saddening",
    "concerning",
    "worrying",
    "fix things",
    "we'd love to help",
    "we would love to help",
    "we'd like to help",
    "we want to help",
    "we'd be happy to",
    "we're here for you",
    "we are here for you",
)


def is_complaint(mention_text: str | None) -> bool:
    """Whether triage reads the mention as a complaint (None or empty: no)."""
    if not mention_text or not mention_text.strip():
        return False
    from app.domain.triage import Kind, classify

    return classify(mention_text).kind == Kind.COMPLAINT


def review_reply(
    text: str,
    mention_text: str | None = None,
    shop: Shop | None = None,
    *,
    channel: str = "public",
    limit: int = DEFAULT_LIMIT,
    complaint: bool | None = None,
) -> list[Finding]:
    """Every finding in ``text``, in reading order.

    ``mention_text`` is the customer's post the reply answers (for ``no_empathy``; triage decides
    whether it is a complaint, unless ``complaint`` says so already). ``shop`` gives the shop's own
    e-mail, handle, name, website and phone, which may appear in public. ``channel`` is ``"public"`` or
    ``"dm"``; a DM is not checked for private details.
    """
    if not text or not text.strip():
        return []
    checked = text[:_MAX_CHECKED]
    findings: list[Finding] = []
    findings += _blame(checked)
    findings += _shouting(checked, shop)
    if channel != "dm":
        findings += _private(checked, shop)
    if complaint is None:
        complaint = is_complaint(mention_text)
    if complaint and not _cares(checked):
        findings.append(_no_empathy(checked))
    length = measure(text, limit)
    if length.weighted > limit:
        findings.append(
            Finding(
                "too_long",
                f"X takes {limit:,} characters; this is {length.over_by:,} over"
                " (links count 23, emoji and most CJK count 2).",
                length.fits_until,
                len(text),
                "Shorten it, or say less in public and move the details to a DM.",
            )
        )
    findings.sort(key=lambda f: (f.start, f.end, CODES.index(f.code)))
    return findings


# ----- the checks ----------------------------------------------------------------------------------


def _blame(text: str) -> list[Finding]:
    findings = []
    for match in _BLAME.finditer(text):
        words = match.group(0)
        if words.lower().startswith("your") and _NEGATED.search(
            text[max(0, match.start() - 12) : match.start()]
        ):
            continue  # "it's not your fault" is kind
        if words.lower().startswith("you should") and _EXPECTATION.match(text, match.end()):
            continue  # "you should have received an e-mail" tells, it does not blame
        findings.append(
            Finding(
                "blame",
                f"“{words}” blames or lectures the customer; even when they are wrong, it reads"
                " as scolding in public.",
                match.start(),
                match.end(),
                "Own the problem and offer help: “Let's get this sorted for you — could you"
                " DM us so we can take a look?”",
            )
        )
    return findings


def _shouting(text: str, shop: Shop | None) -> list[Finding]:
    allowed = set(_ACRONYMS)
    if shop is not None:
        for part in (shop.name, shop.handle, shop.signature):
            allowed.update(w.upper() for w in re.findall(r"[A-Za-z]+", part or ""))
    spans: list[tuple[int, int]] = []
    for match in _CAPS_WORD.finditer(text):
        word = match.group(0).replace("'", "").replace("’", "")
        letters = sum(c.isalpha() for c in word)
        if letters < 4 or word in allowed:
            continue
        if letters == 4 and word not in _SHOUTED_SHORT_WORDS:
            continue
        if _inside(match.start(), _URL, text):
            continue
        spans.append((match.start(), match.end()))
    findings = []
    # Neighbouring capital words are one shout: one finding, highlighted as a whole.
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _CAPS_GAP.fullmatch(text[merged[-1][1] : start]):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    for start, end in merged:
        findings.append(
            Finding(
                "shouting",
                f"“{text[start:end]}” is in capitals; on X that reads as shouting.",
                start,
                end,
                "Write it in normal case; to stress a word, put it first in the sentence.",
            )
        )
    for match in _BANGS.finditer(text):
        if match.group(0).count("!") < 2:
            continue
        findings.append(
            Finding(
                "shouting",
                f"“{match.group(0)}” reads as shouting or exasperation.",
                match.start(),
                match.end(),
                "One exclamation mark is warm; three sound angry.",
            )
        )
    return findings


def _private(text: str, shop: Shop | None) -> list[Finding]:
    own_emails, own_domains, own_phone = _own_contacts(shop)
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, what: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        findings.append(
            Finding(
                "private_info",
                f"{what} in a public reply: everyone can read it, and it stays on X.",
                start,
                end,
                "Take it to a DM: “Could you DM us your e-mail so we can make this right?”",
            )
        )

    # The DM reader's own reader of addresses: spelled-out and non-Latin ones count too.
    for start, end, address in email_spans(text):
        if address in own_emails or address.split("@")[-1] in own_domains:
            taken.append((start, end))
            continue
        add(start, end, "An e-mail address")
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    taken.extend(urls)
    for match in _CARD_HINT.finditer(text):
        add(match.start(), match.end(), "Card digits")
    for match in _ORDER.finditer(text):
        add(match.start(), match.end(), "An order number")
    for match in _HASH_NUMBER.finditer(text):
        add(match.start(), match.end(), "An order number")
    for match in _DIGITS.finditer(text):
        raw = match.group(0)
        digits = re.sub(r"\D", "", raw)
        if len(digits) < 7 or _looks_like_date_or_time(raw) or _TOLL_FREE.match(digits):
            continue
        if own_phone and _same_phone(digits, own_phone):
            taken.append((match.start(), match.end()))
            continue
        if 13 <= len(digits) <= 19 and _luhn(digits):
            add(match.start(), match.end(), "Card digits")
        elif len(digits) <= 15 and (raw.startswith(("+", "(")) or re.search(r"[\s().-]", raw)):
            add(match.start(), match.end(), "A phone number")
        elif len(digits) <= 15:
            add(match.start(), match.end(), "A phone or order number")
    for pattern in (_STREET, _PO_BOX, _UK_POSTCODE):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "A street address")
    return findings


def _own_contacts(shop: Shop | None) -> tuple[set[str], set[str], str]:
    """The shop's own e-mail, web and mail domains, and phone digits: all fine in public."""
    own_emails: set[str] = set()
    own_domains: set[str] = set()
    if shop is None:
        return own_emails, own_domains, ""
    for address in find_emails(shop.email or ""):
        own_emails.add(address)
        own_domains.add(address.split("@")[-1])
    if shop.website:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", shop.website.strip().lower())
        own_domains.add(host.split("/")[0])
    return own_emails, own_domains, re.sub(r"\D", "", shop.phone or "")


def _same_phone(digits: str, own: str) -> bool:
    """The shop's number however it is written: with or without the country code or trunk 0
    ("+44 20 7946 0123" and "020 7946 0123" are one number)."""
    if len(own) < 7:
        return False
    shorter, longer = sorted((digits.lstrip("0"), own.lstrip("0")), key=len)
    return len(shorter) >= 7 and longer.endswith(shorter) and len(longer) - len(shorter) <= 3


def _cares(text: str) -> bool:
    for match in _CARE.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()].lower()
        if before.endswith("not ") and match.group(0).lower() in ("our mistake", "our bad"):
            continue
        return True
    return False


def _no_empathy(text: str) -> Finding:
    stripped = len(text) - len(text.lstrip())
    first = re.search(r"[.!?\n]", text[stripped:])
    end = stripped + (first.end() if first else len(text) - stripped)
    return Finding(
        "no_empathy",
        "They are upset, and this reply has no word of apology or care.",
        stripped,
        min(end, len(text)),
        "Open with care: “Oh no, we're so sorry to hear that!”",
    )


def _inside(index: int, pattern: re.Pattern[str], text: str) -> bool:
    return any(m.start() <= index < m.end() for m in pattern.finditer(text))


def _looks_like_date_or_time(raw: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", raw.strip()))


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0
