"""Offline triage: suggest what kind of mention a post is, with a reason the owner can read.

Kindly sorts every incoming mention into complaint, question, praise, troll/spam or other so the
inbox can put waiting problems first and give praise its own filter, with no network and no model
download. VADER (a sentiment lexicon built for social-media text) gives the emotional polarity; the
rules on top add what VADER cannot see: customer-service problems that use no emotional words
("never arrived", "wrong size", "charged twice"), questions without a question mark, spam and
insults. The result is only a suggestion: the owner's correction, stored elsewhere, always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

__all__ = ["Kind", "Triage", "classify", "evaluate"]


class Kind(StrEnum):
    """The kinds of mention the inbox filters on; values are what storage keeps."""

    COMPLAINT = "complaint"
    QUESTION = "question"
    PRAISE = "praise"
    TROLL = "troll"  # trolls and spam: both are to be ignored, muted or blocked, not answered
    OTHER = "other"


@dataclass(frozen=True)
class Triage:
    """A suggested kind and the short reason shown beside it, so the owner can trust or fix it."""

    kind: Kind
    reason: str


# --- limits -------------------------------------------------------------------------------------

# A mention's kind shows in its first lines; reading further only costs time on an import of a
# million rows. VADER's idiom and "but" checks are quadratic in the word count, so it gets less.
_RULE_CHARS = 2000
_SENTIMENT_CHARS = 400
_QUOTE_CHARS = 60

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
    if not text:
        return 0.0
    try:
        return float(_sentiment().polarity_scores(text[:_SENTIMENT_CHARS])["compound"])
    except Exception:  # noqa: BLE001 - see docstring
        return 0.0


# --- vocabulary ---------------------------------------------------------------------------------
# Phrases are matched on the "plain" form of a post: lower case, handles and links removed, every
# run of punctuation turned into one space ("where. is. my. order" -> "where is my order").
# Apostrophes are dropped first, so "doesn't" is written "doesnt" here.


def _phrases(*items: str) -> re.Pattern[str]:
    """One alternation over whole words; longer phrases first so the reason names the fullest."""
    ordered = sorted(set(items), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)")


# Problems with an order, a product or the service. VADER misses most of these because they are
# facts, not feelings. A question about a problem ("where is my order??") is still a complaint.
_PROBLEM = _phrases(
    # delivery
    r"never (?:arrived|came|received|got|turned up|showed up)",
    r"(?:hasnt|has not|havent|have not|didnt|did not|still not|not yet) (?:arrived|shipped|"
    r"been shipped|been sent|been dispatched|come|turned up|received|got|heard|seen)",
    r"not (?:arrived|received|delivered|here)",
    r"(?:hasnt|has not|havent|didnt|isnt|wasnt|why) (?:my|our|the|it) (?:\w+ ){0,2}(?:arrived|"
    r"shipped|come|turned up|been (?:sent|shipped|dispatched|delivered|refunded))",
    r"still (?:waiting|nothing|no|not|hasnt|havent|hadnt|dont|doesnt|isnt|wont|cant)",
    r"where(?: s| is| are) (?:my|our|the) (?:\w+ )?(?:order|parcel|package|delivery|refund|"
    r"money|item|items|ring|necklace|earrings|bracelet|book|books|cake|bike|stuff)",
    r"where is my", r"wheres my",
    r"(?:came|arrived|turned up|delivered|sent) (?:without|empty|opened|open|damaged|broken|late)",
    r"without (?:my|the|our) (?:order|parcel|package|delivery)",
    r"says delivered", r"marked (?:as )?delivered", r"lost in the post", r"lost (?:my|the|our)",
    r"got lost", r"been lost", r"late delivery", r"arrived late", r"(?:is|was|so|too|very) late",
    r"delayed", r"delay",
    r"any (?:news|update|updates)", r"chasing", r"following up",
    r"tracking (?:link |number |page )?(?:hasnt|has not|hasn t|doesnt|does not|isnt|is not|"
    r"wont|not|says|still)",
    r"(?:its|it has|ive|i have|weve) been (?:\d+|a|two|three|four|five|six|ten) "
    r"(?:days|day|weeks|week|months|month)",
    # money
    r"charged (?:me )?(?:twice|double|two times|extra|again|more)", r"double charged",
    r"overcharged", r"charged (?:me )?[£$€]?\d+", r"took my money", r"money back",
    r"want my money", r"refund", r"refunded", r"reimburse", r"chargeback",
    r"not (?:been )?refunded", r"paid (?:extra )?for",
    # wrong or broken goods
    r"wrong (?:size|colour|color|item|items|order|one|address|name|book|cake|ring|product|"
    r"length|thing|parcel|part|tyre|tire)",
    r"(?:sent|got|received|gave) (?:me )?the wrong", r"not what i ordered", r"instead of",
    r"(?:pre ?)?ordered (?:a |an |the )?[\w ]{1,40}?(?:and |but )?(?:got|received|sent me) "
    r"(?:a|an|the|one|some)",
    r"nothing like (?:the )?(?:photo|photos|picture|pictures|pic|pics|description|website)",
    r"not as (?:described|pictured)", r"smaller than", r"bigger than", r"worse than",
    r"broken", r"(?<!im )(?<!i am )(?<!were )(?<!we are )broke", r"snapped", r"bent",
    r"scratched", r"cracked", r"chipped", r"crushed",
    r"ripped", r"torn", r"dented", r"damaged", r"faulty", r"defective", r"tarnished",
    r"tarnishing", r"tarnish", r"rusted", r"rusty", r"faded", r"peeling", r"flaking",
    r"turned (?:my )?(?:\w+ )?green", r"went (?:green|black|flat)", r"flat again",
    r"fell (?:off|apart|out)", r"falling (?:off|apart|out)", r"came (?:apart|off|undone|loose)",
    r"keeps (?:falling|breaking|coming|slipping|rubbing|squeaking)",
    r"(?:doesnt|does not|dont|wont|didnt|cant|isnt) (?:work|working|close|fit|fasten|open|stay)",
    r"not working", r"stopped working",
    r"missing", r"empty", r"typo", r"typos", r"misspelt", r"misspelled", r"spelt wrong",
    r"spelled wrong", r"mouldy", r"moldy", r"stale", r"undercooked", r"raw in the middle",
    r"food poisoning", r"allergic reaction", r"made me (?:ill|sick)", r"gave me a rash",
    r"cancell?ed my order", r"without (?:telling|asking|warning)",
    r"replacement", r"exchange it", r"send it back", r"return it",
    # service
    r"no (?:reply|response|answer|one replied|one answered)",
    r"(?:havent|have not|didnt|never) (?:heard back|had a reply|got a reply|replied|responded)",
    r"(?:ignored|ignoring) (?:me|my)", r"(?:emailed|messaged|called|asked) (?:you )?"
    r"(?:twice|three times|four times|\d+ times)",
    r"(?:second|third|fourth|\d+(?:st|nd|rd|th)) time (?:asking|emailing|messaging|trying)",
    r"cant get through", r"trying to get through", r"error", r"errors", r"404",
    r"rude", r"unacceptable", r"not ok", r"not okay", r"not acceptable", r"not good enough",
    r"not happy", r"unhappy", r"disappointed", r"disappointing", r"annoyed", r"annoying",
    r"frustrated", r"frustrating", r"fed up", r"upset", r"gutted", r"complaint", r"complain",
    # the same worries in the shop's other likely languages
    r"todavia no", r"no (?:ha )?llegado", r"no llega", r"reembolso", r"roto", r"rota",
    r"pas (?:encore )?re[cç]u", r"rembourse\w*", r"cass[ée]e?", r"noch nicht (?:angekommen|da)",
    r"kaputt", r"erstattung", r"ainda n[aã]o chegou", r"non (?:[èe] )?arrivato", r"rimborso",
)

# Words that need company to mean a problem: with them alone "are you open late?" would be
# a complaint. They count when nothing positive is said and it is not a plain question.
_PROBLEM_WEAK = _phrases(
    r"late", r"waiting", r"waited", r"(?:\d+|a|two|three|four|five|six) "
    r"(?:days|day|weeks|week|months|month) ago", r"ill", r"sick", r"wrong",
)

# Spam: enough on its own.
_SPAM = _phrases(
    r"crypto", r"cryptocurrency", r"bitcoin", r"btc", r"ethereum", r"nft", r"nfts",
    r"airdrop", r"forex", r"(?:trading|crypto|forex) signals", r"passive income",
    r"investment plan",
    r"follow for follow", r"follow 4 follow", r"f4f", r"follow back", r"followback",
    r"buy followers", r"cheap followers", r"real followers", r"gain followers",
    r"dm (?:us |me )?(?:for|4) (?:a )?(?:promo|promotion|collab|collaboration|shoutout|"
    r"feature|details|price|prices)", r"promo dm", r"we promote", r"promote your",
    r"promotion service", r"grow your (?:store|shop|business|account|page|brand|sales|followers)",
    r"boost your (?:sales|store|shop|account|page|followers)", r"more sales",
    r"check (?:our|my) (?:profile|bio|page)", r"link in (?:my |our )?bio",
    r"check out (?:my|our) (?:shop|store|page|profile|channel|account|website|site)",
    r"work from home", r"working from home", r"earn [£$€]?\d+", r"make money",
    r"click (?:here|the link|link)", r"claim (?:here|now|yours|your|it)",
    r"you (?:have|ve) been selected", r"you (?:have|ve) won", r"selected as (?:a |the )?winner",
    r"hello dear", r"hi dear", r"can we be friends", r"onlyfans", r"sugar daddy",
    r"tag \d+ friends", r"retweet to win", r"rt to win", r"follow rt",
)

# Spam: only suspicious together with a link or another of these, and never in a post that names
# a real problem (a complaint with a photo carries a link too).
_SPAM_WEAK = _phrases(
    r"giveaway", r"free", r"win", r"winner", r"prize", r"gift card", r"collab", r"dm us",
    r"dm me", r"dm now", r"limited time", r"act now", r"followers", r"guaranteed", r"promo",
    r"10x", r"profit", r"cash", r"claim",
)
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?(?:k|usd|eur|gbp)\b|\d+\s?%")
_SPAM_EMOJI = frozenset("🚀💰💸💵🤑📈💎")

# Insults that mark a troll whatever VADER says.
_INSULT = _phrases(
    r"idiot", r"idiots", r"idiotic", r"moron", r"morons", r"stupid", r"clown", r"clowns",
    r"garbage", r"trash", r"trashy", r"pathetic", r"loser", r"losers", r"scam", r"scammer",
    r"scammers", r"scamming", r"fraud", r"frauds", r"con artists?", r"you suck", r"u suck",
    r"you guys suck", r"sucks", r"shut up", r"stfu", r"nobody cares", r"no one cares",
    r"nobody asked", r"no one asked", r"get a real job", r"get a life", r"hope you close",
    r"hope you go bust", r"go bust", r"out of business", r"worthless", r"dumbass",
    r"jog on", r"clueless", r"joke of a", r"what a joke", r"embarrassing",
)
# Milder words: a troll only when the whole post is hostile ("dumb question, but…" is not).
_INSULT_MILD = _phrases(
    r"dumb", r"ugly", r"rubbish", r"overpriced", r"rip ?off", r"useless", r"joke", r"cringe",
    r"lol", r"lmao", r"lmfao", r"🤡", r"🤣", r"😂", r"menace", r"woke",
)
_CLOWN = "🤡"

# Praise and thanks. VADER scores most of these, but not slang ("unreal", "legends", "10/10").
_PRAISE = _phrases(
    r"love", r"loved", r"loving", r"in love", r"obsessed", r"beautiful", r"beautifully",
    r"gorgeous", r"stunning", r"lovely", r"perfect", r"perfection", r"amazing", r"incredible",
    r"brilliant", r"fantastic", r"wonderful", r"excellent", r"outstanding", r"superb",
    r"best", r"favourite", r"favorite", r"fave", r"recommend", r"recommended", r"legend",
    r"legends", r"unreal", r"10 10", r"5 stars", r"five stars", r"chefs kiss", r"gem",
    r"thank you", r"thankyou", r"thanks", r"thx", r"ty", r"cheers", r"grateful", r"delighted",
    r"impressed", r"made my day", r"so kind", r"kindness", r"top service", r"great service",
    r"shout out", r"shoutout", r"respect", r"kudos", r"nicest", r"pretty", r"prettier",
    r"well made", r"well packed", r"quality", r"merci", r"magnifique", r"gracias", r"precios[oa]",
    r"danke", r"wundersch[oö]n", r"bellissim[oa]", r"grazie", r"obrigad[oa]", r"lindo", r"linda",
    r"😍", r"🥰", r"❤️", r"❤", r"💛", r"💖", r"💗", r"💜", r"💙", r"💚", r"🧡", r"🙌", r"👏",
    r"🥹", r"😊", r"🤩",
)
# Thanks that close a conversation rather than praise anything.
_THANKS_ONLY = _phrases(
    r"thanks anyway", r"thank you anyway", r"thanks in advance", r"thank you in advance",
    r"thanks for nothing", r"no thanks", r"thanks but",
)

# --- questions ------------------------------------------------------------------------------------

_QUESTION_MARKS = "?？؟¿⸮\u037e"  # Latin, full-width (CJK), Arabic, Spanish, reversed, Greek
_WH = frozenset(
    "what whats when whens where wheres which who whos whom whose why how hows".split()
)
_AUX = frozenset(
    "do does did can could would will should shall is are was were have has may might".split()
)
_SUBJECT = frozenset(
    "you u ya i we they it this that these those the your ur there he she my a an any anyone "
    "anybody someone somebody one yall".split()
)
_JOINERS = frozenset({"but", "and", "also", "btw", "then", "or"})  # not "so": "so does yours"
_QUESTION_CUES = _phrases(
    r"wondering if", r"wondered if", r"wondering whether", r"id like to know",
    r"i would like to know", r"(?:could|can) you tell me", r"do you know", r"let me know if",
    r"any ideas", r"any recommendations", r"any suggestions", r"any tips", r"anyone know",
    r"quick q", r"quick question", r"is it possible", r"would it be possible", r"i was wondering",
)
_GREETING = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|heya|yo|morning|good morning|afternoon|evening|sorry|excuse me|"
    r"quick q|quick question|question|please|pls|ok|okay|so|um|umm|erm)\b\W*)+"
)

# --- cleaning ------------------------------------------------------------------------------------

_URL = re.compile(
    r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:ly|com|co|io|net|org|me|gg|link|xyz|shop|store)"
    r"/\S*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,50}")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_APOSTROPHE = re.compile(r"(?<=\w)['’‘`´](?=\w)")
_WILL = re.compile(r"(?<=\w)['’]ll\b", re.IGNORECASE)  # "I'll" must not read as "ill"
_HYPOTHETICAL = frozenset({"if", "case", "happens", "whether"})
# Greetings are friendly, not praise of the shop: "happy friday!" says nothing about an order.
_GREETING_WISH = re.compile(
    r"\b(?:happy|merry)\s+(?:\w+\s+)?(?:birthday|bday|friday|monday|tuesday|wednesday|thursday|"
    r"saturday|sunday|weekend|holidays?|christmas|xmas|new year|easter|eid|diwali|hanukkah|"
    r"halloween|thanksgiving|anniversary)\b",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w❤😍🥰💛💖💗💜💙💚🧡🙌👏🥹😊🤩🤡🤣😂]+")
_CLAUSE = re.compile(r"[^.!?？؟\u037e;\n,:—–]+[.!?？؟\u037e;\n,:—–]*")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_RETWEET = re.compile(r"^\s*RT @\w+")


@dataclass(frozen=True, slots=True)
class _Reading:
    """One post, cleaned once and shared by every rule."""

    raw: str  # control characters removed, cut to _RULE_CHARS
    prose: str  # handles and links removed: what VADER reads and reasons quote
    plain: str  # lower case, apostrophes dropped, punctuation collapsed: what phrases match
    links: int
    hashtags: int


def _read(text: str) -> _Reading:
    raw = _CONTROL.sub(" ", text[:_RULE_CHARS])
    links = len(_URL.findall(raw))
    prose = _HANDLE.sub(" ", _URL.sub(" ", raw))
    prose = " ".join(prose.split())
    hashtags = len(_HASHTAG.findall(prose))
    plain = _APOSTROPHE.sub("", _WILL.sub(" will", prose.lower().replace("\ufe0f", "")))
    plain = " ".join(_NON_WORD.sub(" ", plain).split())
    return _Reading(raw=raw, prose=prose, plain=plain, links=links, hashtags=hashtags)


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
            if first == "any" and second and start == 0:
                return clause
        if _QUESTION_CUES.search(" ".join(words)):
            return clause
    if _QUESTION_CUES.search(reading.plain):
        return reading.prose
    return None


def _problems(reading: _Reading) -> list[str]:
    """Problem phrases, except those a question only imagines ("what if it doesn't fit?")."""
    found = _found(_PROBLEM, reading.plain)
    if not found or _question(reading) is None:
        return found
    real: list[str] = []
    for match in _PROBLEM.finditer(reading.plain):
        before = reading.plain[: match.start()].split()[-4:]
        if not _HYPOTHETICAL.intersection(before) and match.group(0) not in real:
            real.append(match.group(0))
    return real


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


def _vader_words(reading: _Reading, negative: bool) -> list[str]:
    """The words VADER's lexicon rates negative (or positive), to name them in a reason."""
    lexicon = _sentiment().lexicon
    words: list[str] = []
    for word in reading.plain.split():
        valence = lexicon.get(word)
        if valence is not None and (valence < 0) == negative and word not in words:
            words.append(word)
    return words


