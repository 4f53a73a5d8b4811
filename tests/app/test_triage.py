"""Triage: accuracy on our own labelled mentions, the reasons it gives, and that no post breaks it.

The labelled set (tests/app/data/triage_labelled.jsonl) was written before the rules and the rules
were tuned on it, so its score flatters them. The holdout set was written after tuning and never
tuned on: its score is the honest estimate, reported with `pytest -s`.
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

from app.domain import triage
from app.domain.triage import Kind, Triage, classify, evaluate

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "triage_labelled.jsonl"
HOLDOUT = DATA / "triage_holdout.jsonl"


def load(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [(row["text"], row["kind"]) for row in map(json.loads, lines) if row]


def table(title: str, report: dict) -> str:
    rows = [f"\n{title}: accuracy {report['accuracy']:.3f} over {report['count']} mentions"]
    rows.append(f"  {'kind':<10} {'precision':>9} {'recall':>7} {'count':>6}")
    for kind, score in report["kinds"].items():
        rows.append(
            f"  {kind:<10} {score['precision']:>9.2f} {score['recall']:>7.2f} {score['count']:>6}"
        )
    for text, expected, got, reason in report["mistakes"]:
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


# --- accuracy ---------------------------------------------------------------------------------


def test_accuracy_on_the_labelled_set() -> None:
    report = evaluate(load(LABELLED))
    print(table("labelled (tuned on)", report))
    assert report["accuracy"] >= 0.85


def test_accuracy_on_the_holdout_is_reported() -> None:
    """Reported, not held to the labelled set's bar: 41 unseen posts say how the rules generalise.

    The floor is only a tripwire for a rule change that breaks things it was never tuned on; it
    sits well above the 0.27 a constant guess of the largest kind would score.
    """
    report = evaluate(load(HOLDOUT))
    print(table("holdout (never tuned on)", report))
    assert report["accuracy"] >= 0.5


def test_speed_is_reported() -> None:
    """Printed, not asserted (timings belong to benchmarks); the test checks the work was done."""
    texts = [text for text, _ in load(LABELLED) + load(HOLDOUT)]
    sample = [texts[i % len(texts)] for i in range(10_000)]
    classify("warm up: load the lexicon")
    start = time.perf_counter()
    kinds = Counter(classify(text).kind for text in sample)
    mean_us = (time.perf_counter() - start) / len(sample) * 1e6
    print(f"\nclassify(): {mean_us:.0f} µs per call over {len(sample)} texts")
    assert sum(kinds.values()) == len(sample)


# --- the rules the owner will notice ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("@juniperandgold my ring arrived broken and I want a refund", Kind.COMPLAINT,
         ["broken", "refund"]),
        ("@juniperandgold where is my order?? been 3 weeks", Kind.COMPLAINT, ["where is my"]),
        ("@juniperandgold I was charged twice", Kind.COMPLAINT, ["charged twice"]),
        ("@juniperandgold do you ship to Canada?", Kind.QUESTION, ["do you ship to Canada?"]),
        ("@juniperandgold can I order the hoops in gold", Kind.QUESTION,
         ["can I order the hoops in gold"]),
        ("@juniperandgold I love it, so beautiful!!!", Kind.PRAISE, ["love", "beautiful"]),
        ("@juniperandgold thank you so much 💛", Kind.PRAISE, ["thank you"]),
        ("@juniperandgold double your money with crypto https://t.co/abc", Kind.TROLL,
         ["link", "crypto"]),
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
    monkeypatch.setattr(triage, "_analyzer", None)  # as in a new process
    assert [classify(text) for text in texts] == first


def test_importing_triage_does_not_load_the_lexicon() -> None:
    """The lexicon loads on the first classify(), so opening the app does not wait for it."""
    code = "import sys, app.domain.triage; print('vaderSentiment' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


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
