"""Triage's vocabulary: the words and phrases each kind of mention is recognised by.

Kept apart from the reading and the decision so that a change of wording is a change here, and
compiled on the first ``classify`` with the rules (never at start-up).
"""

from __future__ import annotations

import re

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
_NEG = (
    r"(?:doesnt|does not|dont|do not|wont|will not|didnt|did not|cant|cannot|can not|isnt|"
    r"is not|arent|couldnt|could not|hasnt|has not|wouldnt|would not)"
)

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
    r"where(?: s| is| are) (?:my|our) \w+",
    r"where is my",
    r"wheres my",
    r"(?:came|arrived|turned up|delivered|sent) (?:without|empty|opened|open|ripped open|"
    r"damaged|broken|late|in pieces)",
    r"without (?:my|the|our) (?:order|parcel|package|delivery)",
    r"says delivered",
    r"marked (?:as )?delivered",
    r"lost in the post",
    r"lost (?:my|the|our)",
    r"got lost",
    r"been lost",
    r"is it lost",
    r"late delivery",
    r"arrived late",
    r"(?:is|was|so|too|very) late",
    r"delayed",
    r"delay",
    r"delays",
    r"any (?:news|update|updates) on (?:my|our|the status)",
    r"chasing",
    r"following up",
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
    r"nothing back",
    r"heard nothing",
    r"nothing yet",
    r"not a word",
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
    r"charged (?:me )?(?:\w+ ){0,4}?(?:twice|double|two times|again|extra)",
    r"double charged",
    r"overcharged",
    r"charged (?:me )?[£$€]?\d+",
    r"took my money",
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
    r"not working",
    r"stopped working",
    r"says invalid",
    r"is invalid",
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
    r"smaller than",
    r"bigger than",
    r"worse than",
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
    r"turned (?:my )?(?:\w+ )?green",
    r"turns (?:my )?(?:\w+ )?green",
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
    r"misspelt",
    r"misspelled",
    r"spelt wrong",
    r"spelled wrong",
    r"food poisoning",
    r"allergic reaction",
    r"raw in the middle",
    r"cancell?ed my (?:\w+ )?(?:order|preorder|booking|appointment|class|slot|reservation|"
    r"subscription|table)",
    r"cancell?ed (?:on me|last minute|at the last minute|an hour before)",
    r"without (?:telling|asking|warning)",
    # service
    r"no (?:reply|replies|response|answer|one replied|one answered|confirmation)",
    r"(?:havent|have not|didnt|never) (?:heard back|had a reply|got a reply|replied|responded|"
    r"got back)",
    r"(?:ignored|ignoring) (?:me|my)",
    r"(?:emailed|messaged|called|asked|rang) (?:you )?"
    r"(?:twice|three times|four times|\d+ times)",
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:time (?:(?:ive|i have|weve|im|i am) )?"
    r"(?:asking|asked|emailing|emailed|messaging|messaged|trying|tried|calling|called|rung|"
    r"ringing|chasing|chased|contacting|contacted)|email|emails|message|call|dm|attempt|chaser)",
    # billed for what never came: "a charge for a box I didn't get", "items we never ordered"
    r"(?:i|we) (?:didnt|never|did not|havent|have not) (?:get|got|receive|received|order|ordered|"
    r"ask for|asked for|agree to|agreed to|book|booked)(?! round| around| to| a chance)",
    r"(?:kept|keeping|taken|took|keep) my (?:deposit|money|payment)",
    r"(?:been )?on hold (?:\w+ ){0,2}?for",
    r"(?:on hold|waiting|queuing|queueing|sat|sitting|stuck) (?:\w+ ){0,3}?for "
    + _NUM
    + r" (?:\w+ )?"
    + _SPAN,
    r"cant get through",
    r"trying to get through",
    r"404",
    r"unacceptable",
    r"not ok",
    r"not okay",
    r"not acceptable",
    r"not good enough",
    r"not happy",
    r"not impressed",
    # the same worries in the shop's other likely languages
    r"todavia no",
    r"no (?:ha )?llegado",
    r"no llega",
    r"roto",
    r"rota",
    r"pas (?:encore )?re[cç]u",
    r"cass[ée]e?",
    r"noch nicht (?:angekommen|da)",
    r"kaputt",
    r"ainda n[aã]o chegou",
    r"non (?:[èe] )?arrivato",
)