# --- the decision --------------------------------------------------------------------------------


def classify(text: str) -> Triage:
    """Suggest a kind for one mention, with the words that decided it.

    Pure and deterministic, and it never raises: it runs on every post of an import, and one odd
    post (empty, huge, emoji only, another script, control characters) must not stop the rest.
    Order matters: spam first (it often says "love" and "win"), then concrete problems (an angry
    customer with a real problem is a complaint even when rude), insults, questions, praise.
    """
    if not isinstance(text, str):  # a defensive net for callers outside the type checker
        text = "" if text is None else str(text)
    reading = _read(text)

    if not reading.prose:
        if reading.raw.strip():
            return Triage(Kind.OTHER, "only links or handles")
        return Triage(Kind.OTHER, "empty")
    if not reading.plain:  # emoji or punctuation only: VADER knows what most emoji mean
        shown = reading.prose[:_QUOTE_CHARS // 6]
        if _compound(reading.prose) >= 0.5:
            return Triage(Kind.PRAISE, "praise: " + shown)
        return Triage(Kind.OTHER, "only emoji or symbols: " + shown)
    if _RETWEET.match(reading.raw):
        return Triage(Kind.OTHER, "a repost (RT), not written to you")

    spam = _found(_SPAM, reading.plain)
    if spam or reading.hashtags >= 5:
        return Triage(Kind.TROLL, "looks like spam: " + _spam_signals(reading, spam))

    problems = _problems(reading)
    if problems:
        return Triage(Kind.COMPLAINT, "negative words: " + _listed(problems))

    spam_weak = _found(_SPAM_WEAK, reading.plain)
    money = bool(_MONEY.search(reading.raw))
    spam_emoji = any(ch in _SPAM_EMOJI for ch in reading.raw)
    lures = len(spam_weak) + money + spam_emoji
    if (
        (reading.links and lures >= 1)
        or (reading.hashtags >= 3 and lures >= 1)
        or lures >= 3
    ):
        return Triage(Kind.TROLL, "looks like spam: " + _spam_signals(reading, spam_weak))

    compound = _compound(_GREETING_WISH.sub(" ", reading.prose))
    insults = _found(_INSULT, reading.plain)
    if _CLOWN in reading.raw and _CLOWN not in insults:
        insults.append(_CLOWN)
    asked = _question(reading)
    mild = [] if asked is not None else _found(_INSULT_MILD, reading.plain)
    if insults or (mild and compound <= -0.25) or (len(mild) >= 2 and compound < 0.3):
        return Triage(Kind.TROLL, "insult: " + _listed(insults or mild))

    thanks_only = bool(_THANKS_ONLY.search(reading.plain))
    praise = [] if thanks_only else _found(_PRAISE, reading.plain)
    weak = _found(_PROBLEM_WEAK, reading.plain)

    if asked is not None:
        if compound <= -0.5:
            negative = _vader_words(reading, negative=True)
            named = _listed(negative) or _quote(asked)
            return Triage(Kind.COMPLAINT, "unhappy question: " + named)
        return Triage(Kind.QUESTION, "asks a question: " + _quote(asked))

    if weak and not praise and compound < 0.3:
        return Triage(Kind.COMPLAINT, "negative words: " + _listed(weak))
    if praise and compound > -0.3:
        return Triage(Kind.PRAISE, "praise: " + _listed(praise))
    if compound >= 0.5:
        return Triage(Kind.PRAISE, "praise: " + _listed(_vader_words(reading, negative=False)))
    if compound <= -0.3:
        return Triage(Kind.COMPLAINT, "negative words: " + _listed(_vader_words(reading, True)))
    if len(_LATIN.findall(reading.prose)) * 2 < len(_LETTER.findall(reading.prose)):
        return Triage(Kind.OTHER, "not in English and asks nothing")
    return Triage(Kind.OTHER, "no complaint, question or praise found")


# --- measuring -----------------------------------------------------------------------------------


def evaluate(pairs: Iterable[tuple[str, str | Kind]]) -> dict[str, Any]:
    """Score classify() against labelled (text, kind) pairs, so rule changes can be measured.

    Returns {"accuracy": float, "count": int, "kinds": {kind: {"precision", "recall", "count"}},
    "mistakes": [(text, expected, got, reason), ...]}. Precision or recall with nothing to divide
    by is reported as 0.0.
    """
    count = 0
    right = 0
    expected_counts = {kind: 0 for kind in Kind}
    predicted_counts = {kind: 0 for kind in Kind}
    correct_counts = {kind: 0 for kind in Kind}
    mistakes: list[tuple[str, str, str, str]] = []
    for text, expected in pairs:
        want = Kind(expected)
        got = classify(text)
        count += 1
        expected_counts[want] += 1
        predicted_counts[got.kind] += 1
        if got.kind == want:
            right += 1
            correct_counts[want] += 1
        else:
            mistakes.append((text, want.value, got.kind.value, got.reason))
    kinds = {
        kind.value: {
            "precision": correct_counts[kind] / predicted_counts[kind]
            if predicted_counts[kind]
            else 0.0,
            "recall": correct_counts[kind] / expected_counts[kind]
            if expected_counts[kind]
            else 0.0,
            "count": expected_counts[kind],
        }
        for kind in Kind
    }
    return {
        "accuracy": right / count if count else 0.0,
        "count": count,
        "kinds": kinds,
        "mistakes": mistakes,
    }
