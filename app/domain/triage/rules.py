"""The rules behind ``app.domain.triage.classify``: the vocabulary, the patterns and the reading.

They live apart from the kinds (``triage.py``) because compiling a few hundred patterns takes
tens of milliseconds: the window needs ``Kind`` to open, and loads these on the first
``classify`` (adding or importing a mention), not at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.triage.kinds import Kind, Triage

if TYPE_CHECKING:  # pragma: no cover - typing only
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


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


# --- vocabulary ---------------------------------------------------------------------------------
# Phrases are matched on the "plain" form of a post: lower case, handles and links removed, every
# run of punctuation turned into one space ("where. is. my. order" -> "where is my order").
# Apostrophes are dropped first, so "doesn't" is written "doesnt" here.


def _phrases(*items: str) -> re.Pattern[str]:
    """One alternation over whole words; longer phrases first so the reason names the fullest."""
    ordered = sorted(set(items), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)")


_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several)"
_SPAN = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnight|months?)"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thur?s?|fri)"
_NEG = r"(?:doesnt|does not|dont|do not|wont|will not|didnt|did not|cant|cannot|can not|isnt|" \
    r"is not|arent|couldnt|could not|hasnt|has not|wouldnt|would not)"

# Failures: the negation or the lack is part of the meaning, so "not" never cancels them.
_FAILURE = _phrases(
    # delivery and waiting
    r"never (?:arrived|came|come|received|got|turned up|showed up|showed)",
    r"(?:hasnt|has not|havent|have not|didnt|did not|still not|not yet) (?:arrived|shipped|"
    r"been shipped|been sent|been dispatched|been delivered|been posted|been collected|come|"
    r"turned up|received|got|heard|seen)",
    # a courier, driver or member of staff who did not do their part
    r"(?:your|the) (?:driver|courier|delivery \w+|postman|postie|staff|waiter|waitress|barista|"
    r"mechanic|engineer|fitter|team|technician|rider) (?:\w+ ){0,12}?(?:didnt|did not|never|"
    r"wouldnt|refused|forgot|ignored|couldnt be bothered)",
    r"not (?:arrived|received|delivered|here)",
    r"(?:hasnt|has not|havent|didnt|isnt|wasnt|why|doesnt|wont|cant|arent) (?:my|our|the|it|"
    r"this|your) (?:\w+ ){0,3}?(?:arrived|shipped|come|turned up|been (?:sent|shipped|"
    r"dispatched|delivered|refunded)|working|work|showing|show up|loading|load|go through|"
    r"gone through|fit|open)",
    r"still (?:waiting|nothing|no|not|hasnt|havent|hadnt|dont|doesnt|isnt|wont|cant|charged|"
    r"broken|missing|wrong)",
    r"where(?: s| is| are) (?:my|our) \w+", r"where is my", r"wheres my",
    r"(?:came|arrived|turned up|delivered|sent) (?:without|empty|opened|open|ripped open|"
    r"damaged|broken|late|in pieces)",
    r"without (?:my|the|our) (?:order|parcel|package|delivery)",
    r"says delivered", r"marked (?:as )?delivered", r"lost in the post", r"lost (?:my|the|our)",
    r"got lost", r"been lost", r"is it lost", r"late delivery", r"arrived late",
    r"(?:is|was|so|too|very) late", r"delayed", r"delay", r"delays",
    r"any (?:news|update|updates) on (?:my|our|the status)", r"chasing", r"following up",
    r"tracking (?:link |number |page )?(?:hasnt|has not|doesnt|does not|isnt|is not|wont|not|"
    r"says|said|still|shows)",
    # a promise or an expectation that was not kept
    r"(?:was|were) (?:meant|supposed|due|promised|scheduled) to",
    r"(?:was|were) (?:set|scheduled|due|promised) for (?:the \d|\d|today|yesterday|last|this|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"should (?:have|ve) (?:arrived|been|come|shipped|had|got|heard)",
    # a status stuck for a while: "has shown 'processing' for ten days"
    r"(?:says|said|saying|shows|showed|showing|stuck|sat|sitting|held) (?:\w+ ){0,6}?"
    r"(?:for " + _NUM + " (?:\\w+ )?" + _SPAN + "|since (?:yesterday|last \\w+|" + _DAY + "))",
    r"still (?:showing|shows|says|saying|processing|pending|in transit|at the depot|stuck|"
    r"sitting|sat|listed as|marked as|on hold)",
    r"(?:for|after) " + _NUM + " (?:\\w+ )?" + _SPAN + " (?:now )?(?:with )?(?:no|nothing|not a)"
    r"(?! problems?| issues?| complaints?| regrets?| reaction)",
    r"no (?:update|updates|news|word|tracking|sign of (?:it|my|the))",
    # time passing with nothing to show: "two weeks and no parcel", "a month on and nothing"
    _SPAN + r" (?:later |on |now )?(?:and )?(?:still )?(?:no|nothing|not a)"
    r"(?! problems?| issues?| complaints?| regrets?| reaction)",
    r"nothing back", r"heard nothing", r"nothing yet", r"not a word",
    r"(?:nobody|no one|noone) (?:\w+ )?(?:picks up|picked up|answers|answered|replies|replied|"
    r"responds|responded|gets back|got back|called|rang|rings|turned up|showed up|came|knew|"
    r"knows|told|tells|bothered|listened|listens|explained|seemed to)",
    # given to someone else, or a different thing altogether
    r"(?:gave|given|sold|sent|handed) (?:it|them|my \w+|our \w+) to (?:someone|somebody) else",
    r"(?:charged|paid) (?:me |us )?(?:\w+ ){0,4}?for (?:\w+ ){0,4}?but",
    r"(?:charged|billed|took|taken) (?:me |us )?(?:\w+ ){0,4}?(?:even though|although|despite|"
    r"after (?:i|we) (?:cancelled|paused|stopped|returned))",
    r"not the same (?:thing|one|as|colour|color|size|item|product|quality)",
    r"(?:ordered|paid|bought) (?:\w+ ){0,6}?(?:out of stock|sold out|unavailable|no longer "
    r"available)",
    r"(?:someone|somebody) elses (?:order|parcel|package|address|name|account|item|details)",
    # counts that do not add up: "six ordered, five came", "only half arrived"
    r"(?:ordered|bought|paid for) (?:\w+ ){0,4}?(?:and |but |only )?(?:one|two|three|four|five|"
    r"\d+|half) (?:\w+ )?(?:arrived|came|turned up|showed up|were in|was in|in the box)",
    r"(?:one|two|three|four|five|six|\d+) (?:\w+ )?ordered (?:and |but |only )?(?:one|two|"
    r"three|four|five|\d+) (?:\w+ )?(?:arrived|came|turned up|showed up)",
    r"only (?:one|two|three|four|five|half|\d+|a few|some|part|the first|the second) (?:of "
    r"(?:them|it|the \w+|my \w+) )?(?:\w+ )?(?:has |have )?(?:turned up|arrived|came|come|"
    r"showed up|was in|were in|in the|fit|fits|work|works|worked)",
    r"half the (?:size|length|weight|amount|quantity)",
    # money
    r"charged (?:me )?(?:\w+ ){0,4}?(?:twice|double|two times|again|extra)", r"double charged",
    r"overcharged", r"charged (?:me )?[£$€]?\d+", r"took my money",
    r"(?:duplicate|identical|double) (?:\w+ )?(?:payments|charges|transactions)",
    r"(?:two|2|multiple) (?:identical|duplicate|separate) (?:payments|charges|transactions)",
    r"(?:money|payment|funds) (?:has |have |had |was |is )?(?:gone(?! through)|left my account|"
    r"been taken|come out|gone out|disappeared|been deducted)",
    r"not (?:been )?refunded",
    # something failed to happen: "doesn't show up", "could not be processed"
    # (but "you don't open on Sundays" is the shop's hours, not a fault)
    r"(?<!you )(?<!u )(?<!yall )" + _NEG + r" (?:even |actually |properly |quite |seem to )?"
    r"(?:work|working|close|closing|fit|"
    r"fasten|open|stay|stay shut|show|show up|showing|load|loading|move|update|connect|log in|"
    r"pump|spray|flush|seal|lock|light|turn|spin|"
    r"let me|accept|apply|hold|last|stick|shut|lock|clip|go through|go past|go over|go on|"
    r"come through|process|turn on|scan|light up|wear it|wear them|use it|use them|smell|"
    r"taste|smell of anything|taste of anything)",
    r"(?:could not|couldnt|cannot|cant|can not|wont|will not|wouldnt|would not) be (?:processed|"
    r"completed|delivered|found|verified|loaded|accepted|applied|opened|confirmed|tracked|"
    r"shipped|located|reached|fixed)",
    r"not working", r"stopped working", r"says invalid", r"is invalid",
    # the wrong thing, or not what was shown
    # (but "I bought the wrong size" is the customer's own slip, asked about, not a complaint)
    r"(?<!bought the )(?<!ordered the )(?<!picked the )(?<!chose the )(?<!i got the )"
    r"(?<!put the )(?<!entered the )(?<!typed the )(?<!selected the )(?<!gave you the )"
    r"(?<!clicked the )(?<!used the )"
    r"wrong (?:size|colour|color|item|items|order|one|address|name|book|cake|ring|product|"
    r"length|thing|parcel|part|tyre|tire|font|flavour|flavor|date|price|amount|engraving|"
    r"spelling|model|stone|chain|metal)",
    r"(?:sent|got|received|gave|delivered|came in|arrived in|has|had|have|is|was|its) (?:me )?"
    r"(?:the |a )?wrong (?!about|with|to|of|in)\w+",
    r"not what (?:i|we) (?:ordered|asked for|paid for|picked|chose|wanted)",
    r"not the (?:one|\w+) (?:i|we) (?:ordered|picked|chose|asked for|wanted|paid for|selected)",
    r"(?:came|arrived|got|received|sent|delivered) (?:\w+ ){0,5}?but (?:i|we) (?:ordered|"
    r"asked for|paid for|picked|chose|wanted)",
    r"(?:asked|ordered|paid|wanted|chose|picked) for (?:a |an |the )?\w+ not (?:a |an |the )?\w+",
    r"(?:when|but|though|although) (?:i|we) (?:had )?(?:specifically |clearly |definitely )?"
    r"(?:asked|ordered|paid|requested) for",
    r"(?:looked|looks|look|is|was|were|are|tastes|tasted) nothing like",
    r"nothing like (?:the |what |my |its |in the )?(?:\w+ )?(?:photo|photos|picture|pictures|pic|"
    r"pics|description|website|site|listing|advert|ad|preview|proof|mockup|sample|image|images|"
    r"screen|online|ordered|advertised|expected|shown|promised)",
    r"(?:way|completely|totally|massively|miles) off",
    r"(?:im|i am|were|we are) (?:always|usually|normally) (?:a |an )?(?:size )?\w+ (?:and|but) "
    r"(?:these|this|it|they) (?:are|is|were|was|come up|came up)",
    r"not as (?:described|pictured|advertised|shown|listed)",
    r"(?:smaller|bigger|worse|shorter|longer|thinner|thicker|lighter|darker|duller|cheaper|"
    r"flimsier|less) than (?:the |it |they |in the |on the |what )?(?:listing|listed|photo|"
    r"photos|picture|pictures|pic|pics|description|described|advertised|expected|website|site|"
    r"shown|stated|it looks|they look|looks|online|i expected|i thought|the guide|size guide|"
    r"it said|you said|says)",
    r"smaller than", r"bigger than", r"worse than",
    # one of a pair unlike the other: "one shoe darker than the other"
    r"(?:shorter|longer|bigger|smaller|darker|lighter|thicker|thinner|higher|lower|wider|"
    r"narrower|heavier|looser|tighter) than the other",
    # something in the food or the pot that should not be there
    r"(?:a |an )?(?:hair|fly|bug|insect|plastic|glass|bone|stone|metal|slug|worm|maggot)s? in "
    r"(?:my|the|our|it)",
    r"(?<!not )(?<!never )too (?:small|big|large|tight|loose|long|short|heavy|thin|thick|dark|"
    r"narrow|wide|flimsy)",
    # parts coming off, wear and reactions
    r"(?:fell|fallen|falls|falling|popped|popping|dropped|dropping) (?:off|out|apart)",
    r"(?:came|come|comes|coming) (?:apart|off|undone|loose|unstuck|unglued)",
    r"keeps (?:on )?(?:crashing|freezing|failing|declining|rejecting|timing out|glitching|"
    r"logging me out|cutting out|disconnecting|erroring|jamming|sticking|skipping|flickering|"
    r"leaking|creaking|clicking|dropping|going (?:off|out|wrong|flat))",
    r"(?:site|website|app|page|checkout|payment|card|basket|link|form) (?:\w+ )?(?:crashed|"
    r"crashes|crashing|froze|freezes|freezing|failed|fails|declined|glitch\w*|is down|went down|"
    r"was down|not loading|wont load|doesnt load|times out|timed out)",
    r"keeps (?:falling|breaking|coming|slipping|rubbing|squeaking|snapping|opening|"
    r"\w+ing (?:off|out|open|undone|loose))",
    r"turned (?:my )?(?:\w+ )?green", r"turns (?:my )?(?:\w+ )?green",
    r"(?:went|gone|turned|going|turning) (?:a bit |all |really |completely )?(?:green|black|dark|"
    r"brown|cloudy|flat|soft|mushy|hard|bad|off|sour|rancid|brittle|sticky|mouldy|moldy)",
    # more or fewer than agreed: "paid for twelve and you only packed ten"
    r"(?:booked|ordered|asked|paid|reserved) (?:for )?(?:\w+ ){0,2}?(?:\d+|two|three|four|five|"
    r"six|seven|eight|nine|ten|twelve) (?:\w+ ){0,8}?only (?:\w+ ){0,4}?(?:\d+|one|two|three|"
    r"four|five|six|seven|eight|nine|ten)",
    r"(?:off|different|differs) from (?:the |what )?(?:photo|photos|picture|pictures|pics|"
    r"website|listing|description|advert|advertised|shown|pictured|sample|swatch)",
    r"flat again",
    r"(?:left|leaves|leaving) (?:a |some )?(?:\w+ )?(?:mark|marks|stain|stains|residue)",
    r"made (?:me|my \w+) (?:\w+ )?(?:ill|sick|red|itchy|sore|swollen|bleed|itch|burn|break out|"
    r"green|black|come out in)",
    r"misspelt", r"misspelled", r"spelt wrong",
    r"spelled wrong", r"food poisoning", r"allergic reaction", r"raw in the middle",
    r"cancell?ed my (?:\w+ )?(?:order|preorder|booking|appointment|class|slot|reservation|"
    r"subscription|table)", r"cancell?ed (?:on me|last minute|at the last minute|an hour before)",
    r"without (?:telling|asking|warning)",
    # service
    r"no (?:reply|replies|response|answer|one replied|one answered|confirmation)",
    r"(?:havent|have not|didnt|never) (?:heard back|had a reply|got a reply|replied|responded|"
    r"got back)",
    r"(?:ignored|ignoring) (?:me|my)", r"(?:emailed|messaged|called|asked|rang) (?:you )?"
    r"(?:twice|three times|four times|\d+ times)",
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:time (?:(?:ive|i have|weve|im|i am) )?"
    r"(?:asking|asked|emailing|emailed|messaging|messaged|trying|tried|calling|called|rung|"
    r"ringing|chasing|chased|contacting|contacted)|email|emails|message|call|dm|attempt|chaser)",
    # billed for what never came: "a charge for a box I didn't get", "items we never ordered"
    r"(?:i|we) (?:didnt|never|did not|havent|have not) (?:get|got|receive|received|order|ordered|"
    r"ask for|asked for|agree to|agreed to|book|booked)(?! round| around| to| a chance)",
    r"(?:kept|keeping|taken|took|keep) my (?:deposit|money|payment)",
    r"(?:been )?on hold (?:\w+ ){0,2}?for",
    r"(?:on hold|waiting|queuing|queueing|sat|sitting|stuck) (?:\w+ ){0,3}?for " + _NUM
    + r" (?:\w+ )?" + _SPAN,
    r"cant get through", r"trying to get through", r"404",
    r"unacceptable", r"not ok", r"not okay", r"not acceptable", r"not good enough",
    r"not happy", r"not impressed",
    # the same worries in the shop's other likely languages
    r"todavia no", r"no (?:ha )?llegado", r"no llega", r"roto", r"rota",
    r"pas (?:encore )?re[cç]u", r"cass[ée]e?", r"noch nicht (?:angekommen|da)",
    r"kaputt", r"ainda n[aã]o chegou", r"non (?:[èe] )?arrivato",
)

# Bad states of the goods or of the customer's mood. "No problems", "never once let down" and
# "hasn't tarnished at all" negate them, and a negated bad state is a compliment.
_DEFECT = _phrases(
    r"broken", r"(?<!im )(?<!i am )(?<!were )(?<!we are )broke", r"snapped", r"bent",
    r"scratched", r"scratch", r"scratches", r"cracked", r"crack", r"cracks", r"chipped",
    r"crushed", r"ripped", r"torn", r"dented", r"dent", r"damaged", r"damage", r"faulty",
    r"defective", r"tarnished", r"tarnishing", r"tarnish", r"rusted", r"rusty", r"faded",
    r"fading", r"peeling", r"flaking", r"loose", r"crooked", r"wonky", r"lopsided", r"knotted",
    r"tangled", r"damp", r"mess", r"flimsy", r"tacky", r"plasticky", r"shoddy",
    r"(?:poorly|badly|cheaply) made",
    r"(?:feels|looks|felt|looked|seems) (?:really |so |very |a bit |quite )?cheap", r"stained",
    r"stains", r"dirty", r"filthy", r"soaked",
    r"soggy", r"squashed", r"squished", r"smashed", r"shattered", r"leak", r"leaks", r"leaking",
    r"leaked", r"leaky", r"blurry", r"blurred", r"pixelated", r"pixelly", r"grainy", r"smudged",
    r"misaligned", r"off centre", r"off center", r"warped", r"wobbly", r"wobbles", r"wobbling",
    r"chipping", r"cracking", r"splitting", r"(?:was|is|were|are|came|arrived|has|had) split",
    r"split (?:down|open|along|at|on|after|within|when|in half|in two)",
    # textiles, food and plants
    r"shrank", r"shrunk", r"pilled", r"pilling", r"bobbled", r"bobbling", r"frayed", r"fraying",
    r"unravelled", r"unraveling", r"unravelling", r"mouldy", r"moldy", r"mould", r"mold",
    r"stale", r"undercooked", r"burnt", r"rotten", r"rotting", r"expired", r"out of date",
    r"past (?:its|their|the) (?:best|use|sell)", r"wilted", r"wilting", r"withered", r"drooping",
    r"droopy", r"shrivelled", r"shriveled", r"bugs", r"pests", r"insects", r"maggots", r"gnats",
    r"fungus",
    # the body
    r"itchy", r"rash", r"swollen", r"irritated", r"irritation", r"infected", r"blisters?",
    r"reaction",
    # problems by name
    r"problem", r"problems",
    r"(?:an|any|some|same|this|that|major|big|real|few|slight|small) issues?",
    r"issues? (?:with|since|at)", r"having issues?", r"missing", r"typo", r"typos",
    r"(?<!my )error", r"errors",
    r"complaints?", r"complain", r"disappointed", r"disappointing", r"disappointment",
    r"annoyed", r"annoying", r"frustrated", r"frustrating", r"fed up", r"upset", r"gutted",
    r"unhappy", r"rude", r"ruined", r"wrecked",
    # judgements, unless the writer is talking about themself ("I'm terrible at choosing")
    r"(?<!im )(?<!i am )(?<!my )(?:bad|awful|terrible|horrible|dreadful|poor) (?!at |with )\w+",
    r"(?<!im )(?<!i am )(?<!my )(?:bad|awful|terrible|horrible|dreadful)$",
    r"reembolso", r"rembourse\w*", r"erstattung", r"rimborso",
)

# Judgements and moods: problems when a customer says them, jibes when said with a sneer.
_JUDGEMENT = re.compile(
    r"(?:bad|awful|terrible|horrible|dreadful|poor|rude|disappointed|disappointing|annoyed|"
    r"annoying|frustrated|frustrating|upset|unhappy)(?: \w+)?|\w+ (?:bad|awful|terrible|"
    r"horrible|dreadful|poor)"
)
# What an unhappy customer asks for. A complaint while it is wanted; a policy question when asked
# about ("can I return it?"); praise when it came and they are thanking you for it.
_REMEDY = _phrases(
    r"refund", r"refunded", r"reimburse", r"chargeback", r"money back", r"want my money",
    r"replacement", r"exchange it", r"send it back", r"return it", r"send them back",
    # and what was not as paid for: in a statement a problem, in a question an option
    r"instead of", r"paid (?:extra )?for",
)

# Words that need company to mean a problem: with them alone "are you open late?" would be
# a complaint. They count when nothing positive is said and it is not a plain question.
_PROBLEM_WEAK = _phrases(
    r"late", r"waiting", r"waited", _NUM + " " + _SPAN + " ago", r"ill", r"sick", r"wrong",
    # something got worse or keeps happening: "but now it rattles", "every time I open it"
    r"but now", r"now it", r"every time (?:i|we|it|you)", r"ever since", r"but this time",
    r"thought (?:it|they|this|these) (?:was|were|would)",
    # what it claims against what it is: "listed as solid oak but it's veneer"
    r"(?:says|said|claims|claimed|listed as|advertised as|labelled|labeled) (?:\w+ ){1,6}?but",
    # a time that was promised: "quoted three days", "told me a week"
    r"you said (?:it|itd|it would|it will|they|theyd|they would|youd|you would) (?:be|take|"
    r"arrive|come|ship|get)",
    r"(?:quoted|promised|told me|told us|estimated) (?:me |us )?(?:\w+ ){0,2}?" + _NUM
    + r" (?:working )?" + _SPAN,
    r"put me off", r"not impressed",
    r"(?:thats|its|theyre|they are|was|were) (?:\d+|two|three|four|five|six|several) "
    r"(?:weeks|months|years) old",
    r"since (?:i|we) (?:emailed|messaged|called|rang|wrote|ordered|sent|contacted|returned)",
    r"someone elses", r"somebody elses", r"blocked", r"blocking",
    r"(?:clearly|definitely|obviously|sure it|sure they) (?:wasnt|isnt|werent|arent)",
    r"(?:completely|totally|entirely) different",
    r"(?:couldnt|could not|cant|cannot) (?:get|leave|park|access|use|reach|find)(?! enough)",
    r"allergic",
    r"(?:asked|ordered|requested) (?:for )?(?:no|without) \w+",
    # a fault that came early: "within a week", "after one wash"
    r"within (?:a|an|one|two|three|\d+|the first) (?:days?|weeks?|hours?|wash|wear|use|month)",
    r"after (?:just |only )?(?:one|a|two|\d+|the first) (?:wash|washes|wear|wears|use|uses)",
    # dates that tell a wait: "ordered on the 3rd, it's the 19th now"
    r"(?:ordered|placed|paid|booked) (?:it )?(?:on|back on) (?:the )?(?:\d+(?:st|nd|rd|th)?|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"(?:today is|todays|its|it is) (?:now )?the \d+(?:st|nd|rd|th)",
    r"any (?:news|update|updates)",
    r"(?:its|it has|ive|i have|weve) been " + _NUM + " " + _SPAN,
    r"(?:arrived|came|was|were) already", r"constantly", r"all the time",
    r"(?:wouldnt|couldnt|didnt|doesnt|wont|cant|isnt|wasnt|arent|werent) even",
    r"(?:slid|slipped|sliding|slipping|slips) (?:off|out|down)", r"has slipped",
    r"(?:has|had|have|with|got|theres|there is|there are) (?:a |an |some )?(?:\w+ ){0,2}?"
    r"(?:mark|marks|hole|holes|snag|snags|ladder|scuff|scuffs)",
)

# "two of them …", "some of the buns …": part of an order, then a word VADER rates negative.
_SUBSET = re.compile(
    r"(?<!\w)(?:(?:half|one|two|three|four|some|most|several|a couple|a few|\d+) of (?:them|the "
    r"\w+|my \w+|these|those|it)|(?:one|two|three|half|\d+) (?:has|had|is|was|were|are))(?!\w)"
)
# "hasn't moved" is a stuck parcel where there is a parcel, and a fast colour on a jumper.
_STUCK = _phrases(
    r"(?:hasnt|has not|havent|have not|not|never|didnt|isnt|wont) (?:\w+ )?(?:moved|move|updated|"
    r"update|changed|budged|progressed)",
)
_STATUS = _phrases(
    r"tracking", r"order", r"parcel", r"package", r"delivery", r"shipment", r"status", r"courier",
    r"refund", r"dispatch", r"dispatched", r"repair", r"ticket", r"account", r"app", r"website",
    r"site", r"page", r"queue", r"booking",
)
# "a large is not a large": a claim contradicted by what came.
# "ordered a mug and got a bowl": what came is not what was ordered, unless it was a bonus
# ("…and got a lovely card too").
_ORDER_SWAP = re.compile(
    r"(?<!\w)(?:(?:pre ?)?ordered|asked for|requested|paid for|chose|picked) (?:a |an |the )?"
    r"[\w ]{1,40}?(?:and |but )?(?:got|received|sent me|you sent|came with) "
    r"(?!(?:it|them|my|our|your|this|these|that|here|there|back|home|today|yesterday|to|in|round|"
    r"around|on|an email|a confirmation|confirmation|notified|delivered|dispatched)\b)\w+(?!\w)"
    r"((?: \w+){0,3})"
)
_ORDER_SWAP_HINT = re.compile(r"ordered|asked for|requested|paid for|chose|picked")
_CONTRADICTION = re.compile(r"(?<!\w)(\w+ \w+) is not (?:a |an |the )?\1(?!\w)")
# "reads 'Jon' not 'John'": what is written versus what was wanted (read on the prose).
_MISMATCH = re.compile(
    r"\b(?:says|said|reads|read|spelt|spelled|printed|engraved|written)\s+['‘\"“][^'’\"”\n]{1,40}"
    r"['’\"”]\s*,?\s*(?:not|instead of|rather than)\b",
    re.IGNORECASE,
)

# Spam: enough on its own.
_SPAM = _phrases(
    r"crypto", r"cryptocurrency", r"bitcoin", r"btc", r"ethereum", r"nft", r"nfts",
    r"airdrop", r"forex", r"(?:trading|crypto|forex|vip) signals", r"passive income",
    r"investment plan", r"connect (?:your )?wallet",
    r"follow for follow", r"follow 4 follow", r"f4f", r"follow back", r"followback",
    r"buy followers", r"cheap followers", r"real followers", r"gain followers",
    r"\d+k?\+? (?:real |active |organic |targeted |genuine )?(?:followers|likes|views|"
    r"subscribers)",
    r"(?:buy|get|gain|grow|boost) (?:\w+ ){0,2}(?:followers|likes|views|subscribers)",
    r"dm (?:us |me )?(?:for|4) (?:a |the )?(?:promo|promotion|collab|collaboration|shoutout|"
    r"feature|details|price|prices|pricing|catalogue|catalog|info)", r"promo dm", r"we promote",
    r"promote your", r"promote it", r"promotion service",
    r"grow your (?:store|shop|business|account|page|brand|sales|followers)",
    r"boost your (?:\w+ ){0,2}?(?:sales|store|shop|account|page|followers|reviews|ratings|"
    r"rankings|traffic|seo)", r"more sales",
    r"\d+ (?:five star|5 star|positive) (?:reviews|ratings)",
    r"check (?:our|my) (?:profile|bio|page)", r"link in (?:my |our )?bio",
    r"visit (?:our|my) (?:page|profile|website|site|bio)",
    r"check out (?:my|our) (?:shop|store|page|profile|channel|account|website|site)",
    r"work from home", r"working from home", r"earn [£$€]?\d+", r"make money",
    r"click (?:here|the link|link)", r"claim (?:here|now|yours|your|it)",
    r"you (?:have|ve) been selected", r"you (?:have|ve) won", r"selected as (?:a |the )?winner",
    r"(?:rt|retweet|like|share|follow|tag)(?: and| n)? (?:rt|retweet|like|share|follow|tag) "
    r"(?:\w+ ){0,3}(?:to win|and win|for a chance)",
    # romance and "friendship" openers
    r"hello dear", r"hi dear", r"can we be friends", r"are (?:you|u) single",
    r"you look (?:lonely|beautiful|pretty|gorgeous|sexy|cute)", r"lonely",
    r"(?:talk|chat|speak) (?:in )?(?:private|privately)", r"widowed",
    r"(?:want|wanna|like) to chat", r"get verified", r"blue tick", r"verification badge",
    r"(?:contact|message|text|reach|add) (?:us|me) (?:on|via) (?:whatsapp|telegram|wechat|signal|"
    r"kik|snapchat)",
    r"caught my (?:eye|attention)", r"get to know (?:you|u)", r"onlyfans", r"sugar daddy",
    r"tag \d+ friends", r"retweet to win", r"rt to win", r"follow rt",
    # counterfeits and moving the chat off the platform
    r"replicas?", r"aaa quality", r"1 1 (?:quality|copy|copies)",
    r"(?:whatsapp|telegram|wechat|kik) (?:us|me)",
)

# Spam: only suspicious together with a link or another of these, and never in a post that names
# a real problem (a complaint with a photo carries a link too).
_SPAM_WEAK = _phrases(
    r"giveaway", r"free", r"win", r"winner", r"winners", r"prize", r"gift card", r"collab",
    r"dm us", r"dm me", r"dm now", r"dm open", r"limited time", r"act now", r"followers",
    r"guaranteed", r"promo", r"10x", r"profit", r"profits", r"cash", r"claim", r"to win",
    r"ask me how", r"teach you", r"learn how", r"dropship\w*", r"whatsapp", r"telegram",
    r"catalogue", r"packages", r"iphone", r"cheap price", r"audience", r"voucher", r"designer",
    r"wholesale", r"cheap", r"go viral", r"brand ambassador", r"ambassador", r"chosen",
    r"selected", r"featured", r"factory prices?", r"contact us",
    r"(?:hi|hey|hello|hiya) (?:there )?(?:beautiful|gorgeous|pretty|sexy|handsome|sweetheart|"
    r"sweetie|darling|babe|my dear|my friend)",
)
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?(?:k|usd|eur|gbp)\b|\d+\s?%")
_SPAM_EMOJI = frozenset("🚀💰💸💵🤑📈💎📢🏆📲")

# Insults that mark a troll whatever VADER says.
_INSULT = _phrases(
    r"idiot", r"idiots", r"idiotic", r"moron", r"morons", r"stupid", r"clown", r"clowns",
    r"garbage", r"trash", r"trashy", r"pathetic", r"loser", r"losers", r"scam", r"scammer",
    r"scammers", r"scamming", r"fraud", r"frauds", r"con artists?", r"you suck", r"u suck",
    r"you guys suck", r"sucks", r"shut up", r"stfu", r"nobody cares", r"no one cares",
    r"nobody asked", r"no one asked", r"get a (?:real )?(?:job|life|hobby|clue|grip)",
    r"hope you close", r"(?:should|ought to) be (?:embarrassed|ashamed)",
    r"hope you go bust", r"go bust", r"out of business", r"worthless", r"dumbass",
    r"jog on", r"clueless", r"joke of a", r"what a joke", r"embarrassing",
    r"stop (?:acting|pretending|trying to be|being so)", r"rip ?off merchants?",
    r"daylight robbery", r"robbers", r"thieves", r"crooks", r"cowboys", r"chancers",
    r"robbing (?:people|us|everyone|customers)",
    # wishing the shop gone
    r"my (?:\d+ year old|kid|kids|child|toddler|dog|cat|nan|gran|granny|grandma|little \w+) "
    r"could (?:\w+ ){0,2}?(?:better|this|that)",
    r"(?:like|as if) (?:a|my|your|some) (?:toddler|child|kid|\d+ year old|five year old|monkey|"
    r"blind \w+) (?:\w+ed|made|did|drew|decorated|designed|wrote|built|sewed)",
    r"your (?:business|shop|company|store|brand) (?:will|is going to|wont|won t) (?:\w+ )?(?:die|"
    r"fail|close|last|go under|go bust|survive)",
    r"bankrupt", r"go under", r"going under", r"enjoy (?:going|closing|being) \w+",
    r"hope (?:you|u|your \w+) (?:\w+ )?(?:close|closes|fail|fails|go under|shut|shuts|lose|rot)",
)
# Milder words: a troll only when the whole post is hostile ("dumb question, but…" is not).
_INSULT_MILD = _phrases(
    r"dumb", r"ugly", r"rubbish", r"overpriced", r"rip ?off", r"useless", r"joke", r"cringe",
    r"lol", r"lmao", r"lmfao", r"🤡", r"🤣", r"😂", r"menace", r"woke", r"tat", r"yawn", r"🙄",
    r"🥱",
)
# Mockery: laughter or a sneer, which turns scare quotes or a rhetorical question into a jibe.
_MOCKERY = _phrases(
    r"lol", r"lmao", r"lmfao", r"rofl", r"haha\w*", r"🤡", r"🤣", r"😂", r"🙄", r"🥱", r"yawn",
    r"bet", r"pretending", r"so called", r"apparently", r"sure jan", r"tat", r"imagine",
)
# A rhetorical sneer: "who even buys this", "imagine spending £50 on…".
_SCORN = _phrases(
    r"who (?:even|actually|really|tf|the hell|on earth|in their right mind) \w+",
    r"who (?:pays|buys|wears|reads|needs|spends|orders|eats)(?= .*(?:lol|lmao|🤣|😂|🤡|haha))",
    r"imagine (?:paying|buying|spending|being|thinking|wearing|needing)",
)
# A person-noun said of the shop: "your cashier is a numpty", "you're such a clown".
_PERSON = (
    r"(?:you|youre|you re|u|ur|u r|you guys|you lot|you two|your \w+|ur \w+|the owner|the staff|"
    r"this shop|this place|this company)(?: all| both)?"
)
_PREDICATE_INSULT = re.compile(
    r"(?:^|\b(?:and|but|so|honestly|tbh|seriously) )" + _PERSON
    + r" (?:is|are|r|re|s|was|were)? ?(?:such |just |literally |honestly |clearly )?(?:a |an )"
    r"(?:bunch of |load of |pack of )?(?:total |complete |absolute |utter |"
    r"proper |massive |right |such a )?((?:\w+ )?\w+)$"
)
_BUNCH = re.compile(r"^(?:what a |such a |absolute |total )?(?:bunch|load|pack|shower) of "
                    r"((?:\w+ ){0,2}\w+)$")
_PERSON_HINT = re.compile(r"\b(?:you|youre|u|ur|your|owner|staff|shop|place|company|bunch|load|"
                          r"pack|shower)\b")
_CLOWN = "🤡"
# "total amateurs the lot of you": a label stuck on everyone at the shop.
_TEAM_INSULT = re.compile(
    r"(?:absolute|total|utter|complete|proper|bunch of|load of) (\w+)(?: \w+)? (?:the lot of "
    r"you|all of you|you lot|you people)"
)
# Person-nouns that praise without VADER knowing: "you're a star" is not an insult frame.
_PRAISE_NOUNS = frozenset(
    "star stars hero heroes angel angels saint genius treasure gem legend legends lifesaver "
    "godsend delight sweetheart diamond pro natural credit champ babe queen king".split()
)
# Replies that say "no" to a bad word without praising anything: "no problem, I'll wait".
_REPLY_IDIOM = _phrases(
    r"no problem", r"no problems", r"no worries", r"no bother", r"no stress", r"no issue",
    r"no issues", r"not a problem",
)

# Praise and thanks. VADER scores most of these, but not slang ("unreal", "legends", "10/10").
_PRAISE_EMOJI = "🔥😋🤌😍🥰❤💛💖💗💜💙💚🧡🤍🩷💕💞💓♥🙌👏🥹😊🤩🤤👌😻🫶⭐🌟💯"
_PRAISE = _phrases(
    r"love", r"loved", r"loving", r"loves", r"in love", r"awesome", r"fab",
    r"fabulous", r"heaven", r"heavenly", r"paradise", r"obsessed", r"beautiful", r"beautifully",
    r"gorgeous", r"stunning", r"lovely", r"perfect", r"perfectly", r"perfection", r"amazing",
    r"incredible", r"brilliant", r"fantastic", r"wonderful", r"excellent", r"outstanding",
    r"superb", r"best", r"favourite", r"favorite", r"fave", r"recommend", r"recommended",
    r"legend", r"legends", r"unreal", r"10 10", r"5 stars", r"five stars", r"chefs kiss", r"gem",
    r"hero", r"heroes", r"genius", r"treasure", r"lifesaver", r"life saver",
    r"thank you", r"thankyou", r"thanks", r"thx", r"ty", r"cheers", r"grateful", r"delighted",
    r"impressed", r"made my day", r"so kind", r"kindness", r"top service", r"great service",
    r"shout out", r"shoutout", r"respect", r"kudos", r"nicest", r"prettier",
    # "pretty" the compliment, not "pretty sure", "pretty quickly", "pretty annoyed"
    r"pretty(?! (?:sure|much|well|clear|obvious|certain|quick|fast|slow|late|early|big|small|good|"
    r"bad|poor|rude|\w+ly|\w+ed)\b)",
    r"prettiest", r"cute", r"cutest", r"adorable", r"worth every \w+", r"worth it",
    r"compliments", r"complimented", r"happy customer",
    r"well made", r"well packed", r"quality", r"merci", r"magnifique", r"gracias", r"precios[oa]",
    r"danke", r"wundersch[oö]n", r"bellissim[oa]", r"grazie", r"obrigad[oa]", r"lindo", r"linda",
    # the piece never leaves them, or still looks new
    r"(?:hasnt|havent|has not|never|not) (?:\w+ )?(?:taken|take|took|put|putting) (?:\w+ ){0,3}"
    r"(?:off|down)",
    r"(?:cant|cannot|couldnt) stop (?:wearing|using|playing|reading|eating|listening|looking)",
    r"never (?:miss|misses|disappoint|disappoints|disappointed|fail|fails|let me down|"
    r"lets me down)",
    r"(?:wear|worn|wearing|wore|use|used|ride|riding) (?:\w+ ){0,3}(?:every|each) (?:single )?day",
    r"still (?:looks?|looking|going strong|works|working|riding|wearing|shiny|gorgeous|perfect|"
    r"the \w+est|like new|as good)",
    # other people noticed: "two strangers asked where I got it"
    r"(?:people|person|strangers?|someone|everyone|everybody|colleagues|friends|family|"
    r"\d+ people|two people|three people|four people|so many people) (?:\w+ ){0,4}?(?:asked|"
    r"complimented|commented|stopped me|noticed|wanted to know|asking|stopping me)",
    r"got asked about", r"(?:got|get|getting) stopped",
    # word of mouth and loyalty: "told my friends to try you", "never going back"
    r"told (?:them|everyone|all my friends|my friends|her|him) (?:all )?(?:about you|to (?:come|"
    r"go|try|order|shop|buy))",
    r"(?:not|never) (?:switching|changing|going (?:anywhere|back)|buying \w+ anywhere)",
    r"(?:wont|will never|would never) (?:go|shop|buy) (?:\w+ )?anywhere else",
    # it does what it should, for once: "it finally works!"
    r"(?:it|they|this|these) (?:actually|finally) (?:fits|fit|works|work|worked)",
    r"(?:can|could) actually (?:wear|use|eat|ride|read|sleep)",
    # kind words about the service
    r"(?:so|very|really|super|incredibly|always|ever so|extremely|such|soo+) (?:patient|helpful|"
    r"friendly|knowledgeable|kind|generous|professional|efficient|quick|speedy|fast|attentive|"
    r"thoughtful|welcoming|accommodating|responsive|tasty|delicious|yummy|comfy|comfortable|soft|"
    r"sweet|cute|good)",
    r"should be illegal", r"saved the day", r"you saved",
    r"(?:something|straight) out of a (?:magazine|film|movie|dream|fairytale|fairy tale|catalogue)",
    r"what a difference", r"made (?:all |such )?(?:a |the )?(?:huge |big |real )?difference",
    r"still going(?! to)", r"proper (?:job|kit|quality|service|craftsmanship|lovely|gorgeous)",
    r"not (?:too |that |so |half )?bad(?: at all)?",
    r"top (?:job|notch|class|quality|service|work|stuff|bloke|lads|people|man|woman|team)",
    r"never (?:been|felt|looked|tasted|had it) (?:this|so) (?:good|calm|soft|happy|smooth|clean|"
    r"comfy|comfortable|healthy|great|nice)",
    r"(?:is|was|are|were) (?:pure |absolute |just )?(?:magic|magical|heaven|heavenly|bliss|ace|"
    r"class|gold|a dream|a delight|a joy|a treat|art|perfection)",
    # idioms VADER does not know
    r"spot on", r"on point", r"nailed it", r"smashed it", r"game changer", r"hits the spot",
    r"couldnt put it down", r"cant put it down", r"like a dream", r"exactly what i (?:wanted|"
    r"needed|ordered)", r"customer for life", r"what more could (?:you|i|anyone) (?:want|ask)",
    r"who knew", r"a\+", r"chefs kiss",
    *[re.escape(ch) for ch in _PRAISE_EMOJI],
)
# "great, thanks, I'll look out for the email": an OK and a next step, not a compliment.
_ACKNOWLEDGED = _phrases(
    r"(?:ill|i will|we will|well|will) (?:\w+ )?(?:wait|look out|keep an eye|email|dm|send|pop|"
    r"be in touch|check|try|call|ring|message|get back|let you know)",
)
_ACK_WORDS = frozenset(
    "perfect great thanks thank you thankyou cheers lovely brilliant ty thx fab".split()
)
# Thanks that close a conversation rather than praise anything; "thanks to" means "because of".
_THANKS_ONLY = _phrases(
    r"thanks anyway", r"thank you anyway", r"thanks in advance", r"thank you in advance",
    r"thanks for nothing", r"no thanks", r"thanks but", r"thanks to",
    r"(?:thanks|thank you) for (?:the|your) (?:info|information|reply|response|answer|update|"
    r"message)",
    # an acknowledgement that closes a chat: "ok thanks", "that's all, cheers"
    r"^(?:ok|okay|k|kk|right|alright|fine|got it|noted|will do|thats all|thats everything|"
    r"thats it)(?: then)? (?:thanks|thank you|ty|cheers|thx)$",
)
# Thanks in other languages: courtesy we cannot tell from praise without the rest of the words.
_FOREIGN_THANKS = frozenset("merci danke dank gracias grazie obrigado obrigada bedankt".split())
_THANKS = _phrases(r"thank you", r"thankyou", r"thanks", r"thx", r"ty", r"cheers")

# Sarcasm: praise that means the opposite. Only read as a complaint when there is something to be
# sarcastic about (an order, a wait, a problem word).
_SARCASM = _phrases(
    r"🙃", r"🙄", r"🤦", r"yeah right", r"thanks a lot", r"thanks for nothing",
    r"cheers for nothing", r"love that for me", r"cool cool", r"just what i needed",
    r"^(?:oh )?(?:great|brilliant|fantastic|perfect|lovely|wonderful|marvellous|super|amazing) "
    r"(?:another|again)",
    r"just (?:great|brilliant|fantastic|perfect|lovely|wonderful|marvellous|amazing|superb)$",
    r"oh (?:great|brilliant|fantastic|perfect|lovely|wonderful|marvellous|joy)",
)
# Thanks that mean the opposite: "thanks so much for not helping", "thanks for cancelling my order".
_SARCASTIC_THANKS = _phrases(
    r"(?:thanks|thank you|thx|cheers)(?: so much| a lot| very much)? for (?:not|nothing|never|"
    r"ruining|cancell?ing|wasting|losing|making me wait|the wait|ignoring|charging|overcharging|"
    r"taking my money|screwing|messing)",
    r"(?:thanks|thank you|cheers),? (?:i guess|for nothing|not)",
)
# Problems customers put as a question ("is it new policy to only half fill the cup?",
# "tracking number says invalid?", "account was hacked… can you help?").
_PROBLEM_ASKED = _phrases(
    r"only half", r"half (?:full|empty|filled|fill)", r"forgot (?:to|the|my|our)", r"hacked",
    r"invalid", r"out of stock", r"(?:taken|took|taking|charged|charging) (?:my |me |our )?money",
    r"not (?:receiving|received|working|loading|charging)", r"wont (?:let|load|work|open)",
    r"keeps? (?:crashing|freezing|dropping|failing|logging)", r"crash(?:es|ing)?", r"frozen",
    r"draining", r"drains", r"kills? (?:my|the) battery", r"(?:is|was|are) (?:down|broken)",
    r"scam(?:med)?", r"ripped off", r"rip off", r"disconnected", r"no (?:signal|service|wifi|"
    r"internet|power|response|reply)", r"error", r"declined", r"refused", r"locked out",
    # what real customers write when something does not work
    r"not (?:allowing|letting)", r"(?:wont|doesnt|didnt|dont) (?:allow|let) (?:me|us)",
    r"no luck", r"unhelpful", r"glitchy", r"glitch(?:es)?", r"outage", r"(?:very |so |too )slow",
    r"slow(?:down|ed down)", r"lagg?ing", r"(?:missed|miss) (?:the|my|our) (?:connection|flight|"
    r"train)", r"fault", r"cumbersome", r"not keen", r"cancell?ed (?:my|our|the)",
    r"(?:lost|losing) (?:my|our) (?:\w+ )?(?:data|money|points|miles|booking|order|account)",
)
# A demand to put something right, or to be answered at last: something went wrong.
_DEMAND = _phrases(
    r"fix (?:it|this|that|the|my|your)", r"(?:needs?|has) to be (?:fixed|sorted|resolved)",
    r"get back to (?:me|us)", r"help me", r"help already", r"figure it out",
    r"(?:please |pls )?(?:respond|answer|reply)(?: to (?:me|my \w+))?(?: already| asap| now)",
    r"immediately", r"asap", r"urgent(?:ly)?", r"sort (?:it|this) out", r"sort it",
    r"do (?:something|better)", r"not good enough", r"unacceptable", r"ridiculous",
    r"take (?:it|this) seriously", r"any(?:one|body) (?:there|home|listening)", r"hello\?*$",
)
# Problems in the other languages customers write in most (Japanese, Spanish, French, German,
# Portuguese): Kindly's English reading cannot see them.
_FOREIGN_PROBLEM = re.compile(
    r"エラー|できな|できません|見れな|使えな|届かな|届いてな|壊れ|不具合|繋がらな|つながらな|"
    r"改善されま|\b(?:no funciona|problema|ne (?:marche|fonctionne) pas|funktioniert nicht|"
    r"kaputt|não funciona|nao funciona|reclama\w*|queja)\b",
    re.IGNORECASE,
)
# "Why" about something that went wrong: a negation or the customer's own thing in it.
_WHY_WRONG = re.compile(
    r"\b(?:why|how come)\b(?: \w+){0,6}? (?:not|no|never|cant|cannot|couldnt|dont|doesnt|didnt|"
    r"wont|isnt|arent|wasnt|werent|hasnt|havent|charge|charged|charging|break|breaks|broke|"
    r"keeps?|still|so (?:slow|hard|expensive|long))\b"
)
# Anger that is plainly the customer's own, not a jibe: 😡🤬😤 or "!!!".
_ANGRY = frozenset("😡🤬😤😠")

_ORDER_CONTEXT = _phrases(
    r"order", r"ordered", r"orders", r"parcel", r"package", r"delivery", r"delivered", r"arrive",
    r"arrives", r"arrived", r"courier", r"postman", r"tracking", r"refund", r"waiting", r"wait",
    r"week", r"weeks", r"days", r"month", r"months", r"again", r"another", r"still", r"checkout",
    r"payment", r"email", r"reply", r"sent", r"send", r"received", r"got",
)

# What a customer's unhappiness is about when it is about the shop, not the weather or their back.
_SERVICE_CONTEXT = _phrases(
    r"orders?", r"ordered", r"parcel", r"package", r"delivery", r"delivered", r"arrived?",
    r"courier", r"tracking", r"refund", r"waiting", r"waited", r"checkout", r"payment", r"paid",
    r"email", r"reply", r"service", r"staff", r"website", r"site", r"app", r"account", r"price",
    r"prices", r"quality", r"item", r"product", r"bought", r"purchase", r"received", r"sent",
    r"shop", r"store", r"you", r"your", r"u", r"ur",
)
# Questions that only exclaim: "what more could you want", "who knew".
_RHETORICAL = _phrases(
    r"what more could (?:you|i|anyone|one|we) (?:want|ask for|need)", r"who knew",
    r"how do (?:you|they) do it",
    r"where have you been all my life", r"need i say more", r"how (?:is|are) (?:it|this|these|"
    r"they|you) so (?:good|cheap|pretty|cute|lovely|beautiful|nice|fast|quick)",
    r"why didnt i (?:find|discover|try|know about) (?:you|this|these|it) sooner",
)
# Questions to the crowd, not the shop: "who's coming along?", "anyone else going?"
_CROWD = _phrases(
    r"who(?: else)?(?: is| s| are|s)? (?:watching|coming|going|in|joining|up for|excited)",
    r"anyone else (?:going|coming|watching|joining|excited|been)",
)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|except)\b", re.IGNORECASE)
_NORMALLY = re.compile(r"\b(?:normally|usually|always|typically|generally)\b", re.IGNORECASE)
# "I'm useless with sizes" says something about the writer, not the shop.
_SELF_ASSESSMENT = re.compile(
    r"\bI(?:['’]?m| am| was)\s+(?:\w+\s+)?(?:not\s+)?(?:great|good|bad|terrible|awful|useless|"
    r"hopeless|rubbish|clueless)\s+(?:with|at)\b[^.!?\n]*",
    re.IGNORECASE,
)
# Laughter and slang that VADER scores but that say nothing for or against the shop; the scare
# quotes are handled separately.
_UNSCORED = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|obsessed|obsessing|screaming|crying|cried|tears|"
    r"dying|addicted|ridiculously|insanely|stupidly|sick|my bad|"
    r"pretty sure|pretty much|pretty well|"
    # topics and manners, not opinions: "party", "gift", "funeral", "please"
    r"party|parties|gift|holidays?|funeral|please|pls|plz)\b|[😂🤣😭😅]",
    re.IGNORECASE,
)
_UNSCORED_LOWER = re.compile(_UNSCORED.pattern)  # a cheaper first look, on the lowered text
# "gluten free", "nickel-free": what a thing lacks, not a treat ("for free" stays a treat)
_LACKS = re.compile(
    r"(?<=\w)-free\b|(?<!\bfor)(?<!\bis)(?<!\bare)(?<!\bwas)(?<!\bit)(?<!\bbe)(?<!\bget)"
    r"(?<!\bgot)(?<!\band)(?<!\bor)(?<!\btotally)(?<!\bcompletely)(?<![\d%£$€]) free\b",
    re.IGNORECASE,
)
# "like" as in "smells like a bin": VADER reads every "like" as liking. Kept after a subject
# or an adverb ("I like it", "would like", "really like").
_LIKE = re.compile(r"\b(\w+\s+)?like\b", re.IGNORECASE)
_LIKERS = frozenset("i we you they she he really would d also do dont didnt".split())

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
    r"let me know (?:when|whether|how|what)", r"(?:please|pls|plz) tell me",
    r"tell me (?:if|when|whether|how|what|where)",
    r"any ideas", r"any recommendations", r"any suggestions", r"any tips", r"anyone know",
    r"quick q", r"quick question", r"is it possible", r"would it be possible", r"i was wondering",
)
_NAMED = re.compile(
    r"^\W*(?i:(?:hi|hey|hello|hiya)\W+)?(?i:is|are|was|were|does|do|did|has|have|can|will|would|"
    r"could|should)\s+[A-Z][a-z]"
)
_GREETING = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|heya|yo|morning|good morning|afternoon|evening|sorry|excuse me|"
    r"quick q|quick question|question|please|pls|ok|okay|so|um|umm|erm)\b\W*)+"
)

# --- other languages --------------------------------------------------------------------------
# Common function words. A post with more of another language's than of English's is not scored
# by VADER's English lexicon, where German "die" is a death and "Gift" a present.
_ENGLISH_WORDS = frozenset(
    "the a an and i you your to of in it for my on with this that are was have be not do can at "
    "me we so but just what how is if or our they will would please thanks thank".split()
)
_FOREIGN_WORDS = frozenset(
    # German
    "der die das und ich nicht ist mit für fur ein eine einen sie wir ihr den dem des auf zu "
    "sich auch es bitte danke vielen dank mein meine wie noch schon kann nächste woche haben "
    # French
    "le la les et je vous est une des pour avec pas ce que qui sur dans mon ma mes merci "
    "bonjour au aux du nous très tres livrez "
    # Spanish, Portuguese, Italian
    "el los las y que por para con una hola gracias mi su tienen hacen muy pero está esta "
    "il gli di che per sono grazie ciao não nao obrigado obrigada você voce vou pelo pela muito "
    "também tambem estou eu espero vais "
    # Dutch
    "het een en ik niet met voor van bedankt".split()
)

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
    if frame and not _PRAISE_NOUNS.intersection(frame.group(1).split()) and _valence(
        frame.group(1)
    ) < 1.5 and not _PRAISE.search(frame.group(1)):
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
        shown = reading.prose[:_QUOTE_CHARS // 6]
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
    if praise and all(
        word in _ACK_WORDS or word.split()[0] in _ACK_WORDS for word in praise
    ) and _ACKNOWLEDGED.search(reading.plain):
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
        return Triage(Kind.COMPLAINT, "sarcasm: " + _listed(_found(_SARCASTIC_THANKS,
                                                                   reading.plain)))
    asked_problem = _found(_PROBLEM_ASKED, reading.plain) + _found(_DEMAND, reading.plain)
    if _FOREIGN_PROBLEM.search(reading.raw):
        asked_problem.append(_FOREIGN_PROBLEM.search(reading.raw).group(0))
    angry = not _ANGRY.isdisjoint(reading.raw)

    insults = _insult(reading, compound, asked)
    if insults:
        if asked_problem or angry or _SERVICE_CONTEXT.search(reading.plain) and (
            "🙄" in reading.raw or asked is not None
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
        return Triage(Kind.COMPLAINT, "sounds unhappy: " + _listed(
            _vader_words(reading.scored, True) or sorted(_ANGRY.intersection(reading.raw))))
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