# Bad states of the goods or of the customer's mood. "No problems", "never once let down" and
# "hasn't tarnished at all" negate them, and a negated bad state is a compliment.
_DEFECT = _phrases(
    r"broken",
    r"(?<!im )(?<!i am )(?<!were )(?<!we are )broke",
    r"snapped",
    r"bent",
    r"scratched",
    r"scratch",
    r"scratches",
    r"cracked",
    r"crack",
    r"cracks",
    r"chipped",
    r"crushed",
    r"ripped",
    r"torn",
    r"dented",
    r"dent",
    r"damaged",
    r"damage",
    r"faulty",
    r"defective",
    r"tarnished",
    r"tarnishing",
    r"tarnish",
    r"rusted",
    r"rusty",
    r"faded",
    r"fading",
    r"peeling",
    r"flaking",
    r"loose",
    r"crooked",
    r"wonky",
    r"lopsided",
    r"knotted",
    r"tangled",
    r"damp",
    r"mess",
    r"flimsy",
    r"tacky",
    r"plasticky",
    r"shoddy",
    r"(?:poorly|badly|cheaply) made",
    r"(?:feels|looks|felt|looked|seems) (?:really |so |very |a bit |quite )?cheap",
    r"stained",
    r"stains",
    r"dirty",
    r"filthy",
    r"soaked",
    r"soggy",
    r"squashed",
    r"squished",
    r"smashed",
    r"shattered",
    r"leak",
    r"leaks",
    r"leaking",
    r"leaked",
    r"leaky",
    r"blurry",
    r"blurred",
    r"pixelated",
    r"pixelly",
    r"grainy",
    r"smudged",
    r"misaligned",
    r"off centre",
    r"off center",
    r"warped",
    r"wobbly",
    r"wobbles",
    r"wobbling",
    r"chipping",
    r"cracking",
    r"splitting",
    r"(?:was|is|were|are|came|arrived|has|had) split",
    r"split (?:down|open|along|at|on|after|within|when|in half|in two)",
    # textiles, food and plants
    r"shrank",
    r"shrunk",
    r"pilled",
    r"pilling",
    r"bobbled",
    r"bobbling",
    r"frayed",
    r"fraying",
    r"unravelled",
    r"unraveling",
    r"unravelling",
    r"mouldy",
    r"moldy",
    r"mould",
    r"mold",
    r"stale",
    r"undercooked",
    r"burnt",
    r"rotten",
    r"rotting",
    r"expired",
    r"out of date",
    r"past (?:its|their|the) (?:best|use|sell)",
    r"wilted",
    r"wilting",
    r"withered",
    r"drooping",
    r"droopy",
    r"shrivelled",
    r"shriveled",
    r"bugs",
    r"pests",
    r"insects",
    r"maggots",
    r"gnats",
    r"fungus",
    # the body
    r"itchy",
    r"rash",
    r"swollen",
    r"irritated",
    r"irritation",
    r"infected",
    r"blisters?",
    r"reaction",
    # problems by name
    r"problem",
    r"problems",
    r"(?:an|any|some|same|this|that|major|big|real|few|slight|small) issues?",
    r"issues? (?:with|since|at)",
    r"having issues?",
    r"missing",
    r"typo",
    r"typos",
    r"(?<!my )error",
    r"errors",
    r"complaints?",
    r"complain",
    r"disappointed",
    r"disappointing",
    r"disappointment",
    r"annoyed",
    r"annoying",
    r"frustrated",
    r"frustrating",
    r"fed up",
    r"upset",
    r"gutted",
    r"unhappy",
    r"rude",
    r"ruined",
    r"wrecked",
    # judgements, unless the writer is talking about themself ("I'm terrible at choosing")
    r"(?<!im )(?<!i am )(?<!my )(?:bad|awful|terrible|horrible|dreadful|poor) (?!at |with )\w+",
    r"(?<!im )(?<!i am )(?<!my )(?:bad|awful|terrible|horrible|dreadful)$",
    r"reembolso",
    r"rembourse\w*",
    r"erstattung",
    r"rimborso",
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
    r"refund",
    r"refunded",
    r"reimburse",
    r"chargeback",
    r"money back",
    r"want my money",
    r"replacement",
    r"exchange it",
    r"send it back",
    r"return it",
    r"send them back",
    # and what was not as paid for: in a statement a problem, in a question an option
    r"instead of",
    r"paid (?:extra )?for",
)

