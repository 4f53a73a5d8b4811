"""Triage's cost per mention, in a process of its own: the shipped model against the rules alone.

    python bench/triage_child.py   prints one JSON object

Every text of the sample (real customer tweets) is classified one at a time, three passes, after
one warm-up call that loads the rules, the sentiment lexicon and the model's weights (that load is
reported apart). The model reads each as a reply to the shop, beside a typical answer of the
shop's (its dearer path: the shop's words are read too). The reference is the rules alone,
measured the same way in the same process.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def per_mention_ms(texts: list[str], classify, passes: int = 3) -> list[float]:
    times = []
    for _ in range(passes):
        for text in texts:
            started = time.perf_counter_ns()
            classify(text)
            times.append((time.perf_counter_ns() - started) / 1e6)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    from bench import data

    texts = data.sample_texts()[0][:3000]
    from app.domain.triage import Thread, classify
    from app.domain.triage.embedding import EMBEDDING_FILE
    from app.domain.triage.model import WEIGHTS_FILE

    started = time.perf_counter()
    classify("warm up: where is my order?")
    load_ms = (time.perf_counter() - started) * 1000
    rules = per_mention_ms(texts, lambda text: classify(text, False))
    thread = Thread(
        Thread.SHOP,
        "@116411 Sorry to hear that! Could you send us a DM with your order number and the"
        " postcode it was going to? We'll look into it straight away.",
    )
    model = per_mention_ms(texts, lambda text: classify(text, thread=thread))
    print(
        json.dumps(
            {
                "texts": len(texts),
                "load_ms": load_ms,
                "model_kib": WEIGHTS_FILE.stat().st_size / 1024,
                "embedding_kib": EMBEDDING_FILE.stat().st_size / 1024
                if EMBEDDING_FILE.exists()
                else 0,
                "model": {
                    "p50_ms": statistics.median(model),
                    "p95_ms": percentile(model, 0.95),
                    "mean_ms": statistics.fmean(model),
                },
                "rules": {
                    "p50_ms": statistics.median(rules),
                    "p95_ms": percentile(rules, 0.95),
                    "mean_ms": statistics.fmean(rules),
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
