"""The rules behind ``app.domain.triage.classify``: the signals found in a reading, and the decision.

They live apart from the kinds (``triage.py``) because compiling a few hundred patterns takes
tens of milliseconds: the window needs ``Kind`` to open, and loads these on the first
``classify`` (adding or importing a mention), not at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.triage.kinds import Kind, Triage
from app.domain.triage.reading import (
    _APOSTROPHE,
    _CLAUSE,
    _HANDLE,
    _LATIN,
    _LETTER,
    _NEGATORS,
    _NON_WORD,
    _QUOTE_CHARS,
    _RETWEET,
    _SENTIMENT_CHARS,
    _URL,
    _WISH,
    _WISH_HINT,
    _WORDS,
    _before,
    _found,
    _imagined,
    _is_asked,
    _listed,
    _plain,
    _quote,
    _read,
    _Reading,
    _word_index,
)
from app.domain.triage.vocabulary import (
    _ACK_WORDS,
    _ACKNOWLEDGED,
    _ANGRY,
    _AUX,
    _BUNCH,
    _CLOWN,
    _CONTRADICTION,
    _CONTRAST,
    _CROWD,
    _DEFECT,
    _DEMAND,
    _FAILURE,
    _FOREIGN_PROBLEM,
    _FOREIGN_THANKS,
    _GREETING,
    _INSULT,
    _INSULT_MILD,
    _JOINERS,
    _JUDGEMENT,
    _MISMATCH,
    _MOCKERY,
    _MONEY,
    _NAMED,
    _NORMALLY,
    _ORDER_CONTEXT,
    _ORDER_SWAP,
    _ORDER_SWAP_HINT,
    _PERSON_HINT,
    _PRAISE,
    _PRAISE_EMOJI,
    _PRAISE_NOUNS,
    _PREDICATE_INSULT,
    _PROBLEM_ASKED,
    _PROBLEM_WEAK,
    _QUESTION_CUES,
    _QUESTION_MARKS,
    _REMEDY,
    _REPLY_IDIOM,
    _RHETORICAL,
    _SARCASM,
    _SARCASTIC_THANKS,
    _SCORN,
    _SERVICE_CONTEXT,
    _SPAM,
    _SPAM_EMOJI,
    _SPAM_WEAK,
    _STATUS,
    _STUCK,
    _SUBJECT,
    _SUBSET,
    _TEAM_INSULT,
    _THANKS,
    _THANKS_ONLY,
    _WH,
    _WHY_WRONG,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


# --- the sentiment lexicon, built once on first use ---------------------------------------------

_analyzer: SentimentIntensityAnalyzer | None = None


def _sentiment() -> SentimentIntensityAnalyzer:
    """Load VADER on first use: importing triage stays cheap, and every later call shares it.

    A race between two threads only builds the (read-only) analyzer twice; both copies are equal.
    """
    global _analyzer
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


def _compound(text: str) -> float:
    """VADER's compound polarity in [-1, 1]; 0 when there is nothing to score.

    VADER is third-party code fed arbitrary user text; a failure there must not stop an import,
    and "no opinion" is the honest fallback.
    """
    if not text or not text.strip():
        return 0.0
    try:
        return float(_sentiment().polarity_scores(text[:_SENTIMENT_CHARS])["compound"])
    except Exception:  # noqa: BLE001 - see docstring
        return 0.0


def tone_of(text: str) -> float:
    """The post's tone for the learned model: VADER's compound on its words, handles and links
    left out."""
    return _compound(_HANDLE.sub(" ", _URL.sub(" ", text[:_SENTIMENT_CHARS])))


def _valence(word: str) -> float:
    """One word's VADER lexicon valence (0 when unknown)."""
    try:
        return float(_sentiment().lexicon.get(word, 0.0))
    except Exception:  # noqa: BLE001 - as in _compound
        return 0.0


# --- the signals ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Problems:
    real: list[str]  # failures and bad states that stand
    remedies: list[str]  # refund, replacement… still wanted (not merely asked about)
    negated: list[str]  # bad states said not to be so: "no problems", "hasn't faded"