# Words that need company to mean a problem: with them alone "are you open late?" would be
# a complaint. They count when nothing positive is said and it is not a plain question.
_PROBLEM_WEAK = _phrases(
    r"late",
    r"waiting",
    r"waited",
    _NUM + " " + _SPAN + " ago",
    r"ill",
    r"sick",
    r"wrong",
    # something got worse or keeps happening: "but now it rattles", "every time I open it"
    r"but now",
    r"now it",
    r"every time (?:i|we|it|you)",
    r"ever since",
    r"but this time",
    r"thought (?:it|they|this|these) (?:was|were|would)",
    # what it claims against what it is: "listed as solid oak but it's veneer"
    r"(?:says|said|claims|claimed|listed as|advertised as|labelled|labeled) (?:\w+ ){1,6}?but",
    # a time that was promised: "quoted three days", "told me a week"
    r"you said (?:it|itd|it would|it will|they|theyd|they would|youd|you would) (?:be|take|"
    r"arrive|come|ship|get)",
    r"(?:quoted|promised|told me|told us|estimated) (?:me |us )?(?:\w+ ){0,2}?"
    + _NUM
    + r" (?:working )?"
    + _SPAN,
    r"put me off",
    r"not impressed",
    r"(?:thats|its|theyre|they are|was|were) (?:\d+|two|three|four|five|six|several) "
    r"(?:weeks|months|years) old",
    r"since (?:i|we) (?:emailed|messaged|called|rang|wrote|ordered|sent|contacted|returned)",
    r"someone elses",
    r"somebody elses",
    r"blocked",
    r"blocking",
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
    r"(?:arrived|came|was|were) already",
    r"constantly",
    r"all the time",
    r"(?:wouldnt|couldnt|didnt|doesnt|wont|cant|isnt|wasnt|arent|werent) even",
    r"(?:slid|slipped|sliding|slipping|slips) (?:off|out|down)",
    r"has slipped",
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
    r"tracking",
    r"order",
    r"parcel",
    r"package",
    r"delivery",
    r"shipment",
    r"status",
    r"courier",
    r"refund",
    r"dispatch",
    r"dispatched",
    r"repair",
    r"ticket",
    r"account",
    r"app",
    r"website",
    r"site",
    r"page",
    r"queue",
    r"booking",
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
    r"crypto",
    r"cryptocurrency",
    r"bitcoin",
    r"btc",
    r"ethereum",
    r"nft",
    r"nfts",
    r"airdrop",
    r"forex",
    r"(?:trading|crypto|forex|vip) signals",
    r"passive income",
    r"investment plan",
    r"connect (?:your )?wallet",
    r"follow for follow",
    r"follow 4 follow",
    r"f4f",
    r"follow back",
    r"followback",
    r"buy followers",
    r"cheap followers",
    r"real followers",
    r"gain followers",
    r"\d+k?\+? (?:real |active |organic |targeted |genuine )?(?:followers|likes|views|"
    r"subscribers)",
    r"(?:buy|get|gain|grow|boost) (?:\w+ ){0,2}(?:followers|likes|views|subscribers)",
    r"dm (?:us |me )?(?:for|4) (?:a |the )?(?:promo|promotion|collab|collaboration|shoutout|"
    r"feature|details|price|prices|pricing|catalogue|catalog|info)",
    r"promo dm",
    r"we promote",
    r"promote your",
    r"promote it",
    r"promotion service",
    r"grow your (?:store|shop|business|account|page|brand|sales|followers)",
    r"boost your (?:\w+ ){0,2}?(?:sales|store|shop|account|page|followers|reviews|ratings|"
    r"rankings|traffic|seo)",
    r"more sales",
    r"\d+ (?:five star|5 star|positive) (?:reviews|ratings)",
    r"check (?:our|my) (?:profile|bio|page)",
    r"link in (?:my |our )?bio",
    r"visit (?:our|my) (?:page|profile|website|site|bio)",
    r"check out (?:my|our) (?:shop|store|page|profile|channel|account|website|site)",
    r"work from home",
    r"working from home",
    r"earn [£$€]?\d+",
    r"make money",
    r"click (?:here|the link|link)",
    r"claim (?:here|now|yours|your|it)",
    r"you (?:have|ve) been selected",
    r"you (?:have|ve) won",
    r"selected as (?:a |the )?winner",
    r"(?:rt|retweet|like|share|follow|tag)(?: and| n)? (?:rt|retweet|like|share|follow|tag) "
    r"(?:\w+ ){0,3}(?:to win|and win|for a chance)",
    # romance and "friendship" openers
    r"hello dear",
    r"hi dear",
    r"can we be friends",
    r"are (?:you|u) single",
    r"you look (?:lonely|beautiful|pretty|gorgeous|sexy|cute)",
    r"lonely",
    r"(?:talk|chat|speak) (?:in )?(?:private|privately)",
    r"widowed",
    r"(?:want|wanna|like) to chat",
    r"get verified",
    r"blue tick",
    r"verification badge",
    r"(?:contact|message|text|reach|add) (?:us|me) (?:on|via) (?:whatsapp|telegram|wechat|signal|"
    r"kik|snapchat)",
    r"caught my (?:eye|attention)",
    r"get to know (?:you|u)",
    r"onlyfans",
    r"sugar daddy",
    r"tag \d+ friends",
    r"retweet to win",
    r"rt to win",
    r"follow rt",
    # counterfeits and moving the chat off the platform
    r"replicas?",
    r"aaa quality",
    r"1 1 (?:quality|copy|copies)",
    r"(?:whatsapp|telegram|wechat|kik) (?:us|me)",
)

