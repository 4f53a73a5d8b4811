"""Reading a post for triage: clean it, split it into sentences and clauses, and keep the plain
form (lower case, no handles or links, punctuation as spaces) that the vocabulary matches on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.triage.vocabulary import (
    _AUX,
    _ENGLISH_WORDS,
    _FOREIGN_WORDS,
    _LACKS,
    _LIKE,
    _LIKERS,
    _PRAISE_EMOJI,
    _SELF_ASSESSMENT,
    _UNSCORED,
    _UNSCORED_LOWER,
    _WH,
)

# A mention's kind shows in its first lines; reading further only costs time on an import of a
# million rows. VADER's idiom and "but" checks are quadratic in the word count, so it gets less.
_RULE_CHARS = 2000
_SENTIMENT_CHARS = 400
_QUOTE_CHARS = 60

# --- cleaning ------------------------------------------------------------------------------------

_URL = re.compile(
    r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:ly|com|co|io|net|org|me|gg|link|xyz|shop|store|"
    r"example|uk)/?\S*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,50}")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_APOSTROPHE = re.compile(r"(?<=\w)['’‘`´](?=\w)")
_WILL = re.compile(r"(?<=\w)['’]ll\b", re.IGNORECASE)  # "I'll" must not read as "ill"
_HYPOTHETICAL = frozenset({"if", "unless", "whether", "imagine", "incase", "hypothetically"})
# Greetings and wishes are friendly, not praise of the shop: "happy friday!", "hope you have a
# lovely weekend" say nothing about an order. _WISH reads plain text, _GREETING_WISH the prose.
_WISH = re.compile(
    r"\b(?:(?:happy|merry) (?:\w+ )?(?:birthday|bday|friday|monday|tuesday|wednesday|thursday|"
    r"saturday|sunday|weekend|holidays?|christmas|xmas|new year|easter|eid|diwali|hanukkah|"
    r"halloween|thanksgiving|anniversary)|(?:have|had|enjoy|hope you have|hope you had) (?:a |an |"
    r"your )?(?:\w+ ){0,2}?(?:weekend|day|evening|holiday|holidays|break|christmas|time off|week))"
    r"\b"
)
_GREETING_WISH = re.compile(_WISH.pattern.replace(" ", "\\s+"), re.IGNORECASE)
_WISH_HINT = re.compile(r"happy|merry|have|had|enjoy")  # a cheap first look for either
_KEPT_SYMBOLS = "".join(dict.fromkeys(_PRAISE_EMOJI + "🤡🤣😂🙃🙄🥱🤦"))
_NON_WORD = re.compile("[^\\w" + re.escape(_KEPT_SYMBOLS) + "]+")
# Sentence and clause ends, made into tokens while the plain text is built.
_SENTENCE_END = re.compile(r"[.!?？؟\u037e;…\n]+")
_ASKED_END = re.compile(r"[.!;…\n]*[?？؟\u037e][.!?？؟\u037e;…\n]*")  # a run with a question mark
_CLAUSE_END = re.compile(r"[,:—–()\[\]]+|\s-+\s")
_SENTENCE = "\x02"
_ASKED = "\x03"
_CLAUSE_BREAK = "\x01"
_CLAUSE_MARK = f" {_CLAUSE_BREAK} "
_SENTENCE_MARK = f" {_SENTENCE} "
_ASKED_MARK = f" {_SENTENCE} {_ASKED} "
_MARKED_NON_WORD = re.compile("[^\\w\x01\x02\x03" + re.escape(_KEPT_SYMBOLS) + "]+")
_CLAUSE = re.compile(r"[^.!?？؟\u037e;\n,:—–]+[.!?？؟\u037e;\n,:—–]*")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
_RETWEET = re.compile(r"^\s*RT @\w+")
# Quotes: 'x' or "x" opened after a non-word character and closed before one.
_QUOTED = re.compile(r"(?<!\w)['‘\"“]([^\"“”\n]{1,60}?)['’\"”](?!\w)")
_REPORTED = re.compile(
    r"\b(?:says|said|saying|say|shows|showed|showing|reads|read|told|tells|marked|message|"
    r"status|email|emailed|wrote|writes|called|labelled|labeled|engraved|printed)\b",
    re.IGNORECASE,
)
_ADDRESS_START = re.compile(
    r"^\s*(?:(?:hi|hey|hello|hiya|dear|morning|ok|oh|ugh|so|yo)\W+)?@\w", re.IGNORECASE
)
_SECOND_PERSON = frozenset("you your youre yours u ur yall youve youd".split())
_NEGATORS = frozenset(
    "not no never zero without hasnt havent hadnt isnt wasnt arent werent dont doesnt didnt wont "
    "nothing none nor cant cannot couldnt aint neither".split()
)
# A request opens with "can/could/would/may", after any greeting or filler.
_OPENING_FILLER = frozenset("hi hey hello hiya ok okay oh so quick q question um just".split())
_REQUEST_OPENERS = frozenset("can could would may".split())
# Words that end the reach of a negation: "no idea why it's broken" is still broken.
_SCOPE_STOP = frozenset(
    "and but so because though then or when after which why how what that if until".split()
)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One post, cleaned once and shared by every rule."""

    raw: str  # control characters removed, cut to _RULE_CHARS
    prose: str  # handles and links removed: what VADER reads and reasons quote
    plain: str  # lower case, apostrophes dropped, punctuation collapsed: what phrases match
    links: int
    hashtags: int
    handles: int  # distinct handles: two or more means someone else is in the conversation
    addressed: bool  # written to the shop (opens with a handle, says "you", or is a reply)
    foreign: bool  # mostly in another language than English
    words: tuple[str, ...]  # plain, split
    clause_of: tuple[int, ...]  # for each word of plain, which clause it is in
    sentence_of: tuple[int, ...]  # and which sentence
    asked_sentences: frozenset[int]  # sentences that end in a question mark
    scare: tuple[str, ...]  # words in quotes that nobody is quoted as saying: 'handmade'
    scored: str  # what VADER reads: prose without scare quotes, laughter or misread slang
    sentences: tuple[str, ...]  # plain, cut at sentence ends
    clauses: tuple[str, ...]  # plain, cut at clause ends