def _problems(reading: _Reading) -> _Problems:
    """Problem phrases, except those a sentence only imagines and bad states that are negated."""
    found = _Problems([], [], [])
    plain = reading.plain
    if not plain:
        return found

    def add(bucket: list[str], word: str) -> None:
        if word not in bucket:
            bucket.append(word)

    for match in _FAILURE.finditer(plain):
        index = _word_index(reading, match.start())
        if not _imagined(reading, index):
            add(found.real, match.group(0))
    for match in _DEFECT.finditer(plain):
        index = _word_index(reading, match.start())
        if _imagined(reading, index):
            continue
        if _NEGATORS.intersection(_before(reading, index, 4)):
            add(found.negated, match.group(0))
        else:
            add(found.real, match.group(0))
    for match in _REMEDY.finditer(plain):
        index = _word_index(reading, match.start())
        if _imagined(reading, index):
            continue
        if not _is_asked(reading, index):  # "can I return it?" asks about a policy
            add(found.remedies, match.group(0))
    for match in _SUBSET.finditer(plain):
        index = _word_index(reading, match.start())
        words = reading.words
        clause = reading.clause_of[index]
        position = index + len(match.group(0).split())
        while position < len(words) and reading.clause_of[position] == clause:
            word = words[position]
            if _valence(word) < 0 and not _NEGATORS.intersection(_before(reading, position, 3)):
                if not _imagined(reading, index):
                    add(found.real, f"{match.group(0)} … {word}")
                break
            position += 1
    if _STATUS.search(plain):
        for match in _STUCK.finditer(plain):
            if not _imagined(reading, _word_index(reading, match.start())):
                add(found.real, match.group(0))
    for match in _ORDER_SWAP.finditer(plain) if _ORDER_SWAP_HINT.search(plain) else ():
        after = match.group(1)
        if not (_PRAISE.search(after) or _vader_words(after, negative=False)):
            add(found.real, match.group(0)[: len(match.group(0)) - len(after)])
    for match in _CONTRADICTION.finditer(plain) if " is not " in plain else ():
        add(found.real, match.group(0))
    for match in _MISMATCH.finditer(reading.prose) if " not" in plain else ():
        add(found.real, " ".join(match.group(0).split()))
    return found


def _spam_signals(reading: _Reading, words: list[str]) -> str:
    """What made a post look like spam, most telling first: "link + 'crypto'"."""
    signals: list[str] = []
    if reading.hashtags >= 4:
        signals.append(f"{reading.hashtags} hashtags")
    if reading.links:
        signals.append("link")
    signals += [f"'{word}'" for word in words]
    if _MONEY.search(reading.raw):
        signals.append("money")
    signals += sorted({ch for ch in reading.raw if ch in _SPAM_EMOJI})
    return " + ".join(signals[:4])


def _vader_words(text: str, negative: bool) -> list[str]:
    """The words VADER's lexicon rates negative (or positive), to name them in a reason."""
    words: list[str] = []
    for word in _plain(text).split():
        valence = _valence(word)
        if valence and (valence < 0) == negative and word not in words:
            words.append(word)
    return words


def _insult(reading: _Reading, compound: float, asked: str | None) -> list[str]:
    """Words or frames that make a post a jibe at the shop rather than a customer's problem."""
    insults = _found(_INSULT, reading.plain)
    if _CLOWN in reading.raw and _CLOWN not in insults:
        insults.append(_CLOWN)
    if insults:
        return insults
    mild = [] if asked is not None else _found(_INSULT_MILD, reading.plain)
    # laughing at the shop twice over ("🤣🤣") counts as two sneers
    sneers = len(mild) + sum(reading.raw.count(ch) > 1 for ch in "🤣😂🤡")
    if (mild and compound <= -0.25) or (sneers >= 2 and compound < 0.3):
        return mild
    mockery = _found(_MOCKERY, reading.plain)
    # 'handmade' in scare quotes next to a sneer: mocking what the shop says of itself
    frame = _TEAM_INSULT.search(reading.plain)
    if (
        frame
        and not _PRAISE_NOUNS.intersection(frame.group(1).split())
        and _valence(frame.group(1)) < 1.5
        and not _PRAISE.search(frame.group(1))
    ):
        return [frame.group(0)]
    if reading.scare and (mockery or mild or compound <= -0.3):
        return [f"'{reading.scare[0]}'", *(mockery or mild)[:1]]
    scorn = _found(_SCORN, reading.plain)
    if scorn and (mockery or mild or compound <= 0.1):
        return scorn
    if compound > 0.5 or not _PERSON_HINT.search(reading.plain):
        return []
    for number, clause in enumerate(reading.clauses):
        # "bunch of …" only as the opening words: "thanks for the bunch of flowers" is kind
        for pattern in (_PREDICATE_INSULT, _BUNCH) if number == 0 else (_PREDICATE_INSULT,):
            match = pattern.search(clause)
            if match is None:
                continue
            noun = match.group(1)
            if (
                _PRAISE.search(noun)
                or _PRAISE_NOUNS.intersection(noun.split())
                or any(_valence(word) >= 1.5 for word in noun.split())
            ):
                continue
            return [match.group(0)]
    return []