# Spam: only suspicious together with a link or another of these, and never in a post that names
# a real problem (a complaint with a photo carries a link too).
_SPAM_WEAK = _phrases(
    r"giveaway",
    r"free",
    r"win",
    r"winner",
    r"winners",
    r"prize",
    r"gift card",
    r"collab",
    r"dm us",
    r"dm me",
    r"dm now",
    r"dm open",
    r"limited time",
    r"act now",
    r"followers",
    r"guaranteed",
    r"promo",
    r"10x",
    r"profit",
    r"profits",
    r"cash",
    r"claim",
    r"to win",
    r"ask me how",
    r"teach you",
    r"learn how",
    r"dropship\w*",
    r"whatsapp",
    r"telegram",
    r"catalogue",
    r"packages",
    r"iphone",
    r"cheap price",
    r"audience",
    r"voucher",
    r"designer",
    r"wholesale",
    r"cheap",
    r"go viral",
    r"brand ambassador",
    r"ambassador",
    r"chosen",
    r"selected",
    r"featured",
    r"factory prices?",
    r"contact us",
    r"(?:hi|hey|hello|hiya) (?:there )?(?:beautiful|gorgeous|pretty|sexy|handsome|sweetheart|"
    r"sweetie|darling|babe|my dear|my friend)",
)
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?(?:k|usd|eur|gbp)\b|\d+\s?%")
_SPAM_EMOJI = frozenset("🚀💰💸💵🤑📈💎📢🏆📲")