def _plain(text: str, non_word: re.Pattern[str] = _NON_WORD) -> str:
    lowered = _APOSTROPHE.sub("", _WILL.sub(" will", text.lower().replace("\ufe0f", "")))
    return " ".join(non_word.sub(" ", lowered).split())


def _read(text: str) -> _Reading:
    raw = _CONTROL.sub(" ", text[:_RULE_CHARS])
    links = len(_URL.findall(raw))
    handle_names = {name.lower() for name in _HANDLE.findall(raw)}
    prose = _HANDLE.sub(" ", _URL.sub(" ", raw))
    hashtags = len(_HASHTAG.findall(prose))

    # Words, with clause and sentence numbers, from one pass over the text. The marks are control
    # characters, which _CONTROL has already removed from the post itself.
    marked = _SENTENCE_END.sub(_SENTENCE_MARK, _ASKED_END.sub(_ASKED_MARK, prose))
    marked = _CLAUSE_END.sub(_CLAUSE_MARK, marked)
    words: list[str] = []
    clause_of: list[int] = []
    sentence_of: list[int] = []
    sentences: list[list[str]] = []
    clauses: list[list[str]] = []
    asked: set[int] = set()
    clause = sentence = 0
    for token in _plain(marked, _MARKED_NON_WORD).split():
        if token == _SENTENCE:
            clause += 1
            sentence += 1
        elif token == _ASKED:
            asked.add(sentence - 1)
        elif token == _CLAUSE_BREAK:
            clause += 1
        else:
            if not clause_of or clause_of[-1] != clause:
                clauses.append([])
            if not sentence_of or sentence_of[-1] != sentence:
                sentences.append([])
            clauses[-1].append(token)
            sentences[-1].append(token)
            words.append(token)
            clause_of.append(clause)
            sentence_of.append(sentence)
    plain = " ".join(words)
    prose = " ".join(prose.split())

    scare: list[str] = []
    scored = prose
    for match in _QUOTED.finditer(prose):
        before = prose[max(0, match.start() - 30) : match.start()]
        before = _SENTENCE_END.split(before)[-1]
        if not _REPORTED.search(before):
            scare.append(_plain(match.group(1)))
            scored = scored.replace(match.group(0), " ", 1)
    lowered = scored.lower()
    if _WISH_HINT.search(lowered):
        scored = _GREETING_WISH.sub(" ", scored)
        lowered = scored.lower()
    if " i" in lowered or lowered.startswith("i"):
        scored = _SELF_ASSESSMENT.sub(" ", scored)
    if "like" in lowered:
        scored = _LIKE.sub(_unlike, scored)
    if _UNSCORED_LOWER.search(lowered):
        scored = _UNSCORED.sub(" ", scored)
    if "free" in lowered:
        scored = _LACKS.sub(" ", scored)

    tokens = words
    english = sum(word in _ENGLISH_WORDS for word in tokens)
    foreign_count = sum(word in _FOREIGN_WORDS for word in tokens)
    foreign = foreign_count >= 2 and foreign_count > english
    addressed = (
        not handle_names
        or bool(_ADDRESS_START.match(raw))
        or any(word in _SECOND_PERSON for word in tokens)
    )
    return _Reading(
        raw=raw,
        prose=prose,
        plain=plain,
        links=links,
        hashtags=hashtags,
        handles=len(handle_names),
        addressed=addressed,
        foreign=foreign,
        words=tuple(words),
        clause_of=tuple(clause_of),
        sentence_of=tuple(sentence_of),
        asked_sentences=frozenset(asked),
        scare=tuple(scare),
        scored=scored,
        sentences=tuple(" ".join(run) for run in sentences),
        clauses=tuple(" ".join(run) for run in clauses),
    )