def _sarcasm(reading: _Reading, weak: list[str]) -> list[str]:
    """Sarcastic praise with something to be sarcastic about (an order, a wait, a problem)."""
    markers = []
    for sentence in reading.sentences:
        markers += [word for word in _found(_SARCASM, sentence) if word not in markers]
    # a praise word as a sentence on its own, said twice: "lovely. … lovely."
    bare = [s for s in reading.sentences if len(s.split()) <= 2 and _PRAISE.search(s)]
    if len(bare) >= 2:
        markers.append(bare[0])
    if not markers:
        return []
    context = weak or _found(_ORDER_CONTEXT, reading.plain)
    return [*markers[:2], *context[:1]] if context else []


def _question(reading: _Reading) -> str | None:
    """The clause that asks something, or None: a question mark, or a question's opening words."""
    clauses = _CLAUSE.findall(reading.prose) or [reading.prose]
    for clause in clauses:
        if any(mark in clause for mark in _QUESTION_MARKS):
            return clause
    for clause in clauses:
        lowered = _APOSTROPHE.sub("", clause.lower())
        words = _GREETING.sub("", " ".join(_NON_WORD.sub(" ", lowered).split())).split()
        if not words:
            continue
        exclaimed = clause.rstrip().endswith("!")
        # A question may open the clause or follow a joining word: "love it, but do you…"
        starts = [0] + [i + 1 for i, word in enumerate(words[:-1]) if word in _JOINERS]
        for start in starts:
            first = words[start]
            second = words[start + 1] if start + 1 < len(words) else ""
            if first in _WH and not exclaimed and second not in {"a", "an"}:
                return clause
            if first in _AUX and second in _SUBJECT:
                return clause
            # "is Monopoly back in stock": an auxiliary, then a name
            if first in _AUX and second and second != "i" and _NAMED.search(clause):
                return clause
            if first == "any" and second and start == 0:
                return clause
        if _QUESTION_CUES.search(" ".join(words)):
            return clause
    if _QUESTION_CUES.search(reading.plain):
        return reading.prose
    return None


def _asks_the_shop(asked: str) -> bool:
    """A question put to the shop itself ("do you ship…"), not to a friend who was tagged."""
    words = _plain(_GREETING.sub("", asked.lower())).split()
    return len(words) >= 2 and (
        (words[0] in _AUX and words[1] in {"you", "u", "ya", "yall"})
        or (words[0] in _WH and len(words) >= 3 and words[2] in {"you", "u"})
    )


# --- the decision --------------------------------------------------------------------------------