# Insults that mark a troll whatever VADER says.
_INSULT = _phrases(
    r"idiot",
    r"idiots",
    r"idiotic",
    r"moron",
    r"morons",
    r"stupid",
    r"clown",
    r"clowns",
    r"garbage",
    r"trash",
    r"trashy",
    r"pathetic",
    r"loser",
    r"losers",
    r"scam",
    r"scammer",
    r"scammers",
    r"scamming",
    r"fraud",
    r"frauds",
    r"con artists?",
    r"you suck",
    r"u suck",
    r"you guys suck",
    r"sucks",
    r"shut up",
    r"stfu",
    r"nobody cares",
    r"no one cares",
    r"nobody asked",
    r"no one asked",
    r"get a (?:real )?(?:job|life|hobby|clue|grip)",
    r"hope you close",
    r"(?:should|ought to) be (?:embarrassed|ashamed)",
    r"hope you go bust",
    r"go bust",
    r"out of business",
    r"worthless",
    r"dumbass",
    r"jog on",
    r"clueless",
    r"joke of a",
    r"what a joke",
    r"embarrassing",
    r"stop (?:acting|pretending|trying to be|being so)",
    r"rip ?off merchants?",
    r"daylight robbery",
    r"robbers",
    r"thieves",
    r"crooks",
    r"cowboys",
    r"chancers",
    r"robbing (?:people|us|everyone|customers)",
    # wishing the shop gone
    r"my (?:\d+ year old|kid|kids|child|toddler|dog|cat|nan|gran|granny|grandma|little \w+) "
    r"could (?:\w+ ){0,2}?(?:better|this|that)",
    r"(?:like|as if) (?:a|my|your|some) (?:toddler|child|kid|\d+ year old|five year old|monkey|"
    r"blind \w+) (?:\w+ed|made|did|drew|decorated|designed|wrote|built|sewed)",
    r"your (?:business|shop|company|store|brand) (?:will|is going to|wont|won t) (?:\w+ )?(?:die|"
    r"fail|close|last|go under|go bust|survive)",
    r"bankrupt",
    r"go under",
    r"going under",
    r"enjoy (?:going|closing|being) \w+",
    r"hope (?:you|u|your \w+) (?:\w+ )?(?:close|closes|fail|fails|go under|shut|shuts|lose|rot)",
)
# Milder words: a troll only when the whole post is hostile ("dumb question, but…" is not).
_INSULT_MILD = _phrases(
    r"dumb",
    r"ugly",
    r"rubbish",
    r"overpriced",
    r"rip ?off",
    r"useless",
    r"joke",
    r"cringe",
    r"lol",
    r"lmao",
    r"lmfao",
    r"🤡",
    r"🤣",
    r"😂",
    r"menace",
    r"woke",
    r"tat",
    r"yawn",
    r"🙄",
    r"🥱",
)
# Mockery: laughter or a sneer, which turns scare quotes or a rhetorical question into a jibe.
_MOCKERY = _phrases(
    r"lol",
    r"lmao",
    r"lmfao",
    r"rofl",
    r"haha\w*",
    r"🤡",
    r"🤣",
    r"😂",
    r"🙄",
    r"🥱",
    r"yawn",
    r"bet",
    r"pretending",
    r"so called",
    r"apparently",
    r"sure jan",
    r"tat",
    r"imagine",
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
    r"(?:^|\b(?:and|but|so|honestly|tbh|seriously) )"
    + _PERSON
    + r" (?:is|are|r|re|s|was|were)? ?(?:such |just |literally |honestly |clearly )?(?:a |an )"
    r"(?:bunch of |load of |pack of )?(?:total |complete |absolute |utter |"
    r"proper |massive |right |such a )?((?:\w+ )?\w+)$"
)
_BUNCH = re.compile(
    r"^(?:what a |such a |absolute |total )?(?:bunch|load|pack|shower) of "
    r"((?:\w+ ){0,2}\w+)$"
)
_PERSON_HINT = re.compile(
    r"\b(?:you|youre|u|ur|your|owner|staff|shop|place|company|bunch|load|"
    r"pack|shower)\b"
)
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
    r"no problem",
    r"no problems",
    r"no worries",
    r"no bother",
    r"no stress",
    r"no issue",
    r"no issues",
    r"not a problem",
)

