"""Triage: accuracy on labelled mentions, the reasons it gives, and that no post breaks it.

Four sets, each with its own standing (scores and per-kind tables print with `pytest -s`):

- labelled (tests/app/data/triage_labelled.jsonl): written before the rules and tuned on, so its
  score flatters them;
- holdout and the demo shop's posts (triage_holdout.jsonl; triage_demo_labels.jsonl, whose ids
  point into resources/demo/shop.json): development sets. Their mistakes were studied by *kind*
  and fixed with general mechanisms, never with their wording, so their scores are optimistic too;
- blind (triage_blind.jsonl, when present): written by someone else and never read by whoever
  tunes the rules. Its score is the honest estimate; the test prints only numbers, never its texts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.triage import rules as triage_rules
from app.domain.triage import Kind, Triage, classify, evaluate

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "triage_labelled.jsonl"
HOLDOUT = DATA / "triage_holdout.jsonl"
DEMO_LABELS = DATA / "triage_demo_labels.jsonl"
BLIND = DATA / "triage_blind.jsonl"
DEMO_SHOP = Path(__file__).parents[2] / "resources" / "demo" / "shop.json"


def load(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [(row["text"], row["kind"]) for row in map(json.loads, lines) if row]


def load_demo() -> list[tuple[str, str]]:
    """The demo shop's labelled posts: {"id", "kind"} lines joined to the posts' texts."""
    posts = {post["id"]: post["text"] for post in json.loads(DEMO_SHOP.read_text("utf-8"))["posts"]}
    with DEMO_LABELS.open(encoding="utf-8") as lines:
        labels = [json.loads(line) for line in lines if line.strip()]
    return [(posts[label["id"]], label["kind"]) for label in labels]


def table(title: str, report: dict, mistakes: bool = True) -> str:
    rows = [f"\n{title}: accuracy {report['accuracy']:.3f} over {report['count']} mentions"]
    rows.append(f"  {'kind':<10} {'precision':>9} {'recall':>7} {'count':>6}")
    for kind, score in report["kinds"].items():
        rows.append(
            f"  {kind:<10} {score['precision']:>9.2f} {score['recall']:>7.2f} {score['count']:>6}"
        )
    for text, expected, got, reason in report["mistakes"] if mistakes else ():
        rows.append(f"  miss: {expected} -> {got} ({reason}): {text}")
    return "\n".join(rows)


# --- the labelled data itself -----------------------------------------------------------------


def test_labelled_set_is_big_enough_and_covers_every_kind() -> None:
    pairs = load(LABELLED)
    counts = Counter(kind for _, kind in pairs)
    assert len(pairs) >= 160
    assert set(counts) == {kind.value for kind in Kind}
    assert min(counts.values()) >= 25
    assert len({text for text, _ in pairs}) == len(pairs), "duplicate texts"


def test_holdout_does_not_overlap_the_labelled_set() -> None:
    holdout = load(HOLDOUT)
    assert len(holdout) >= 40
    assert {kind for _, kind in holdout} == {kind.value for kind in Kind}
    assert not {text for text, _ in holdout} & {text for text, _ in load(LABELLED)}


def test_demo_labels_point_at_demo_posts_and_cover_every_kind() -> None:
    demo = load_demo()  # a KeyError here is a label whose post left the demo shop
    assert len(demo) >= 150
    assert {kind for _, kind in demo} == {kind.value for kind in Kind}


# --- accuracy ---------------------------------------------------------------------------------


def test_accuracy_on_the_labelled_set() -> None:
    report = evaluate(load(LABELLED))
    print(table("labelled (tuned on)", report))
    assert report["accuracy"] >= 0.85


def test_accuracy_on_the_holdout() -> None:
    """A development set: its mistakes were studied by kind, so the floor sits a little under the
    score reached (1.00 over 41 posts when the rules were last changed, 0.56 before that)."""
    report = evaluate(load(HOLDOUT))
    print(table("holdout (development set)", report))
    assert report["accuracy"] >= 0.9


def test_accuracy_on_the_demo_shop() -> None:
    """The demo shop's posts, another writer's: 0.92 when the rules were last changed (0.71 before).

    Some of its labels need the thread a post answers ("ok thank you, will do now" is the end of a
    complaint), which one post's text cannot show; the floor leaves room for those.
    """
    report = evaluate(load_demo())
    print(table("demo shop (development set)", report))
    assert report["accuracy"] >= 0.88


def test_accuracy_on_the_blind_set_if_present() -> None:
    """The honest estimate. The set is written by someone who does not tune the rules, and the
    rules are never tuned on it: only its score and per-kind table are printed, never its posts,
    so whoever runs this stays blind to them. The bar is deliberately low; it only catches a
    classifier that no longer generalises at all."""
    if not BLIND.exists():
        pytest.skip("no blind set yet")
    report = evaluate(load(BLIND))
    print(table("blind (never seen by the tuner)", report, mistakes=False))
    assert report["accuracy"] >= 0.8


def test_speed_is_reported() -> None:
    """Printed, not asserted (timings belong to benchmarks); the test checks the work was done."""
    texts = [text for text, _ in load(LABELLED) + load(HOLDOUT)]
    sample = [texts[i % len(texts)] for i in range(10_000)]
    classify("warm up: load the lexicon")
    start = time.perf_counter()
    kinds = Counter(classify(text).kind for text in sample)
    mean_us = (time.perf_counter() - start) / len(sample) * 1e6
    print(f"\nclassify(): {mean_us:.0f} µs per call over {len(sample)} texts")
    # The work was done, and done the same way each time: the 10,000 calls give what classifying
    # each distinct text once gives, times how often it is in the sample.
    once = {text: classify(text).kind for text in set(sample)}
    assert kinds == Counter(once[text] for text in sample)
    assert len(kinds) >= 4  # the labelled sets hold every kind; a broken classifier gives one


# --- the rules the owner will notice ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        (
            "@juniperandgold my ring arrived broken and I want a refund",
            Kind.COMPLAINT,
            ["broken", "refund"],
        ),
        ("@juniperandgold where is my order?? been 3 weeks", Kind.COMPLAINT, ["where is my"]),
        ("@juniperandgold I was charged twice", Kind.COMPLAINT, ["charged twice"]),
        ("@juniperandgold do you ship to Canada?", Kind.QUESTION, ["do you ship to Canada?"]),
        (
            "@juniperandgold can I order the hoops in gold",
            Kind.QUESTION,
            ["can I order the hoops in gold"],
        ),
        ("@juniperandgold I love it, so beautiful!!!", Kind.PRAISE, ["love", "beautiful"]),
        ("@juniperandgold thank you so much 💛", Kind.PRAISE, ["thank you"]),
        (
            "@juniperandgold double your money with crypto https://t.co/abc",
            Kind.TROLL,
            ["link", "crypto"],
        ),
        ("@juniperandgold #f4f #follow #likes #shop #love #win", Kind.TROLL, ["6 hashtags"]),
        ("@juniperandgold idiot", Kind.TROLL, ["insult", "idiot"]),
        ("@juniperandgold see you at the market on saturday", Kind.OTHER, []),
    ],
)
def test_reason_names_what_decided(text: str, kind: Kind, words: list[str]) -> None:
    result = classify(text)
    assert result.kind is kind, result
    for word in words:
        assert word in result.reason, result


def test_a_question_about_a_problem_is_a_complaint() -> None:
    assert classify("where is my order??").kind is Kind.COMPLAINT
    assert classify("why hasn't my parcel arrived yet?").kind is Kind.COMPLAINT
    assert classify("do you ship to Canada?").kind is Kind.QUESTION


def test_a_problem_a_question_only_imagines_is_a_question() -> None:
    assert classify("what's your returns policy if it doesn't fit").kind is Kind.QUESTION
    assert classify("@kilnfolk if the mug arrives chipped can I get a replacement?").kind is (
        Kind.QUESTION
    )


# --- the general mechanisms, each on wording of its own (none copied from the data sets) ------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a negated bad state is a compliment; a negated delivery is still a problem
        ("@kilnfolk never had a single problem with any of your mugs", Kind.PRAISE),
        ("@kilnfolk no complaints at all, lovely as always", Kind.PRAISE),
        ("@kilnfolk the glaze hasn't faded after a year of dishwashing", Kind.PRAISE),
        ("@kilnfolk my parcel hasn't arrived", Kind.COMPLAINT),
        # after "but" the second clause decides
        ("@kilnfolk usually brilliant but this order came with a cracked lid", Kind.COMPLAINT),
        ("@kilnfolk I adore your mugs normally but the new batch feels cheap", Kind.COMPLAINT),
        # sarcasm about an order
        ("@kilnfolk oh great, another week of waiting for my order", Kind.COMPLAINT),
        ("@kilnfolk brilliant. ordered in may, nothing by july. brilliant.", Kind.COMPLAINT),
        # problems found by structure rather than by word lists
        ("@kilnfolk tracking has said 'awaiting collection' for nine days", Kind.COMPLAINT),
        ("@kilnfolk ordered four candles, only three arrived", Kind.COMPLAINT),
        ("@kilnfolk the bowl I ordered was meant to be here on friday", Kind.COMPLAINT),
        ("@kilnfolk half of the plates were chipped", Kind.COMPLAINT),
        ("@kilnfolk the handle on my jug is wonky", Kind.COMPLAINT),
        # a remedy that came, with thanks, is praise; asked about, a question
        ("@kilnfolk thanks so much for the quick refund, lovely service", Kind.PRAISE),
        ("@kilnfolk can I return a mug if it clashes with my kitchen?", Kind.QUESTION),
        # spam by shape: follower selling, romance openers
        ("@kilnfolk 🚀 get 5k followers overnight, packages from $10", Kind.TROLL),
        ("@kilnfolk hi gorgeous, you caught my eye. are you single?", Kind.TROLL),
        # insults by frame rather than by a list of words
        ("@kilnfolk your potter is a total numpty", Kind.TROLL),
        ("@kilnfolk bunch of amateurs", Kind.TROLL),
        ("@kilnfolk lol 'handthrown'. bet it's from a factory", Kind.TROLL),
        # German "die" is not a death
        ("@kilnfolk Vielen Dank, die Lieferung kommt morgen", Kind.OTHER),
        # talking about the shop, or to a friend, is not talking to it
        ("bought a vase from @kilnfolk for my sister's new flat", Kind.OTHER),
        ("@kilnfolk @sam_r this is the mug I meant", Kind.OTHER),
        # "I'm hopeless with sizes" is about the writer, not the shop
        ("@kilnfolk I'm hopeless with sizes, which jug holds a litre?", Kind.QUESTION),
    ],
)
def test_general_mechanisms(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind, classify(text)


def test_handles_and_links_are_not_read_as_words() -> None:
    # "@brokenbells" and a URL slug would otherwise look like a problem
    text = "@brokenbells @juniperandgold https://x.com/refund/1 see you!"
    assert classify(text).kind is Kind.OTHER


def test_other_languages_still_count_a_question_mark() -> None:
    assert classify("@juniperandgold ¿hacen envíos a México?").kind is Kind.QUESTION
    assert classify("@juniperandgold 日本に発送できますか？").kind is Kind.QUESTION
    assert classify("@juniperandgold هل تشحنون إلى مصر؟").kind is Kind.QUESTION
    assert classify("@juniperandgold 今日はいい天気ですね").kind is Kind.OTHER


# --- robustness and determinism ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00",
        "broken\x00refund\x00?",
        "a" * 10_000,
        "where is my order? " * 600,
        "😀" * 5_000,
        "🏳️‍🌈👨‍👩‍👧‍👦🇬🇧",
        "مرحبا، هل لديكم خواتم فضية",
        "\u202eredro ym si erehw\u202c",
        "\ud800 lone surrogate",
        "\r\n\t\x0b\x0c",
        "@" * 300,
        "http://" * 300,
        "#" * 300,
        "?" * 1000,
    ],
)
def test_odd_input_still_gets_a_suggestion(text: str) -> None:
    result = classify(text)
    assert isinstance(result, Triage)
    assert isinstance(result.kind, Kind)
    assert result.reason


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_a_suggestion(text: str) -> None:
    result = classify(text)
    assert isinstance(result.kind, Kind) and isinstance(result.reason, str) and result.reason


def test_same_text_same_answer_even_after_a_fresh_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [text for text, _ in load(LABELLED)]
    first = [classify(text) for text in texts]
    monkeypatch.setattr(triage_rules, "_analyzer", None)  # as in a new process
    assert [classify(text) for text in texts] == first


def test_importing_triage_does_not_load_the_lexicon() -> None:
    """The lexicon loads on the first classify(), so opening the app does not wait for it."""
    code = "import sys, app.domain.triage; print('vaderSentiment' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_triage_compiles_no_rules() -> None:
    """The window imports triage for ``Kind`` at start; the rules' patterns wait for classify()."""
    code = (
        "import sys, app.domain.triage as t; print('app.domain.triage.rules' in sys.modules); "
        "t.classify('where is my order?'); print('app.domain.triage.rules' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_kind_values_are_what_storage_keeps() -> None:
    assert [kind.value for kind in Kind] == ["complaint", "question", "praise", "troll", "other"]
    assert Kind("troll") is Kind.TROLL


def test_triage_is_immutable() -> None:
    result = classify("thanks!")
    with pytest.raises(AttributeError):
        result.kind = Kind.OTHER  # type: ignore[misc]


# --- evaluate() -------------------------------------------------------------------------------


def test_evaluate_counts_precision_and_recall() -> None:
    report = evaluate(
        [
            ("do you ship to Canada?", "question"),
            ("do you ship to Spain?", Kind.PRAISE),  # deliberately mislabelled
            ("my necklace arrived broken", "complaint"),
        ]
    )
    assert report["count"] == 3
    assert report["accuracy"] == pytest.approx(2 / 3)
    assert report["kinds"]["question"] == {"precision": 0.5, "recall": 1.0, "count": 1}
    assert report["kinds"]["praise"] == {"precision": 0.0, "recall": 0.0, "count": 1}
    assert report["kinds"]["complaint"] == {"precision": 1.0, "recall": 1.0, "count": 1}
    assert report["mistakes"][0][:3] == ("do you ship to Spain?", "praise", "question")


def test_evaluate_of_nothing_is_zero_not_an_error() -> None:
    report = evaluate([])
    assert report["accuracy"] == 0.0 and report["count"] == 0