def read_and_decide(text: str) -> Triage:
    """``classify`` without its safety net: the rules in order (see ``triage.classify``)."""
    reading = _read(text)

    if not reading.prose:
        if reading.raw.strip():
            return Triage(Kind.OTHER, "only links or handles")
        return Triage(Kind.OTHER, "empty")
    if not reading.plain or not _WORDS.search(reading.plain):
        # emoji or punctuation only: VADER knows what most emoji mean
        shown = reading.prose[: _QUOTE_CHARS // 6]
        if _compound(reading.prose) >= 0.5 or any(ch in _PRAISE_EMOJI for ch in reading.prose):
            return Triage(Kind.PRAISE, "praise: " + shown)
        return Triage(Kind.OTHER, "only emoji or symbols: " + shown)
    if _RETWEET.match(reading.raw):
        return Triage(Kind.OTHER, "a repost (RT), not written to you")

    spam = _found(_SPAM, reading.plain)
    if spam:
        return Triage(Kind.TROLL, "looks like spam: " + _spam_signals(reading, spam))
    if reading.hashtags >= 5:  # a traveller's sunset has hashtags too: the model weighs it
        return Triage(Kind.TROLL, "looks like an advert: " + _spam_signals(reading, spam))

    problems = _problems(reading)
    thanks_only = bool(_THANKS_ONLY.search(reading.plain))
    wished = _WISH.sub(" ", reading.plain) if _WISH_HINT.search(reading.plain) else reading.plain
    praise = [] if thanks_only else _found(_PRAISE, wished)
    if reading.foreign and all(word in _FOREIGN_THANKS for word in praise):
        praise = []
    if (
        praise
        and all(word in _ACK_WORDS or word.split()[0] in _ACK_WORDS for word in praise)
        and _ACKNOWLEDGED.search(reading.plain)
    ):
        return Triage(Kind.OTHER, "an OK and a next step: " + _listed(praise))
    if reading.scare:  # praise in scare quotes is mockery, not praise
        praise = [word for word in praise if not any(word in quoted for quoted in reading.scare)]
    # a judgement alone ("awful taste lol") said with a sneer is a jibe, not a problem
    judged_only = all(_JUDGEMENT.fullmatch(problem) for problem in problems.real)
    if problems.real and not (judged_only and _found(_MOCKERY, reading.plain)):
        return Triage(Kind.COMPLAINT, "problem: " + _named(problems.real + problems.remedies))

    spam_weak = _found(_SPAM_WEAK, reading.plain)
    money = bool(_MONEY.search(reading.raw))
    spam_emoji = not _SPAM_EMOJI.isdisjoint(reading.raw)
    lures = len(spam_weak) + money + spam_emoji
    if (reading.links and lures >= 1) or (reading.hashtags >= 3 and lures >= 1) or lures >= 3:
        return Triage(Kind.TROLL, "looks like an advert: " + _spam_signals(reading, spam_weak))

    if reading.foreign:  # score only the emoji: English sentiment words mean nothing here
        compound = _compound(_WORDS.sub(" ", reading.scored))
    else:
        compound = _compound(reading.scored)
    asked = _question(reading)
    if asked is not None and (_RHETORICAL.search(_plain(asked)) or _CROWD.search(_plain(asked))):
        asked = None

    if problems.remedies:
        thanked = bool(_THANKS.search(reading.plain)) and not thanks_only
        if not (thanked and praise and compound > 0):
            return Triage(Kind.COMPLAINT, "problem: " + _listed(problems.remedies))

    if _SARCASTIC_THANKS.search(reading.plain):
        return Triage(
            Kind.COMPLAINT, "sarcasm: " + _listed(_found(_SARCASTIC_THANKS, reading.plain))
        )
    asked_problem = _found(_PROBLEM_ASKED, reading.plain) + _found(_DEMAND, reading.plain)
    foreign_problem = _FOREIGN_PROBLEM.search(reading.raw)
    if foreign_problem:
        asked_problem.append(foreign_problem.group(0))
    angry = not _ANGRY.isdisjoint(reading.raw)

    insults = _insult(reading, compound, asked)
    if insults:
        if (
            asked_problem
            or angry
            or _SERVICE_CONTEXT.search(reading.plain)
            and ("🙄" in reading.raw or asked is not None)
        ):
            # an unhappy customer with something to be unhappy about is never a troll
            return Triage(Kind.COMPLAINT, "sounds unhappy: " + _listed(insults + asked_problem))
        return Triage(Kind.TROLL, "insult: " + _listed(insults))

    weak = [] if reading.foreign else _found(_PROBLEM_WEAK, reading.plain)
    sarcasm = _sarcasm(reading, weak)
    if sarcasm:
        return Triage(Kind.COMPLAINT, "sarcasm: " + _listed(sarcasm))

    if asked_problem and (reading.addressed or reading.handles >= 1):
        return Triage(Kind.COMPLAINT, "problem: " + _listed(asked_problem))
    if angry and compound < 0.3:
        return Triage(
            Kind.COMPLAINT,
            "sounds unhappy: "
            + _listed(
                _vader_words(reading.scored, True) or sorted(_ANGRY.intersection(reading.raw))
            ),
        )
    if reading.handles >= 2 and not (asked is not None and _asks_the_shop(asked)):
        return Triage(Kind.OTHER, "tags someone else: a conversation between them")

    if asked is not None:
        if len(weak) >= 2 and reading.addressed:  # "a month ago… you said a week. any news?"
            return Triage(Kind.COMPLAINT, "chasing: " + _listed(weak))
        if weak and _plain(asked).startswith(("why ", "how come ")):
            return Triage(Kind.COMPLAINT, "asks why: " + _listed(weak))
        why = _WHY_WRONG.search(_plain(asked))
        if why:  # "why can't I order online?", "why is my delivery not arriving?"
            return Triage(Kind.COMPLAINT, "asks why: " + why.group(0))
        if compound <= -0.5 and reading.addressed:
            negative = _vader_words(reading.scored, negative=True)
            named = _listed(negative) or _quote(asked)
            return Triage(Kind.COMPLAINT, "unhappy question: " + named)
        return Triage(Kind.QUESTION, "asks a question: " + _quote(asked))

    # "lovely shop, but …": the clause after the contrast decides
    contrast = _CONTRAST.search(reading.scored)
    if contrast and not reading.foreign:
        after = reading.scored[contrast.end() :]
        after_compound = _compound(after)
        if after_compound <= -0.25 and reading.addressed:
            named = _listed(_vader_words(after, negative=True)) or _quote(after)
            return Triage(Kind.COMPLAINT, "unhappy after '" + contrast.group(0) + "': " + named)
        # "usually brilliant, but this batch…": an exception to the rule is the news
        before = reading.scored[: contrast.start()]
        if _NORMALLY.search(before) and after_compound < 0.2 and reading.addressed:
            return Triage(Kind.COMPLAINT, "not as usual: " + _quote(after))

    if weak and not praise and compound < 0.3:
        return Triage(Kind.COMPLAINT, "problem: " + _listed(weak))
    negated = [word for word in problems.negated if not _REPLY_IDIOM.search(reading.plain)]
    # VADER often misses the negation ("never had a single problem" reads as a problem), so only
    # other bad words count against it
    others = [
        word
        for word in _vader_words(reading.scored, negative=True)
        if word not in _NEGATORS and not any(word in phrase for phrase in negated)
    ]
    if negated and (compound > -0.3 or not others):
        return Triage(Kind.PRAISE, "praise: not " + _listed(negated) + _also(praise))
    # an idiom VADER misreads ("should be illegal") is still praise
    if praise and (
        compound > -0.3
        or any(_vader_words(word, True) for word in praise)
        or not _vader_words(reading.scored, True)  # only an emoji VADER misreads ("🔥" is fire)
    ):
        return Triage(Kind.PRAISE, "praise: " + _listed(praise))
    # VADER must have read words, not only emoji: "see you there! 👋" is no compliment
    scored_words = _vader_words(reading.scored, True) + _vader_words(reading.scored, False)
    if (
        compound >= 0.5
        and scored_words
        and reading.addressed
        and not reading.foreign
        and _SERVICE_CONTEXT.search(reading.plain)
    ):
        return Triage(Kind.PRAISE, "praise: " + _listed(scored_words))
    if compound <= -0.3 and reading.addressed and _SERVICE_CONTEXT.search(reading.plain):
        return Triage(
            Kind.COMPLAINT, "sounds unhappy: " + _listed(_vader_words(reading.scored, True))
        )
    if reading.foreign or (
        len(_LATIN.findall(reading.prose)) * 2 < len(_LETTER.findall(reading.prose))
    ):
        return Triage(Kind.OTHER, "not in English and asks nothing")
    if not reading.addressed:
        return Triage(Kind.OTHER, "talks about you, asks or reports nothing")
    return Triage(Kind.OTHER, "no complaint, question or praise found")


def _named(phrases: list[str]) -> str:
    """The phrases for a reason, leaving out any already inside a longer one listed earlier."""
    shown: list[str] = []
    for phrase in phrases:
        if not any(phrase in other or other in phrase for other in shown):
            shown.append(phrase)
    return _listed(shown)


def _also(words: list[str]) -> str:
    return (", " + _listed(words, 2)) if words else ""