# Praise and thanks. VADER scores most of these, but not slang ("unreal", "legends", "10/10").
_PRAISE_EMOJI = "🔥😋🤌😍🥰❤💛💖💗💜💙💚🧡🤍🩷💕💞💓♥🙌👏🥹😊🤩🤤👌😻🫶⭐🌟💯"
_PRAISE = _phrases(
    r"love",
    r"loved",
    r"loving",
    r"loves",
    r"in love",
    r"awesome",
    r"fab",
    r"fabulous",
    r"heaven",
    r"heavenly",
    r"paradise",
    r"obsessed",
    r"beautiful",
    r"beautifully",
    r"gorgeous",
    r"stunning",
    r"lovely",
    r"perfect",
    r"perfectly",
    r"perfection",
    r"amazing",
    r"incredible",
    r"brilliant",
    r"fantastic",
    r"wonderful",
    r"excellent",
    r"outstanding",
    r"superb",
    r"best",
    r"favourite",
    r"favorite",
    r"fave",
    r"recommend",
    r"recommended",
    r"legend",
    r"legends",
    r"unreal",
    r"10 10",
    r"5 stars",
    r"five stars",
    r"chefs kiss",
    r"gem",
    r"hero",
    r"heroes",
    r"genius",
    r"treasure",
    r"lifesaver",
    r"life saver",
    r"thank you",
    r"thankyou",
    r"thanks",
    r"thx",
    r"ty",
    r"cheers",
    r"grateful",
    r"delighted",
    r"impressed",
    r"made my day",
    r"so kind",
    r"kindness",
    r"top service",
    r"great service",
    r"shout out",
    r"shoutout",
    r"respect",
    r"kudos",
    r"nicest",
    r"prettier",
    # "pretty" the compliment, not "pretty sure", "pretty quickly", "pretty annoyed"
    r"pretty(?! (?:sure|much|well|clear|obvious|certain|quick|fast|slow|late|early|big|small|good|"
    r"bad|poor|rude|\w+ly|\w+ed)\b)",
    r"prettiest",
    r"cute",
    r"cutest",
    r"adorable",
    r"worth every \w+",
    r"worth it",
    r"compliments",
    r"complimented",
    r"happy customer",
    r"well made",
    r"well packed",
    r"quality",
    r"merci",
    r"magnifique",
    r"gracias",
    r"precios[oa]",
    r"danke",
    r"wundersch[oö]n",
    r"bellissim[oa]",
    r"grazie",
    r"obrigad[oa]",
    r"lindo",
    r"linda",
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
    r"got asked about",
    r"(?:got|get|getting) stopped",
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
    r"should be illegal",
    r"saved the day",
    r"you saved",
    r"(?:something|straight) out of a (?:magazine|film|movie|dream|fairytale|fairy tale|catalogue)",
    r"what a difference",
    r"made (?:all |such )?(?:a |the )?(?:huge |big |real )?difference",
    r"still going(?! to)",
    r"proper (?:job|kit|quality|service|craftsmanship|lovely|gorgeous)",
    r"not (?:too |that |so |half )?bad(?: at all)?",
    r"top (?:job|notch|class|quality|service|work|stuff|bloke|lads|people|man|woman|team)",
    r"never (?:been|felt|looked|tasted|had it) (?:this|so) (?:good|calm|soft|happy|smooth|clean|"
    r"comfy|comfortable|healthy|great|nice)",
    r"(?:is|was|are|were) (?:pure |absolute |just )?(?:magic|magical|heaven|heavenly|bliss|ace|"
    r"class|gold|a dream|a delight|a joy|a treat|art|perfection)",
    # idioms VADER does not know
    r"spot on",
    r"on point",
    r"nailed it",
    r"smashed it",
    r"game changer",
    r"hits the spot",
    r"couldnt put it down",
    r"cant put it down",
    r"like a dream",
    r"exactly what i (?:wanted|"
    r"needed|ordered)",
    r"customer for life",
    # a fan who longed for something and gave in: "been eyeing it for weeks… finally caved"
    r"(?:finally|i|i just|and) (?:caved|gave in)(?! (?:in|on|to (?:pressure|their)))",
    r"caved and (?:bought|ordered|got)",
    r"treated myself",
    r"treat myself",
    r"(?:couldnt|could not|cant|can not|cannot) resist",
    r"took the plunge",
    r"(?:stalking|eyeing|eying|lusting after|drooling over) (?:\w+ ){0,3}for (?:days|weeks|months|"
    r"ages|years)",
    r"what more could (?:you|i|anyone) (?:want|ask)",
    r"who knew",
    r"a\+",
    r"chefs kiss",
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
    r"thanks anyway",
    r"thank you anyway",
    r"thanks in advance",
    r"thank you in advance",
    r"thanks for nothing",
    r"no thanks",
    r"thanks but",
    r"thanks to",
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
    r"🙃",
    r"🙄",
    r"🤦",
    r"yeah right",
    r"thanks a lot",
    r"thanks for nothing",
    r"cheers for nothing",
    r"love that for me",
    r"cool cool",
    r"just what i needed",
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
    r"only half",
    r"half (?:full|empty|filled|fill)",
    r"forgot (?:to|the|my|our)",
    r"hacked",
    r"invalid",
    r"out of stock",
    r"(?:taken|took|taking|charged|charging) (?:my |me |our )?money",
    r"not (?:receiving|received|working|loading|charging)",
    r"wont (?:let|load|work|open)",
    r"keeps? (?:crashing|freezing|dropping|failing|logging)",
    r"crash(?:es|ing)?",
    r"frozen",
    r"draining",
    r"drains",
    r"kills? (?:my|the) battery",
    r"(?:is|was|are) (?:down|broken)",
    r"scam(?:med)?",
    r"ripped off",
    r"rip off",
    r"disconnected",
    r"no (?:signal|service|wifi|"
    r"internet|power|response|reply)",
    r"error",
    r"declined",
    r"refused",
    r"locked out",
    # what real customers write when something does not work
    r"not (?:allowing|letting)",
    r"(?:wont|doesnt|didnt|dont) (?:allow|let) (?:me|us)",
    r"no luck",
    r"unhelpful",
    r"glitchy",
    r"glitch(?:es)?",
    r"outage",
    r"(?:very |so |too )slow",
    r"slow(?:down|ed down)",
    r"lagg?ing",
    r"(?:missed|miss) (?:the|my|our) (?:connection|flight|"
    r"train)",
    r"fault",
    r"cumbersome",
    r"not keen",
    r"cancell?ed (?:my|our|the)",
    r"(?:lost|losing) (?:my|our) (?:\w+ )?(?:data|money|points|miles|booking|order|account)",
)
# A demand to put something right, or to be answered at last: something went wrong.
_DEMAND = _phrases(
    r"fix (?:it|this|that|the|my|your)",
    r"(?:needs?|has) to be (?:fixed|sorted|resolved)",
    r"get back to (?:me|us)",
    r"help me",
    r"help already",
    r"figure it out",
    r"(?:please |pls )?(?:respond|answer|reply)(?: to (?:me|my \w+))?(?: already| asap| now)",
    r"immediately",
    r"asap",
    r"urgent(?:ly)?",
    r"sort (?:it|this) out",
    r"sort it",
    r"do (?:something|better)",
    r"not good enough",
    r"unacceptable",
    r"ridiculous",
    r"take (?:it|this) seriously",
    r"any(?:one|body) (?:there|home|listening)",
    r"hello\?*$",
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
    r"order",
    r"ordered",
    r"orders",
    r"parcel",
    r"package",
    r"delivery",
    r"delivered",
    r"arrive",
    r"arrives",
    r"arrived",
    r"courier",
    r"postman",
    r"tracking",
    r"refund",
    r"waiting",
    r"wait",
    r"week",
    r"weeks",
    r"days",
    r"month",
    r"months",
    r"again",
    r"another",
    r"still",
    r"checkout",
    r"payment",
    r"email",
    r"reply",
    r"sent",
    r"send",
    r"received",
    r"got",
)