def _unlike(match: re.Match[str]) -> str:
    before = match.group(1) or ""
    if _APOSTROPHE.sub("", before.strip().lower()) in _LIKERS:
        return match.group(0)
    return before


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    """Distinct matches in order of appearance, for the reason."""
    seen: list[str] = []
    for match in pattern.finditer(text):
        word = match.group(0)
        if word not in seen:
            seen.append(word)
    return seen


def _listed(words: Iterable[str], limit: int = 3) -> str:
    return ", ".join(list(words)[:limit])


def _quote(clause: str) -> str:
    clause = clause.strip()
    if len(clause) > _QUOTE_CHARS:
        clause = clause[: _QUOTE_CHARS - 1].rstrip() + "…"
    return f"'{clause}'"


def _word_index(reading: _Reading, start: int) -> int:
    """Which word of plain a character offset falls in."""
    return reading.plain.count(" ", 0, start)


def _before(reading: _Reading, index: int, limit: int) -> list[str]:
    """Up to `limit` words before word `index` in the same clause, stopping at a joining word."""
    words = reading.words
    clause = reading.clause_of[index] if index < len(reading.clause_of) else -1
    found: list[str] = []
    position = index - 1
    while position >= 0 and len(found) < limit:
        if reading.clause_of[position] != clause or words[position] in _SCOPE_STOP:
            break
        found.append(words[position])
        position -= 1
    return found


def _imagined(reading: _Reading, index: int) -> bool:
    """Whether an earlier word of the same sentence makes it hypothetical: "if it doesn't fit"."""
    if index >= len(reading.sentence_of):
        return False
    words = reading.words
    sentence = reading.sentence_of[index]
    position = index - 1
    while position >= 0 and reading.sentence_of[position] == sentence:
        word = words[position]
        if word in _HYPOTHETICAL or (word == "case" and position and words[position - 1] == "in"):
            return True
        position -= 1
    return False


def _is_asked(reading: _Reading, index: int) -> bool:
    """Whether word `index` is in a request ("can I return it?"), not a statement with "??"."""
    if index >= len(reading.sentence_of):
        return False
    sentence = reading.sentence_of[index]
    words = reading.words
    start = reading.clause_of.index(reading.clause_of[index])
    while start < index and words[start] in _OPENING_FILLER:
        start += 1
    opener = words[start]
    return opener in _REQUEST_OPENERS or (
        sentence in reading.asked_sentences and (opener in _AUX or opener in _WH)
    )