# What a customer's unhappiness is about when it is about the shop, not the weather or their back.
_SERVICE_CONTEXT = _phrases(
    r"orders?",
    r"ordered",
    r"parcel",
    r"package",
    r"delivery",
    r"delivered",
    r"arrived?",
    r"courier",
    r"tracking",
    r"refund",
    r"waiting",
    r"waited",
    r"checkout",
    r"payment",
    r"paid",
    r"email",
    r"reply",
    r"service",
    r"staff",
    r"website",
    r"site",
    r"app",
    r"account",
    r"price",
    r"prices",
    r"quality",
    r"item",
    r"product",
    r"bought",
    r"purchase",
    r"received",
    r"sent",
    r"shop",
    r"store",
    r"you",
    r"your",
    r"u",
    r"ur",
)
# Questions that only exclaim: "what more could you want", "who knew".
_RHETORICAL = _phrases(
    r"what more could (?:you|i|anyone|one|we) (?:want|ask for|need)",
    r"who knew",
    r"how do (?:you|they) do it",
    r"where have you been all my life",
    r"need i say more",
    r"how (?:is|are) (?:it|this|these|"
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
_WH = frozenset("what whats when whens where wheres which who whos whom whose why how hows".split())
_AUX = frozenset(
    "do does did can could would will should shall is are was were have has may might".split()
)
_SUBJECT = frozenset(
    "you u ya i we they it this that these those the your ur there he she my a an any anyone "
    "anybody someone somebody one yall".split()
)
_JOINERS = frozenset({"but", "and", "also", "btw", "then", "or"})  # not "so": "so does yours"
_QUESTION_CUES = _phrases(
    r"wondering if",
    r"wondered if",
    r"wondering whether",
    r"id like to know",
    r"i would like to know",
    r"(?:could|can) you tell me",
    r"do you know",
    r"let me know if",
    r"let me know (?:when|whether|how|what)",
    r"(?:please|pls|plz) tell me",
    r"tell me (?:if|when|whether|how|what|where)",
    r"any ideas",
    r"any recommendations",
    r"any suggestions",
    r"any tips",
    r"anyone know",
    r"quick q",
    r"quick question",
    r"is it possible",
    r"would it be possible",
    r"i was wondering",
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
